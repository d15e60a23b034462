package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The train / held-out split every task's data goes through: by design, deduplicated, the same for the same seed. */
class DataSplitTest {
  private static List<SequenceFiles.Entry> designs(int count) {
    List<SequenceFiles.Entry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new SequenceFiles.Entry("d" + i, "SEQ" + i));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42})
  void of_splitsByDesign_disjointAndWhole_theHeldOutShareRounded(long seed) {
    List<SequenceFiles.Entry> all = designs(101);
    DataSplit split = DataSplit.of(all, 0.1, seed);
    assertEquals(10, split.heldOut().size(), "round(101 x 0.1)");
    assertEquals(91, split.train().size());
    Set<String> held = new HashSet<>();
    split.heldOut().forEach(e -> held.add(e.sequence()));
    assertTrue(split.train().stream().noneMatch(e -> held.contains(e.sequence())), "no design in both parts");
    Set<SequenceFiles.Entry> both = new HashSet<>(split.train());
    both.addAll(split.heldOut());
    assertEquals(new HashSet<>(all), both, "every design in one part");
    assertEquals(split, DataSplit.of(all, 0.1, seed), "the same inputs and seed, the same split");
  }

  @Test
  void of_anotherSeed_holdsOutOtherDesigns() {
    assertNotEquals(DataSplit.of(designs(200), 0.1, 1).heldOut(), DataSplit.of(designs(200), 0.1, 2).heldOut());
  }

  @Test
  void of_duplicateDesigns_keepsTheFirstName_once() {
    List<SequenceFiles.Entry> all = new ArrayList<>(designs(3));
    all.add(new SequenceFiles.Entry("again", "SEQ1"));
    DataSplit split = DataSplit.of(all, 0, 7);
    assertEquals(List.of(), split.heldOut());
    assertEquals(3, split.train().size());
    assertTrue(split.train().contains(new SequenceFiles.Entry("d1", "SEQ1")), split.train().toString());
    assertTrue(split.train().stream().noneMatch(e -> e.name().equals("again")), split.train().toString());
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1, 1.5, Double.NaN})
  void of_aFractionOutsideZeroToOne_isRefused(double fraction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSplit.of(designs(5), fraction, 1));
    assertEquals("held-out fraction must be in [0, 1), got " + fraction, e.getMessage());
  }
}
