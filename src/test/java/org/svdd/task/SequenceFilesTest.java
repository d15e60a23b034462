package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceFilesTest {
  /** Names as svdd writes them beside a score lose the score; every other name is kept as it is. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "hairpin reward=5.40 | hairpin",
      "svdd-0 reward=7.555 n1cccc(Nc2ccccc2C)c1C | svdd-0",
      "2,4-dinitrophenol reward=-0.12 | 2,4-dinitrophenol",
      "svdd-3 reward=NaN | svdd-3",
      "ethanol, absolute | ethanol, absolute",
      "reward=5.40 | reward=5.40",
      "my reward model | my reward model",
      "lib.smi:3 | lib.smi:3"})
  void withoutReward_dropsOnlySvddsOwnScore(String name, String expected) {
    assertEquals(expected, SequenceFiles.withoutReward(name));
  }
}
