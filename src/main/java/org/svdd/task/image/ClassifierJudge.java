package org.svdd.task.image;

import java.util.List;
import java.util.Locale;
import org.svdd.model.FeatureDensity;
import org.svdd.model.ImageClassifier;
import org.svdd.task.Judge;

/**
 * A held-out judge of images: a classifier that guides no run. A design passes when the classifier's top
 * class is the target's (for a {@code class:<label>} reward; otherwise any class with probability at least
 * {@link #PASS}) and its features lie where natural images do ({@link FeatureDensity}: a blank or a smear
 * that a softmax calls a bag with confidence does not pass). Its score is the probability of the target
 * class, or of the top class when there is no target.
 */
final class ClassifierJudge implements Judge {
  static final double PASS = 0.5;
  private final ImageClassifier classifier;
  private final ImageCodec codec;
  private final int target;

  /** @param label the class a {@code class:<label>} reward steers toward, or null for none */
  ClassifierJudge(ImageClassifier classifier, ImageCodec codec, String label) {
    this.classifier = classifier;
    this.codec = codec;
    this.target = label == null ? -1 : classifier.classIndex(label);
  }

  @Override
  public String name() {
    String rule = target >= 0 ? classifier.classes().get(target) + " as the top class"
        : String.format(Locale.ROOT, "top class p >= %.1f", PASS);
    String natural = classifier.density().isPresent()
        ? String.format(Locale.ROOT, ", features within the %.0fth percentile of natural images' distance to the class means",
            FeatureDensity.KEPT * 100)
        : "";
    return classifier.architecture() + " classifier (held-out split): " + rule + natural;
  }

  @Override
  public synchronized List<Verdict> judge(List<String> designs) {
    List<float[]> images = designs.stream().map(d -> codec.image(d).state().values()).toList();
    float[][] logp = classifier.logProbabilities(images);
    float[][] features = classifier.density().isPresent() ? classifier.features(images) : null;
    List<Verdict> out = new java.util.ArrayList<>(designs.size());
    for (int i = 0; i < logp.length; i++) {
      int top = argmax(logp[i]);
      boolean natural = features == null || classifier.density().get().natural(features[i]);
      double score = Math.exp(logp[i][target >= 0 ? target : top]);
      boolean recognised = target >= 0 ? top == target : score >= PASS;
      out.add(new Verdict(score, recognised && natural));
    }
    return out;
  }

  private static int argmax(float[] row) {
    int best = 0;
    for (int c = 1; c < row.length; c++) {
      best = row[c] > row[best] ? c : best;
    }
    return best;
  }

  @Override
  public synchronized void close() {
    classifier.close();
  }
}
