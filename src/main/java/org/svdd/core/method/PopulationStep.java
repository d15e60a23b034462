package org.svdd.core.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.core.select.SoftValueSelector;

/**
 * The population-level parts of the baselines, done at a barrier over all particles wherever they run.
 *
 * <p>SMC (TDS-style, as compared in arXiv 2408.08252, Sec. 6): particles carry log-weights
 * Σ (v_{t-1} - v_t) / alpha; when the effective sample size falls below essThreshold · N the population
 * is resampled and the weights reset. FK steering does the same with its {@link Potential}'s weights, which
 * for max and sum stay with the lineage through resampling. After the last step the population is resampled once more so the
 * returned set is unweighted. Best-of-N keeps the N highest rewards of N·M pre-trained samples.
 */
public final class PopulationStep {
  private PopulationStep() {}

  /** The first state of every trajectory of a job: each particle's prior, from its own stream. */
  public static List<Trajectory> initial(SamplingPlan plan, DiffusionProcess process) {
    List<Trajectory> population = new ArrayList<>(plan.trajectories());
    for (int i = 0; i < plan.trajectories(); i++) {
      population.add(Trajectory.start(i, process.prior(RandomStream.of(plan.seed(), Purpose.PRIOR, i))));
    }
    return population;
  }

  /** What the population does at the barrier after {@code step} steps: SMC resampling or SVDD-R replacement. */
  public static List<Trajectory> atBarrier(List<Trajectory> population, SamplingPlan plan, int step) {
    return atBarrier(population, List.of(), plan, step);
  }

  /**
   * What the population does at the barrier after {@code step} steps: SMC resampling, SVDD-R replacement, or
   * beam search's choice among the particles' trajectories and the {@code alternatives} they offered.
   */
  public static List<Trajectory> atBarrier(List<Trajectory> population, List<Trajectory> alternatives,
      SamplingPlan plan, int step) {
    return switch (plan.method()) {
      case SVDD_R -> replaceWorst(population, plan, step);
      case BEAM -> keepBeam(population, alternatives, plan, step);
      default -> resampleIfDegenerate(population, plan, step);
    };
  }

  /**
   * Beam search (after DSearch, arXiv 2503.02039): after a guided step, the highest-valued distinct states
   * among all particles' valued children, as many as the {@link BeamSchedule}'s width, are kept; particle i
   * continues from the (i mod width)-th best under its own random streams, so a member shared by several
   * particles grows several subtrees. Ties go to the lower particle, then to the child drawn first. After an
   * unguided step the population stays as it is.
   */
  static List<Trajectory> keepBeam(List<Trajectory> population, List<Trajectory> alternatives, SamplingPlan plan,
      int step) {
    List<Trajectory> ordered = new ArrayList<>(population);
    ordered.sort(Comparator.comparingInt(Trajectory::particle));
    if (!plan.guides(step - 1)) {
      return ordered;
    }
    List<Trajectory> candidates = new ArrayList<>(ordered);
    candidates.addAll(alternatives);
    List<Trajectory> ranked = new ArrayList<>(candidates.size());
    java.util.Set<org.svdd.core.diffusion.State> seen = new java.util.HashSet<>();
    List<Trajectory> byValue = new ArrayList<>(candidates);
    // a stable sort: among equal values, the particles' own choices (in particle order) come first
    byValue.sort(Comparator.comparingDouble((Trajectory t) -> -t.value()).thenComparingInt(Trajectory::particle));
    for (Trajectory t : byValue) {
      if (seen.add(t.state())) {
        ranked.add(t);
      }
    }
    int width = Math.min(ranked.size(), plan.beam().width(step, plan.steps(), ordered.size()));
    List<Trajectory> next = new ArrayList<>(ordered.size());
    for (int i = 0; i < ordered.size(); i++) {
      Trajectory kept = ranked.get(i % width);
      next.add(kept.adoptedBy(i));
    }
    return next;
  }

