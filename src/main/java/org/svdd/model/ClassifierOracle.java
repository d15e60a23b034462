package org.svdd.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * The reward {@code class:<label>}: the log-probability of one class under an {@link ImageClassifier},
 * as classifier guidance's target (SVDD, arXiv 2408.08252, scores images the same way with a learned
 * reward). The classifier sees the design's 8-bit image, the file a person gets; a batch of designs
 * goes through in the classifier's fixed micro-batches. Owns the classifier.
 */
public final class ClassifierOracle implements RewardOracle {
  private final ImageClassifier classifier;
  private final int target;
  private final String name;
  private final String identity;

  /** @param name the reward's name, e.g. {@code class:sneaker} */
  public ClassifierOracle(ImageClassifier classifier, String label, String name, String identity) {
    this.classifier = classifier;
    this.target = classifier.classIndex(label);
    this.name = name;
    this.identity = identity;
  }

  @Override
  public synchronized CompletionStage<List<Reward>> score(List<State> designs) {
    try {
      List<float[]> images = new ArrayList<>(designs.size());
      for (State design : designs) {
        if (!(design instanceof FloatState image)) {
          throw new IllegalArgumentException(name + " scores images, got " + design);
        }
        images.add(FloatState.ofGreyLevels(image.greyLevels()).values());
      }
      float[][] logp = classifier.logProbabilities(images);
      List<Reward> rewards = new ArrayList<>(logp.length);
      for (float[] row : logp) {
        rewards.add(new Reward(row[target], ""));
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
