package org.svdd.api;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.svdd.api.proto.JobSpec;
import org.svdd.core.method.Method;
import org.svdd.core.method.Replacement;
import org.svdd.core.method.ValueEstimator;

/**
 * Which methods read which of a job spec's fields: one set away from its default for methods none of which reads it
 * would change nothing, so it is refused, naming who reads it. At its default it passes, as in a stored job's spec
 * (every field filled in by {@link JobSpecs#withDefaults}) submitted again.
 */
final class MethodOptions {
  private MethodOptions() {}

  /**
   * Refuses, in a spec as requested (before its defaults), candidates where no method draws M of anything, the ESS
   * threshold or resampler without smc or fk, a replacement without svdd-r, alpha where nothing is chosen by soft
   * value, and rollouts without rollout values.
   */
  static void checkRead(JobSpec.Builder b, List<Method> methods) {
    if (b.hasCandidates() && b.getCandidates() != JobSpecs.DEFAULT_CANDIDATES
        && methods.stream().noneMatch(MethodOptions::readsCandidates)) {
      throw unread("candidates", "methods that draw M children per step or N·M samples ("
          + labels(MethodOptions::readsCandidates) + ")", methods);
    }
    if (methods.stream().noneMatch(Method::weightsParticles)) {
      String weighting = "methods that weight particles (" + labels(Method::weightsParticles) + ")";
      if (b.hasEssThreshold() && b.getEssThreshold() != JobSpecs.DEFAULT_ESS_THRESHOLD) {
        throw unread("ess_threshold", weighting, methods);
      }
      if (!b.getResampler().isEmpty() && JobSpecs.resampler(b.getResampler()) != JobSpecs.DEFAULT_RESAMPLER) {
        throw unread("resampler", weighting, methods);
      }
    }
    org.svdd.api.proto.Replacement r = b.getReplacement();
    if (!methods.contains(Method.SVDD_R)) {
      if (r.hasFraction() && r.getFraction() != Replacement.DEFAULT.fraction()) {
        throw unread("replacement.fraction", "method " + Method.SVDD_R.label(), methods);
      }
      if (r.hasEvery() && r.getEvery() != Replacement.DEFAULT.every()) {
        throw unread("replacement.every", "method " + Method.SVDD_R.label(), methods);
      }
    }
    ValueEstimator estimator = b.getValueEstimator().isEmpty() ? ValueEstimator.PM
        : ValueEstimator.parse(b.getValueEstimator());
    boolean rollouts = estimator == ValueEstimator.ROLLOUT;
    if (b.hasAlpha() && b.getAlpha() != 0
        && methods.stream().noneMatch(m -> readsAlpha(m) || m == Method.BEAM && rollouts)) {
      throw unread("alpha", "methods that choose by soft value (" + labels(MethodOptions::readsAlpha)
          + "; beam with value estimator rollout)", methods);
    }
    if (b.hasRollouts() && b.getRollouts() != JobSpecs.DEFAULT_ROLLOUTS && !rollouts) {
      throw new IllegalArgumentException("rollouts is for value estimator " + ValueEstimator.ROLLOUT.label() + "; "
          + estimator.label() + " takes none");
    }
  }

  /** Whether a method draws M of something: children at a step (svdd, svdd-r, beam), or N·M samples (best-of-n, tree). */
  private static boolean readsCandidates(Method method) {
    return method.has(Method.Trait.SELECTS_AMONG_CHILDREN) || method.has(Method.Trait.DRAWS_N_TIMES_M);
  }

  /**
   * Whether a method's samples depend on alpha whatever its value estimator: it keeps a child, a donor or a particle
   * by soft value, or backs a tree's values up by it. Beam ranks by value; best-of-n and pretrained choose nothing.
   */
  private static boolean readsAlpha(Method method) {
    return method.weightsParticles() || method == Method.TREE
        || method.has(Method.Trait.SELECTS_AMONG_CHILDREN) && method != Method.BEAM;
  }

  private static String labels(java.util.function.Predicate<Method> which) {
    return Arrays.stream(Method.values()).filter(which).map(Method::label).collect(Collectors.joining(", "));
  }

  private static IllegalArgumentException unread(String field, String readers, List<Method> methods) {
    List<String> labels = methods.stream().map(Method::label).toList();
    return new IllegalArgumentException(field + " is for " + readers + "; " + String.join(", ", labels)
        + (labels.size() == 1 ? " takes" : " take") + " none");
  }
}