  /**
   * SVDD-R: after the intermediate steps its {@link Replacement} schedule names, the ⌈fraction·N⌉ particles
   * of lowest value are replaced by copies of particles drawn from the whole population with probabilities
   * softmax(value / alpha) (alpha = 0: the best). A copy continues under its new particle's random streams.
   * After the last step nothing is replaced: the samples are the particles' own.
   */
  static List<Trajectory> replaceWorst(List<Trajectory> population, SamplingPlan plan, int step) {
    List<Trajectory> ordered = new ArrayList<>(population);
    ordered.sort(Comparator.comparingInt(Trajectory::particle));
    if (step == plan.steps() || ordered.size() < 2 || !plan.replacement().after(step)) {
      return ordered;
    }
    int replaced = plan.replacement().count(ordered.size());
    List<Trajectory> worstFirst = new ArrayList<>(ordered);
    worstFirst.sort(Comparator.comparingDouble(Trajectory::value).thenComparingInt(Trajectory::particle));
    double[] values = ordered.stream().mapToDouble(Trajectory::value).toArray();
    RandomStream random = RandomStream.of(plan.seed(), Purpose.RESAMPLE, step);
    List<Trajectory> next = new ArrayList<>(ordered);
    for (int k = 0; k < replaced; k++) {
      Trajectory worst = worstFirst.get(k);
      Trajectory donor = ordered.get(SoftValueSelector.select(values, plan.alpha(), random.nextDouble()));
      next.set(ordered.indexOf(worst), donor.adoptedBy(worst.particle()));
    }
    return next;
  }

  /** The effective sample size of a population's importance weights (smc, fk): N when they are equal. */
  public static double effectiveSampleSize(List<Trajectory> population) {
    double[] logWeights = population.stream().mapToDouble(Trajectory::logWeight).toArray();
    return SoftValueSelector.effectiveSampleSize(SoftValueSelector.normalise(logWeights));
  }

  /** Whether a weighted population is resampled after {@code step} steps: its ESS is low, or the last step is done. */
  public static boolean resamples(List<Trajectory> population, SamplingPlan plan, int step) {
    return resamples(effectiveSampleSize(population), population.size(), plan, step);
  }

  /** Whether a weighted population of {@code size} whose ESS is {@code ess} is resampled after {@code step} steps. */
  public static boolean resamples(double ess, int size, SamplingPlan plan, int step) {
    return step == plan.steps() || ess < plan.essThreshold() * size;
  }

  /** Resamples an SMC population after {@code step} steps if its ESS is low (always after the last). */
  public static List<Trajectory> resampleIfDegenerate(List<Trajectory> population, SamplingPlan plan, int step) {
    List<Trajectory> ordered = new ArrayList<>(population);
    ordered.sort(Comparator.comparingInt(Trajectory::particle));
    if (!resamples(ordered, plan, step)) {
      return ordered;
    }
    double[] weights = SoftValueSelector.normalise(ordered.stream().mapToDouble(Trajectory::logWeight).toArray());
    int[] ancestors = plan.resampler().ancestors(weights, ordered.size(), RandomStream.of(plan.seed(), Purpose.RESAMPLE, step));
    boolean reset = plan.method() != Method.FK || plan.potential().resetOnResample();
    List<Trajectory> next = new ArrayList<>(ordered.size());
    for (int i = 0; i < ancestors.length; i++) {
      Trajectory ancestor = ordered.get(ancestors[i]);
      next.add(reset ? ancestor.adoptedBy(ordered.get(i).particle()) : ancestor.continuedBy(ordered.get(i).particle()));
    }
    return next;
  }

  /** The final samples of a finished population: Best-of-N keeps the top N (unscored ones last), others keep all. */
  public static List<Sample> finish(List<Trajectory> population, SamplingPlan plan) {
    List<Sample> samples = new ArrayList<>();
    for (Trajectory t : population) {
      samples.add(new Sample(t.particle(), t.state(), t.reward()));
    }
    samples.sort(Comparator.comparingInt(Sample::particle));
    if (plan.method() != Method.BEST_OF_N) {
      return samples;
    }
    samples.sort(Comparator.comparingDouble((Sample s) -> s.reward().failed() ? Double.POSITIVE_INFINITY : -s.reward().value())
        .thenComparingInt(Sample::particle));
    // fewer than N when an oracle budget ended the draws early
    List<Sample> kept = new ArrayList<>(samples.subList(0, Math.min(plan.particles(), samples.size())));
    kept.sort(Comparator.comparingInt(Sample::particle));
    return kept;
  }
}
