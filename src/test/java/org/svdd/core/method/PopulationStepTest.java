package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.select.SoftValueSelector;

/** SVDD-R's replacement at the barrier: the worst particles by value become copies drawn by tilted value. */
class PopulationStepTest {

  /** Particle i at value {@code values[i]}, its state marking whose it is. */
  private static List<Trajectory> population(double... values) {
    List<Trajectory> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new Trajectory(i, 3, new TokenState(new int[] {i}), null, values[i], 0.5, null));
    }
    return out;
  }

  private static double[] ascending(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i * 7) % n;
    }
    return v;
  }

  @ParameterizedTest
  @CsvSource({"20, 1", "40, 2", "41, 3", "2, 1"})
  void argmax_replacesTheCeilOfFivePercentLowest_byCopiesOfTheBest(int n, int replaced) {
    double[] values = ascending(n);
    SamplingPlan plan = SamplingPlan.of(Method.SVDD_R, n, 4, 0, 10, 1);
    List<Trajectory> before = population(values);
    List<Trajectory> after = PopulationStep.atBarrier(before, plan, 3);
    int best = SoftValueSelector.argmax(values);
    int changed = 0;
    for (int i = 0; i < n; i++) {
      Trajectory t = after.get(i);
      assertEquals(i, t.particle(), "particles keep their indices");
      if (t.state() != before.get(i).state()) {
        changed++;
        assertTrue(values[i] < replaced, "particle " + i + " (value " + values[i] + ") is among the lowest");
        assertSame(before.get(best).state(), t.state(), "a copy of the best");
        assertEquals(values[best], t.value());
        assertEquals(0, t.logWeight());
      }
    }
    assertEquals(replaced, changed);
  }

  @Test
  void aSchedule_replacesItsFraction_onlyAfterEveryKthStep() {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD_R, 20, 4, 0, 10, 1).withReplacement(new Replacement(0.25, 3));
    List<Trajectory> before = population(ascending(20));
    for (int step = 1; step < 10; step++) {
      List<Trajectory> after = PopulationStep.atBarrier(before, plan, step);
      long changed = java.util.stream.IntStream.range(0, 20).filter(i -> after.get(i).state() != before.get(i).state()).count();
      assertEquals(step % 3 == 0 ? 5 : 0, changed, "after step " + step);
    }
  }

  @Test
  void afterTheLastStep_nothingIsReplaced() {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD_R, 20, 4, 0, 10, 1);
    List<Trajectory> before = population(ascending(20));
    List<Trajectory> after = PopulationStep.atBarrier(before, plan, 10);
    for (int i = 0; i < 20; i++) {
      assertSame(before.get(i).state(), after.get(i).state());
    }
  }

  @Test
  void aHighTemperature_drawsDonorsFromTheWholePopulation() {
    Set<Object> donors = new HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      SamplingPlan plan = SamplingPlan.of(Method.SVDD_R, 20, 4, 1e6, 10, seed);
      List<Trajectory> before = population(ascending(20));
      donors.add(PopulationStep.atBarrier(before, plan, 2).stream().filter(t -> t.state() != before.get(t.particle()).state())
          .findFirst().map(Trajectory::state).orElse(before.get(0).state()));
    }
    assertTrue(donors.size() > 5, "distinct donors over 40 seeds: " + donors.size());
  }
}
