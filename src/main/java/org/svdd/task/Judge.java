package org.svdd.task;

import java.util.List;

/**
 * A held-out judge of designs, one that guides no run: per design a score and whether it passes (for
 * RNA, "is a tRNA" by Infernal's covariance model). Comparison tables report its pass rate and median
 * score for every method, so that a reader sees whether steering keeps what is natural.
 */
public interface Judge extends AutoCloseable {
  /** One design's verdict. */
  record Verdict(double score, boolean pass) {}

  /** What it judges and by which rule, for tables and summaries. */
  String name();

  /** A verdict per design (text), in order. */
  List<Verdict> judge(List<String> designs);

  @Override
  void close();
}
