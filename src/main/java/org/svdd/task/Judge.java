package org.svdd.task;

import java.util.List;

/**
 * A held-out judge of designs, one that guides no run: per design a score and whether it passes (for
 * RNA, "is a tRNA" by Infernal's covariance model). Comparison tables report its pass rate and median
 * score for every method, so that a reader sees whether steering keeps what is natural.
 */
public interface Judge extends AutoCloseable {
  /**
   * One design's verdict; {@code failure} says why the judge could not judge it (its oracle crashed, say),
   * null when it did. A design the judge could not judge counts in none of its figures.
   */
  record Verdict(double score, boolean pass, String failure) {
    public Verdict(double score, boolean pass) {
      this(score, pass, null);
    }

    /** The judge could not judge this design, for {@code reason}. */
    public static Verdict failed(String reason) {
      return new Verdict(0, false, reason);
    }

    public boolean judged() {
      return failure == null;
    }
  }

  /**
   * "could not judge K of N {@code designs} ({@code leftOut}): the first reason", or empty when every design was
   * judged: the one line a report prints about the designs a judge had no verdict for.
   */
  static java.util.Optional<String> unjudged(List<Verdict> verdicts, String designs, String leftOut) {
    List<String> failures = verdicts.stream().filter(v -> !v.judged()).map(Verdict::failure).toList();
    return failures.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.format(java.util.Locale.ROOT,
        "could not judge %d of %d %s (%s): %s", failures.size(), verdicts.size(), designs, leftOut, failures.get(0)));
  }

  /** What it judges and by which rule, for tables and summaries. */
  String name();

  /** A verdict per design (text), in order. */
  List<Verdict> judge(List<String> designs);

  /**
   * As {@link #judge(List)}, telling {@code progress} how many designs are judged so far, from any thread; a
   * judge that takes seconds per design (docking) tells it as each verdict arrives, others once at the end.
   */
  default List<Verdict> judge(List<String> designs, java.util.function.IntConsumer progress) {
    List<Verdict> verdicts = judge(designs);
    progress.accept(verdicts.size());
    return verdicts;
  }

  @Override
  void close();
}
