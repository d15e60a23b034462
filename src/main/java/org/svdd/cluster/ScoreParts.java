package org.svdd.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.svdd.core.diffusion.State;
import org.svdd.core.method.ParticleStep;
import org.svdd.core.reward.Reward;

/**
 * A particle's score request split into parts, one per reward worker it went to (see {@link WorkerPool#spread}),
 * each holding some of its designs by index, and the parts' answers, put back in the order of the designs once
 * all are in. A part answered twice (a re-sent part whose first answer came late) keeps its first answer.
 */
final class ScoreParts {
  private final ParticleStep.Score whole;
  /** The indices, in the whole request, of each part's designs. */
  private final List<List<Integer>> parts;
  private final List<Reward>[] answers;
  private int missing;

  /**
   * Splits {@code whole} into parts holding the designs at {@code parts}' indices, in that order; every design
   * must be in exactly one part, and every part must hold one.
   */
  @SuppressWarnings("unchecked")
  ScoreParts(ParticleStep.Score whole, List<List<Integer>> parts) {
    int designs = whole.designs().size();
    boolean[] seen = new boolean[designs];
    for (List<Integer> part : parts) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("a part must hold a design, got parts " + parts);
      }
      for (int i : part) {
        if (i < 0 || i >= designs || seen[i]) {
          throw new IllegalArgumentException("parts " + parts + " do not hold each of " + designs + " designs once");
        }
        seen[i] = true;
      }
    }
    if (IntStream.range(0, designs).anyMatch(i -> !seen[i])) {
      throw new IllegalArgumentException("parts " + parts + " do not hold each of " + designs + " designs once");
    }
    this.whole = whole;
    this.parts = parts.stream().map(List::copyOf).toList();
    this.answers = new List[parts.size()];
    this.missing = parts.size();
  }

  /** The whole request as one part. */
  static ScoreParts whole(ParticleStep.Score score) {
    return new ScoreParts(score, List.of(every(score)));
  }

  /** The indices of all of a request's designs, in order. */
  static List<Integer> every(ParticleStep.Score score) {
    return IntStream.range(0, score.designs().size()).boxed().toList();
  }

  /**
   * The request's designs, by index, in groups of one {@code key} (one to the reward's oracle: two token strings of
   * one molecule), each group in order of its first design.
   */
  static List<List<Integer>> byKey(ParticleStep.Score score, java.util.function.Function<State, ?> key) {
    Map<Object, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < score.designs().size(); i++) {
      State design = score.designs().get(i);
      Object k;
      try {
        k = key.apply(design);
      } catch (RuntimeException e) {
        k = design; // a design without a key is one only with itself; its reward node says what is wrong with it
      }
      groups.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
    }
    return List.copyOf(groups.values());
  }

  int count() {
    return parts.size();
  }

  /** The request for part {@code i}'s designs, by the whole's reward. */
  ParticleStep.Score part(int i) {
    return new ParticleStep.Score(parts.get(i).stream().map(whole.designs()::get).toList(), whole.reward());
  }

  /**
   * Records part {@code i}'s rewards, one per design, in order; true once every part is answered.
   *
   * @throws IllegalStateException when the rewards do not match the part's designs
   */
  boolean answer(int i, List<Reward> rewards) {
    int size = parts.get(i).size();
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
      throw new IllegalStateException(missing + " of " + parts.size() + " parts are not answered");
    }
    Reward[] all = new Reward[whole.designs().size()];
    for (int p = 0; p < parts.size(); p++) {
      List<Integer> indices = parts.get(p);
      for (int j = 0; j < indices.size(); j++) {
        all[indices.get(j)] = answers[p].get(j);
      }
    }
    return new ArrayList<>(Arrays.asList(all));
  }
}
