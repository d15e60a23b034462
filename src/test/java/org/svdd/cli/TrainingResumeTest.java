package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a training run again says of the state kept beside its output folder. */
class TrainingResumeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|",
      "3|svdd: going on from the state after epoch 3 of 8 kept in {kept}",
      "8|svdd: all 8 epochs were trained before the stop; writing the model from the state kept in {kept}"})
  void theStateKept_isNamedWithTheEpochItGoesOnFrom(int done, String expected) throws Exception {
    Path out = dir.resolve("model");
    Path kept = TrainingResume.dir(out);
    assertEquals(dir.resolve("model.checkpoint"), kept);
    if (done > 0) {
      Files.createDirectories(kept);
      Files.writeString(kept.resolve("checkpoint.properties"), "epochs.done=" + done + "\nidentity.data=abc\n");
    }
    PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
    try (StagedDir staged = StagedDir.in(out)) {
      TrainingResume.beside(out, staged, 8, Map.of("data", "abc"));
    } finally {
      System.setErr(err);
    }
    assertEquals(expected == null ? "" : expected.replace("{kept}", kept.toString()) + "\n",
        said.toString(StandardCharsets.UTF_8));
  }
}
