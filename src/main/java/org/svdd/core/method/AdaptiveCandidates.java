package org.svdd.core.method;

/**
 * Adaptive candidates for SVDD: a particle's children budget is M per guided step, spent where the choice
 * matters. At each guided step it first draws {@code probe} children and values them. If their values all
 * agree (a flat step: choosing among more children of it is unlikely to pay), it keeps the best of those and
 * saves the rest of its share for later steps; otherwise it draws more, up to its fair share of what is left
 * (the budget left over the guided steps left, which savings raise). A particle never draws more than M
 * per guided step in all (a fair share of at least the probe always leaves the probe for every later step),
 * and the extra children are the ones plain SVDD would draw (the same keyed streams): with probe = M, or
 * when no step is flat, it draws exactly SVDD's children.
 */
public record AdaptiveCandidates(int probe) {
  public static final AdaptiveCandidates OFF = new AdaptiveCandidates(0);

  public AdaptiveCandidates {
    if (probe != 0 && (probe < 2 || probe > SamplingPlan.MAX_CANDIDATES)) {
      throw new IllegalArgumentException("adaptive.probe must be at least 2 (a spread needs two values), got " + probe);
    }
  }

  public boolean on() {
    return probe > 0;
  }

  /**
   * Children to draw in all at a guided step whose probes' values spread over {@code spread}, for a particle
   * with {@code left} children of budget and {@code guidedLeft} guided steps to go, this one included.
   */
  public int children(double spread, int left, int guidedLeft) {
    if (!(spread > 0)) {
      return probe;
    }
    return Math.min(SamplingPlan.MAX_CANDIDATES, Math.max(probe, left / guidedLeft));
  }
}
