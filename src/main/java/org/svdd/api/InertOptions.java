package org.svdd.api;

import java.util.stream.IntStream;
import org.svdd.core.method.GuidanceSchedule;
import org.svdd.core.method.Method;
import org.svdd.core.method.RewardSchedule;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.ValueEstimator;

/**
 * Refuses a new job whose options ask for something its plan would never do: an early reward that values no step, an
 * adaptive probe that leaves nothing to adapt, svdd-r that replaces no particle, a population method of one particle.
 * Each would run as a plainer method does while the user believes otherwise, some at a cost (an early reward's node
 * waited for, a population barrier at every step). A stored job an earlier build accepted resumes: only
 * {@link JobSpecs#checkNew} asks this.
 */
final class InertOptions {
  private InertOptions() {}

  static void refuse(SamplingPlan plan) {
    earlyValuesSomeStep(plan);
    probeLeavesSomethingToAdapt(plan);
    populationActs(plan);
  }

  /**
   * An early reward (or value mc's value network) must value some guided step of the schedule asked for: not when
   * every guided step lies in the last fraction the job's reward values, nor when the plan values no step (svdd with
   * one candidate). A budget's cap on guided steps is not counted.
   */
  private static void earlyValuesSomeStep(SamplingPlan plan) {
    RewardSchedule rewards = plan.rewards();
    if (!rewards.hasEarly()) {
      return;
    }
    GuidanceSchedule schedule = plan.guidance().withoutCap();
    int steps = plan.steps();
    boolean used = plan.valuesEveryStep() && IntStream.range(0, steps)
        .anyMatch(s -> schedule.guides(s, steps) && rewards.at(s, steps).equals(rewards.early()));
    if (used) {
      return;
    }
    boolean mc = ValueEstimator.isValueNetwork(rewards.early());
    String early = mc ? "value mc's value network" : "early_value.reward '" + rewards.early() + "'";
    String why = !plan.valuesEveryStep()
        ? plan.method().label() + " with one candidate (M = 1) values no step"
        : "every guided step is among the last " + (int) Math.ceil(rewards.lateFraction() * steps) + " of the "
            + steps + " steps (early_value.late_fraction " + rewards.lateFraction() + "), which the job's reward values"
            + (schedule.lastFraction() < 1 || schedule.every() > 1 ? " (guidance: every " + schedule.every()
                + ", last_fraction " + schedule.lastFraction() + ")" : "");
    String fix = !plan.valuesEveryStep() ? "give it more candidates, or leave it out"
        : mc ? "lower early_value.late_fraction, or use value pm" : "lower early_value.late_fraction, or leave it out";
    throw new IllegalArgumentException(early + " would value no step: " + why + "; " + fix);
  }

  /** A probe of all M children draws them all at every step, as plain svdd does, and saves nothing. */
  private static void probeLeavesSomethingToAdapt(SamplingPlan plan) {
    if (plan.adaptive().on() && plan.adaptive().probe() == plan.candidates()) {
      throw new IllegalArgumentException("adaptive.probe (" + plan.adaptive().probe() + ") is all the candidates (M = "
          + plan.candidates() + "): every guided step would draw all M children, as plain svdd does, saving none for "
          + "steps whose children disagree; give a probe below M, or leave it out");
    }
  }

  /** Resampling, reweighting or replacing one particle changes nothing; svdd-r must replace some particle. */
  private static void populationActs(SamplingPlan plan) {
    Method method = plan.method();
    if (plan.particles() == 1 && (method.weightsParticles() || method == Method.SVDD_R)) {
      throw new IllegalArgumentException(method.label() + " acts on a population of particles; with one particle it "
          + "would run as " + (method == Method.SVDD_R ? "svdd" : "pre-trained sampling, valuing every step for nothing")
          + ": give at least 2 particles");
    }
    if (method != Method.SVDD_R) {
      return;
    }
    if (plan.replacement().count(plan.particles()) == 0) {
      throw new IllegalArgumentException("replacement.fraction 0 replaces no particle: svdd-r would run as svdd, "
          + "waiting for the whole population at every step; use method svdd, or a fraction above 0");
    }
    if (plan.replacement().every() >= plan.steps()) {
      throw new IllegalArgumentException("replacement.every (" + plan.replacement().every() + ") leaves no "
          + "intermediate step of the " + plan.steps() + " to replace particles after: svdd-r would run as svdd; give "
          + "it below " + plan.steps() + ", or use method svdd");
    }
  }
}
