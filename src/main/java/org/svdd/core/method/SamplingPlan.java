package org.svdd.core.method;

import org.svdd.core.select.Resampler;

/**
 * The algorithmic settings of one sampling job, validated on construction with errors that name the
 * field and what is allowed.
 *
 * @param method sampling method
 * @param particles N, the number of samples returned
 * @param candidates M, children per particle per step (SVDD) or the compute multiplier (Best-of-N)
 * @param alpha temperature of the soft value; 0 is greedy
 * @param steps T, denoising steps
 * @param seed root of every random stream of the job
 * @param value value estimator
 * @param rollouts K, completions per child for the rollout estimator
 * @param essThreshold SMC resamples when ESS &lt; essThreshold · N
 * @param resampler SMC resampling scheme
 * @param guidance which steps SVDD and SMC value their children at; the others take one pre-trained child
 * @param rewards which reward values each guided step, and the final samples
 * @param replacement SVDD-R's replacement schedule (ignored by the other methods)
 * @param potential FK steering's potential (fk only; SMC is fk with the difference potential)
 * @param beam beam search's widths (beam only)
 * @param adaptive adaptive candidates (svdd only): M per guided step as a budget spent where values spread
 * @param maxOracleSeconds oracle-seconds the job may spend (0: no limit); once spent, svdd stops guiding (the
 *     remaining steps take one pre-trained child, the final designs are still scored), tree search starts no
 *     new round, and best-of-n and pre-trained keep the designs already scored. Counted as the oracle reports
 *     its work, so where it ends depends on timing: the one setting that makes samples depend on more than the seed.
 */
