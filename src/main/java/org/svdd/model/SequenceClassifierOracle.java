package org.svdd.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * A learned sequence reward: the log-odds of one class under a {@link SequenceClassifier} (the promoter
 * task's {@code promoter}: a promoter against far-upstream DNA), clamped to ±{@link #BOUND}. SVDD
 * (arXiv 2408.08252) steers DNA toward a learned predictor's output the same way. A batch of designs goes
 * through the classifier's fixed micro-batches in the calling thread; a design of another length than
 * the classifier reads scores −{@link #BOUND}, with the reason. Owns the classifier.
 */
public final class SequenceClassifierOracle implements RewardOracle {
  /** The clamp of the log-odds, {@link SequenceClassifier#BOUND}. */
  public static final double BOUND = SequenceClassifier.BOUND;
  private final SequenceClassifier classifier;
  private final DesignCodec codec;
  private final int target;
  private final String name;
  private final String identity;

  /**
   * @param identity what distinguishes this classifier's answers (its files' {@link org.svdd.oracle.ContentDigest}),
   *     for caches
   */
  public SequenceClassifierOracle(SequenceClassifier classifier, DesignCodec codec, String label, String name,
      String identity) {
    this.classifier = classifier;
    this.codec = codec;
    this.target = classifier.classIndex(label);
    this.name = name;
    this.identity = identity;
  }

  @Override
  public synchronized CompletionStage<List<Reward>> score(List<State> designs) {
    try {
      List<String> texts = designs.stream().map(codec::text).toList();
      double[] odds = classifier.boundedLogOdds(texts, target);
      List<Reward> rewards = new ArrayList<>(texts.size());
      for (int i = 0; i < odds.length; i++) {
        int length = texts.get(i).length();
        rewards.add(new Reward(odds[i],
            length == classifier.length() ? "" : "length " + length + ", the predictor reads " + classifier.length()));
      }
      return CompletableFuture.completedFuture(rewards);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public String identity() {
    return name + " " + identity;
  }

  @Override
  public synchronized void close() {
    classifier.close();
  }
}
