package org.svdd.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.svdd.core.method.ParticleStep;
import org.svdd.core.reward.Reward;

/**
 * A particle's score request split into consecutive parts, one per reward worker it went to (see
 * {@link WorkerPool#spread}), and the parts' answers, put back in the order of the designs once all are in.
 * A part answered twice (a re-sent part whose first answer came late) keeps its first answer.
 */
final class ScoreParts {
  private final ParticleStep.Score whole;
  /** Part i holds designs [ends[i - 1], ends[i]) (from 0 for the first). */
  private final int[] ends;
  private final List<Reward>[] answers;
  private int missing;

  /** Splits {@code whole} into parts of {@code sizes} designs, in order; the sizes must add up to its designs. */
  @SuppressWarnings("unchecked")
  ScoreParts(ParticleStep.Score whole, List<Integer> sizes) {
    this.whole = whole;
    this.ends = new int[sizes.size()];
    int end = 0;
    for (int i = 0; i < sizes.size(); i++) {
      if (sizes.get(i) < 1) {
        throw new IllegalArgumentException("a part must hold a design, got sizes " + sizes);
      }
      end += sizes.get(i);
      ends[i] = end;
    }
    if (end != whole.designs().size()) {
      throw new IllegalArgumentException("parts of " + sizes + " designs for a request of " + whole.designs().size());
    }
    this.answers = new List[sizes.size()];
    this.missing = sizes.size();
  }

  int count() {
    return ends.length;
  }

  /** The request for part {@code i}'s designs, by the whole's reward. */
  ParticleStep.Score part(int i) {
    return new ParticleStep.Score(whole.designs().subList(start(i), ends[i]), whole.reward());
  }

  /**
   * Records part {@code i}'s rewards, one per design, in order; true once every part is answered.
   *
   * @throws IllegalStateException when the rewards do not match the part's designs
   */
  boolean answer(int i, List<Reward> rewards) {
    int size = ends[i] - start(i);
    if (rewards.size() != size) {
      throw new IllegalStateException("reward worker returned " + rewards.size() + " rewards for " + size + " designs");
    }
    if (answers[i] == null) {
      answers[i] = List.copyOf(rewards);
      missing--;
    }
    return missing == 0;
  }

  /** Every design's reward, in the whole request's order. */
  List<Reward> rewards() {
    if (missing > 0) {
      throw new IllegalStateException(missing + " of " + ends.length + " parts are not answered");
    }
    List<Reward> all = new ArrayList<>(whole.designs().size());
    Arrays.stream(answers).forEach(all::addAll);
    return all;
  }

  private int start(int i) {
    return i == 0 ? 0 : ends[i - 1];
  }
}