public record SamplingPlan(
    Method method,
    int particles,
    int candidates,
    double alpha,
    int steps,
    long seed,
    ValueEstimator value,
    int rollouts,
    double essThreshold,
    Resampler resampler,
    GuidanceSchedule guidance,
    RewardSchedule rewards,
    Replacement replacement,
    Potential potential,
    BeamSchedule beam,
    AdaptiveCandidates adaptive,
    double maxOracleSeconds) {

  public static final int MAX_PARTICLES = 4096;
  public static final int MAX_CANDIDATES = 256;
  public static final int MAX_STEPS = 4096;
  public static final int MAX_ROLLOUTS = 64;
  /** Trajectories one job may simulate (Best-of-N draws N·M). */
  public static final int MAX_TRAJECTORIES = 65_536;
  /** States one tree search may keep (every rollout's path). */
  public static final long MAX_TREE_STATES = 4_194_304;
  /**
   * The least alpha of the methods that weight particles (smc, fk). Below it exp(v/alpha) puts all the weight on one
   * particle for any value difference that matters, so nothing is gained; far below it (1e-300 and less) the
   * log-weights (v - v')/alpha, which are kept as they are, overflow to infinities whose sums are undefined.
   */
  public static final double MIN_WEIGHTING_ALPHA = 1e-6;

  public SamplingPlan {
    if (method == null) {
      throw new IllegalArgumentException("method is required");
    }
    requireRange("particles", particles, 1, MAX_PARTICLES);
    requireRange("candidates", candidates, 1, MAX_CANDIDATES);
    requireRange("steps", steps, 1, MAX_STEPS);
    requireRange("rollouts", rollouts, 1, MAX_ROLLOUTS);
    if (method.has(Method.Trait.DRAWS_N_TIMES_M) && (long) particles * candidates > MAX_TRAJECTORIES) {
      throw new IllegalArgumentException(method.label() + " draws particles x candidates = " + (long) particles * candidates
          + " trajectories; at most " + MAX_TRAJECTORIES);
    }
    if (method == Method.TREE && (long) particles * candidates * steps > MAX_TREE_STATES) {
      throw new IllegalArgumentException("tree keeps every rollout's states: particles x candidates x steps = "
          + (long) particles * candidates * steps + "; at most " + MAX_TREE_STATES);
    }
    if (!(alpha >= 0)) {
      throw new IllegalArgumentException("alpha must be >= 0 (0 is greedy), got " + alpha);
    }
    if (method.weightsParticles() && (alpha == 0 || Double.isInfinite(alpha))) {
      throw new IllegalArgumentException("alpha must be a positive finite number for " + method.label()
          + " (its weights are exp(v/alpha)), got " + alpha);
    }
    if (method.weightsParticles() && alpha < MIN_WEIGHTING_ALPHA) {
      throw new IllegalArgumentException("alpha must be at least 1e-6 for " + method.label()
          + ": below it exp(v/alpha) gives one particle all the weight, and v/alpha overflows for the smallest; got "
          + alpha);
    }
    if (!(essThreshold >= 0 && essThreshold <= 1)) {
      throw new IllegalArgumentException("ess_threshold must lie in [0, 1], got " + essThreshold);
    }
    if (value == null || resampler == null || guidance == null || rewards == null || replacement == null
        || potential == null || beam == null || adaptive == null) {
      throw new IllegalArgumentException("value estimator, resampler, guidance, reward and replacement schedules are required");
    }
    if (adaptive.on() && method != Method.SVDD) {
      throw new IllegalArgumentException("adaptive candidates are for method svdd; " + method.label() + " takes none");
    }
    if (adaptive.probe() > candidates) {
      throw new IllegalArgumentException("adaptive.probe (" + adaptive.probe() + ") cannot exceed the candidates ("
          + candidates + "): M per guided step is the budget it spends");
    }
    if (!(maxOracleSeconds >= 0 && maxOracleSeconds < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "budget.max_oracle_seconds must be a positive number of seconds (0: no limit), got " + maxOracleSeconds);
    }
    if (maxOracleSeconds > 0 && method.has(Method.Trait.POPULATION_BARRIER)) {
      throw new IllegalArgumentException("budget.max_oracle_seconds is for methods svdd, tree, best-of-n and "
          + "pretrained; " + method.label() + " moves its population together at every step, so it takes an oracle "
          + "request budget (budget.max_oracle_requests) instead");
    }
    if (method == Method.BEAM && value == ValueEstimator.MC) {
      throw new IllegalArgumentException("method beam ranks the children of every particle by their reward "
          + "(value pm or rollout); value mc is not supported with it");
    }
    if (value == ValueEstimator.MC && !ValueEstimator.isValueNetwork(rewards.early())) {
      if (!rewards.early().isEmpty()) {
        throw new IllegalArgumentException("value mc values the early steps by the reward's value network; "
            + "it takes no early_value.reward (got '" + rewards.early() + "')");
      }
      rewards = new RewardSchedule(rewards.reward(), ValueEstimator.valueNetworkOf(rewards.reward()), 0);
    }
  }

  /** A plan without an oracle-seconds budget. */
  public SamplingPlan(Method method, int particles, int candidates, double alpha, int steps, long seed,
      ValueEstimator value, int rollouts, double essThreshold, Resampler resampler, GuidanceSchedule guidance,
      RewardSchedule rewards, Replacement replacement, Potential potential, BeamSchedule beam,
      AdaptiveCandidates adaptive) {
    this(method, particles, candidates, alpha, steps, seed, value, rollouts, essThreshold, resampler, guidance, rewards,
        replacement, potential, beam, adaptive, 0);
  }

  /** A plan whose beam (if any) stays as wide as the particles, with M candidates at every guided step. */
  public SamplingPlan(Method method, int particles, int candidates, double alpha, int steps, long seed,
      ValueEstimator value, int rollouts, double essThreshold, Resampler resampler, GuidanceSchedule guidance,
      RewardSchedule rewards, Replacement replacement, Potential potential) {
    this(method, particles, candidates, alpha, steps, seed, value, rollouts, essThreshold, resampler, guidance, rewards,
        replacement, potential, BeamSchedule.CONSTANT, AdaptiveCandidates.OFF);
  }

  /** A plan with FK's default potential (the difference: plain SMC). */
  public SamplingPlan(Method method, int particles, int candidates, double alpha, int steps, long seed,
      ValueEstimator value, int rollouts, double essThreshold, Resampler resampler, GuidanceSchedule guidance,
      RewardSchedule rewards, Replacement replacement) {
    this(method, particles, candidates, alpha, steps, seed, value, rollouts, essThreshold, resampler, guidance, rewards,
        replacement, Potential.DIFFERENCE);
  }

  /** A plan with the default replacement schedule. */
  public SamplingPlan(Method method, int particles, int candidates, double alpha, int steps, long seed,
      ValueEstimator value, int rollouts, double essThreshold, Resampler resampler, GuidanceSchedule guidance,
      RewardSchedule rewards) {
    this(method, particles, candidates, alpha, steps, seed, value, rollouts, essThreshold, resampler, guidance, rewards,
        Replacement.DEFAULT);
  }

  /** A plan without a reward schedule: the node's default reward throughout. */
  public SamplingPlan(Method method, int particles, int candidates, double alpha, int steps, long seed,
      ValueEstimator value, int rollouts, double essThreshold, Resampler resampler, GuidanceSchedule guidance) {
    this(method, particles, candidates, alpha, steps, seed, value, rollouts, essThreshold, resampler, guidance,
        RewardSchedule.DEFAULT);
  }

  /** This plan with its guidance schedule replaced. */
  public SamplingPlan withGuidance(GuidanceSchedule schedule) {
    return copy(candidates, schedule, rewards, replacement, potential, beam, adaptive);
  }

  /** This plan with its reward schedule replaced. */
  public SamplingPlan withRewards(RewardSchedule schedule) {
    return copy(candidates, guidance, schedule, replacement, potential, beam, adaptive);
  }

  /** This plan with SVDD-R's replacement schedule replaced. */
  public SamplingPlan withReplacement(Replacement schedule) {
    return copy(candidates, guidance, rewards, schedule, potential, beam, adaptive);
  }

  /** This plan with FK steering's potential replaced. */
  public SamplingPlan withPotential(Potential chosen) {
    return copy(candidates, guidance, rewards, replacement, chosen, beam, adaptive);
  }

  /** This plan with beam search's widths replaced. */
  public SamplingPlan withBeam(BeamSchedule widths) {
    return copy(candidates, guidance, rewards, replacement, potential, widths, adaptive);
  }

  /** This plan with the settings a job may change after it is planned (budgets, schedules, method options) replaced. */
  private SamplingPlan copy(int m, GuidanceSchedule g, RewardSchedule r, Replacement rep, Potential p, BeamSchedule b,
      AdaptiveCandidates a) {
    return new SamplingPlan(method, particles, m, alpha, steps, seed, value, rollouts, essThreshold, resampler, g, r, rep, p, b,
        a, maxOracleSeconds);
  }

  /** This plan with an oracle-seconds budget (0: none). */
  public SamplingPlan withOracleSeconds(double seconds) {
    return new SamplingPlan(method, particles, candidates, alpha, steps, seed, value, rollouts, essThreshold, resampler,
        guidance, rewards, replacement, potential, beam, adaptive, seconds);
  }

  /**
   * What a particle runs once the oracle budget is spent: one pre-trained child per step, nothing valued,
   * the final design scored by the job's reward (the pre-trained method with this plan's other settings).
   */
  public SamplingPlan unguided() {
    return new SamplingPlan(Method.PRETRAINED, particles, candidates, alpha, steps, seed, value, rollouts, essThreshold,
        resampler, guidance, rewards, replacement, potential, beam, AdaptiveCandidates.OFF, 0);
  }

  /** This plan with M replaced. */
  public SamplingPlan withCandidates(int m) {
    return copy(m, guidance, rewards, replacement, potential, beam, adaptive);
  }

  /** Whether M multiplies the trajectories drawn (best-of-n's N·M samples, tree search's N·M rollouts). */
  public boolean drawsMTimesN() {
    return method.has(Method.Trait.DRAWS_N_TIMES_M);
  }

  /** This plan with adaptive candidates set. */
  public SamplingPlan withAdaptive(AdaptiveCandidates chosen) {
    return copy(candidates, guidance, rewards, replacement, potential, beam, chosen);
  }

  /** Guided steps from the step from {@code step} on, that one included. */
  public int guidedStepsFrom(int step) {
    int n = 0;
    for (int s = step; s < steps; s++) {
      n += guides(s) ? 1 : 0;
    }
    return n;
  }

  /** The reward valuing the children of the step from {@code step}; the job's reward for the final samples. */
  public String rewardAt(int step) {
    return step >= steps ? rewards.reward() : rewards.at(step, steps);
  }

  /** Plan with the usual defaults: PM values, K = 4, SMC resampling below ESS N/2, systematic. */
  public static SamplingPlan of(Method method, int particles, int candidates, double alpha, int steps, long seed) {
    return new SamplingPlan(
        method, particles, candidates, alpha, steps, seed, ValueEstimator.PM, 4, 0.5, Resampler.SYSTEMATIC,
        GuidanceSchedule.EVERY_STEP);
  }

  /** Trajectories simulated: N, or N·M for Best-of-N (which keeps the best N at the end) and tree search's rollouts. */
  public int trajectories() {
    return drawsMTimesN() ? particles * candidates : particles;
  }

  /**
   * N·M: the rows a round of this job gives the denoiser, at most, in the usual case (N trajectories of M
   * children, or best-of-n's N·M trajectories of one). The denoiser sizes its passes for the job by this
   * number ({@link org.svdd.core.diffusion.Denoiser#microBatchFor}), never by load, so a small job runs
   * small passes and its samples depend on its spec alone. Unchanged by {@link #unguided()}.
   */
  public int denoiseRows() {
    return (int) Math.min(Integer.MAX_VALUE, (long) particles * candidates);
  }

  /**
   * Children drawn first per trajectory at the step from {@code step}: M at SVDD's guided steps (adaptive
   * candidates: the probe, then more where the values spread), else one.
   */
  public int childrenAt(int step) {
    if (!selectsAmongChildren() || !guides(step)) {
      return 1;
    }
    return adaptive.on() ? adaptive.probe() : candidates;
  }

  /** Whether the children of the step from {@code step} are valued (SVDD and SMC, on the schedule). */
  public boolean guides(int step) {
    return valuesEveryStep() && guidance.guides(step, steps);
  }

  /** Steps whose children are valued, on the guidance schedule. */
  public int guidedSteps() {
    return valuesEveryStep() ? guidance.guidedSteps(steps) : 0;
  }

  /** Denoiser rows a run needs at least, every step unguided: N·T (best-of-n: N·M·T). */
  public long minimumDenoiserRows() {
    return (long) trajectories() * steps;
  }

  /**
   * Denoiser rows a guided step costs beyond an unguided one: N·(M − 1) when the children are denoised
   * for their x̂_0 (none for SMC's one child, whose prediction is carried, nor for value-network steps).
   */
  public long extraDenoiserRowsPerGuidedStep() {
    return value == ValueEstimator.MC ? 0 : (long) particles * (childrenPerGuidedStep() - 1);
  }

  /** At most this many rewards asked for per guided step: N·M, or N·M·K with rollout values. */
  public long oracleRequestsPerGuidedStep() {
    return (long) particles * childrenPerGuidedStep() * (value == ValueEstimator.ROLLOUT ? rollouts : 1);
  }

  private int childrenPerGuidedStep() {
    return selectsAmongChildren() ? candidates : 1;
  }

  /** Whether a particle draws M children and keeps one by soft value (SVDD, SVDD-R), or offers all (beam). */
  public boolean selectsAmongChildren() {
    return method.has(Method.Trait.SELECTS_AMONG_CHILDREN);
  }

  /**
   * Whether the method values children during sampling (SVDD, SMC) rather than only the final sample. SVDD with
   * one child per step (and no adaptive draws) has nothing to choose from: its steps are pre-trained ones, valued
   * by nothing, so M = 1 costs what pre-trained sampling costs and samples what it samples.
   */
  public boolean valuesEveryStep() {
    boolean nothingToChoose = method == Method.SVDD && candidates == 1 && !adaptive.on();
    return (selectsAmongChildren() && !nothingToChoose) || method.weightsParticles();
  }

  /** Whether the population synchronises after every step (SMC resampling, SVDD-R replacement, beam). */
  public boolean barrierEveryStep() {
    return method.has(Method.Trait.POPULATION_BARRIER);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
