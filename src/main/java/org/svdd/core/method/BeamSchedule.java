package org.svdd.core.method;

/**
 * Beam search's widths (after DSearch, arXiv 2503.02039, which narrows the beam as the value estimates
 * sharpen toward the clean end): the beam is N wide after the first step and narrows geometrically to
 * {@code endWidth} after the last intermediate step; the final samples are the N best distinct designs.
 * The N particles share the beam's members evenly, so each step still draws N·M children: a narrow beam
 * is a wide tree under each of its members.
 *
 * @param endWidth beam width after the last intermediate step; 0 keeps it N throughout
 */
public record BeamSchedule(int endWidth) {
  public static final BeamSchedule CONSTANT = new BeamSchedule(0);

  public BeamSchedule {
    if (endWidth < 0 || endWidth > SamplingPlan.MAX_PARTICLES) {
      throw new IllegalArgumentException("beam.end_width must be between 1 and the particles (0: as wide as the particles), got "
          + endWidth);
    }
  }

  /** States kept after {@code stepsDone} of {@code steps} steps by a beam of {@code particles} particles. */
  public int width(int stepsDone, int steps, int particles) {
    if (endWidth == 0 || endWidth >= particles || stepsDone >= steps || steps < 2) {
      return particles;
    }
    double progress = (stepsDone - 1) / (double) (steps - 2 == 0 ? 1 : steps - 2);
    return (int) Math.max(1, Math.round(particles * Math.pow(endWidth / (double) particles, Math.min(1, progress))));
  }
}
