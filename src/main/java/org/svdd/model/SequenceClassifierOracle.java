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
  /** Log-odds beyond ±20 (p within 2e-9 of 0 or 1) say nothing more; clamping keeps values comparable. */
  public static final double BOUND = 20;
  private final SequenceClassifier classifier;
  private final DesignCodec codec;
  private final int target;
  private final String name;
  private final String identity;

  /** @param identity what distinguishes this classifier's answers (its directory), for caches */
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
      List<String> readable = texts.stream().filter(t -> t.length() == classifier.length()).toList();
      double[] odds = classifier.logOdds(readable, target);
      List<Reward> rewards = new ArrayList<>(texts.size());
      int k = 0;
      for (String text : texts) {
        rewards.add(text.length() != classifier.length()
            ? new Reward(-BOUND, "length " + text.length() + ", the predictor reads " + classifier.length())
            : new Reward(Math.max(-BOUND, Math.min(BOUND, odds[k++])), ""));
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
