package org.svdd.core.method;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The sampling methods this engine serves, by their names on the command line and in job specs, each with the
 * {@link Trait}s that decide how the engine runs it: what a particle's step draws and keeps, and whether the
 * population meets at a barrier after every step. The method-specific parts beyond these live in
 * {@link ParticleStep} (a particle's step), {@link PopulationStep} (the barrier and the end) and {@link SearchTree}.
 */
public enum Method {
  /** Plain ancestral sampling from the pre-trained model. */
  PRETRAINED("pretrained"),
  /** N·M pre-trained samples, the N with the highest reward kept (equal compute to SVDD). */
  BEST_OF_N("best-of-n", Trait.DRAWS_N_TIMES_M),
  /** Sequential Monte Carlo (TDS-style): one child per particle, population resampling by value gain. */
  SMC("smc", Trait.WEIGHTS_PARTICLES, Trait.POPULATION_BARRIER),
  /** Soft value-based decoding: M children per particle, one kept by softmax(value / alpha). */
  SVDD("svdd", Trait.SELECTS_AMONG_CHILDREN),
  /**
   * SVDD with replacement (SVDD-R, the later version of arXiv 2408.08252): SVDD's step, then on its
   * {@link Replacement} schedule the worst particles by value are replaced by copies of particles drawn from
   * the population by exponential tilting, softmax(value / alpha).
   */
  SVDD_R("svdd-r", Trait.SELECTS_AMONG_CHILDREN, Trait.POPULATION_BARRIER),
  /**
   * Feynman–Kac steering (Singhal et al., arXiv 2501.06848): SMC's one child per particle and population
   * resampling, with the resampling weights a {@link Potential} of the values along each lineage (max,
   * sum, or the difference, which is plain SMC).
   */
  FK("fk", Trait.WEIGHTS_PARTICLES, Trait.POPULATION_BARRIER),
  /**
   * Beam search over the denoising chain (after DSearch, Li et al., arXiv 2503.02039): every particle draws M
   * children and values them; at a barrier the population keeps the highest-valued distinct children of all
   * particles, as many as its {@link BeamSchedule} allows at that step, and the N particles continue from them
   * (a narrower beam gives each of its members more particles, so more children: the budget stays N·M per step).
   */
  BEAM("beam", Trait.SELECTS_AMONG_CHILDREN, Trait.POPULATION_BARRIER),
  /**
   * Tree search over the denoising chain (after Diffusion Tree Sampling, arXiv 2506.20701): N·M pre-trained
   * rollouts in M rounds of N, each starting from a node of one shared {@link SearchTree}, their rewards
   * backed up by soft values and the tree reused by later rollouts.
   */
  TREE("tree", Trait.DRAWS_N_TIMES_M);

  /** How a method runs, in the terms the engine needs. */
  public enum Trait {
    /** M multiplies the trajectories drawn: N·M pre-trained samples or rollouts, scored once they are done. */
    DRAWS_N_TIMES_M,
    /** A particle draws M children at a guided step and keeps one by soft value (or offers them all: beam). */
    SELECTS_AMONG_CHILDREN,
    /** Particles carry importance weights and the population is resampled by them. */
    WEIGHTS_PARTICLES,
    /** The population synchronises after every step (resampling, replacement, the beam's choice). */
    POPULATION_BARRIER
  }

  private final String label;
  private final Set<Trait> traits;

  Method(String label, Trait... traits) {
    this.label = label;
    this.traits = traits.length == 0 ? EnumSet.noneOf(Trait.class) : EnumSet.of(traits[0], traits);
  }

  public boolean has(Trait trait) {
    return traits.contains(trait);
  }

  public String label() {
    return label;
  }

  /** Whether particles carry importance weights and the population is resampled by them (smc, fk). */
  public boolean weightsParticles() {
    return has(Trait.WEIGHTS_PARTICLES);
  }

  /**
   * Whether the method values the children of intermediate steps, so that a guidance schedule, an early reward and
   * a value estimator change what it does: not pretrained, best-of-n or tree, which score samples once they are done.
   */
  public boolean valuesIntermediateSteps() {
    return has(Trait.SELECTS_AMONG_CHILDREN) || has(Trait.WEIGHTS_PARTICLES);
  }

  public static Method parse(String text) {
    for (Method m : values()) {
      if (m.label.equals(text.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown method '" + text + "'; allowed: " + Arrays.stream(values()).map(Method::label).toList());
  }
}
