package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuidanceScheduleTest {

  private static List<Integer> guided(GuidanceSchedule g, int steps) {
    List<Integer> out = new ArrayList<>();
    IntStream.range(0, steps).filter(s -> g.guides(s, steps)).forEach(out::add);
    return out;
  }

  @Test
  void guides_everyStepByDefault() {
    assertEquals(List.of(0, 1, 2, 3), guided(GuidanceSchedule.EVERY_STEP, 4));
  }

  @Test
  void guides_everyKthStep_countingBackFromTheLast() {
    assertEquals(List.of(0, 3, 6, 9), guided(new GuidanceSchedule(3, 1), 10));
    assertEquals(List.of(1, 3, 5, 7), guided(new GuidanceSchedule(2, 1), 8));
  }

  @Test
  void guides_onlyTheLastFraction() {
    assertEquals(List.of(6, 7), guided(new GuidanceSchedule(1, 0.25), 8));
    assertEquals(List.of(25, 27, 29, 31), guided(new GuidanceSchedule(2, 0.2), 32), "a window of ceil(6.4) = 7 steps");
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 32", "4, 1, 32", "7, 0.3, 50", "100, 1, 16", "1, 0.01, 16"})
  void guides_alwaysTheLastStep(int every, double fraction, int steps) {
    GuidanceSchedule g = new GuidanceSchedule(every, fraction);
    assertTrue(g.guides(steps - 1, steps));
    assertEquals(guided(g, steps).size(), g.guidedSteps(steps));
  }

  @Test
  void constructor_badValues_nameTheField() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new GuidanceSchedule(0, 1)).getMessage()
        .startsWith("guidance.every must be between 1 and 4096"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new GuidanceSchedule(1, 0)).getMessage()
        .startsWith("guidance.last_fraction must lie in (0, 1]"));
    assertThrows(IllegalArgumentException.class, () -> new GuidanceSchedule(1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new GuidanceSchedule(1, Double.NaN));
  }

  @Test
  void capped_keepsTheLastGuidedSteps() {
    assertEquals(List.of(5, 7), guided(new GuidanceSchedule(2, 1).capped(2), 8));
    assertEquals(List.of(7), guided(GuidanceSchedule.EVERY_STEP.capped(5).capped(1), 8));
    assertEquals(List.of(0, 1, 2), guided(GuidanceSchedule.EVERY_STEP.capped(10), 3), "a cap above the schedule changes nothing");
    assertThrows(IllegalArgumentException.class, () -> GuidanceSchedule.EVERY_STEP.capped(0));
  }
}
