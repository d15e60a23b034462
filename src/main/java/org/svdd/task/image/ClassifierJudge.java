package org.svdd.task.image;

import java.util.List;
import java.util.Locale;
import org.svdd.model.ImageClassifier;
import org.svdd.task.Judge;

/**
 * A held-out judge of images: a classifier that guides no run scores each design by the probability of
 * its most probable class, and passes it when that is at least {@link #PASS} (the image reads as one of
 * the classes, not as noise or a blank).
 */
final class ClassifierJudge implements Judge {
  static final double PASS = 0.5;
  private final ImageClassifier classifier;
  private final ImageCodec codec;

  ClassifierJudge(ImageClassifier classifier, ImageCodec codec) {
    this.classifier = classifier;
    this.codec = codec;
  }

  @Override
  public String name() {
    return String.format(Locale.ROOT, "%s classifier (held-out split), top class p >= %.1f", classifier.architecture(), PASS);
  }

  @Override
  public synchronized List<Verdict> judge(List<String> designs) {
    float[][] logp = classifier.logProbabilities(designs.stream().map(d -> codec.image(d).state().values()).toList());
    return java.util.Arrays.stream(logp).map(row -> {
      double top = Math.exp(max(row));
      return new Verdict(top, top >= PASS);
    }).toList();
  }

  private static float max(float[] row) {
    float best = row[0];
    for (float v : row) {
      best = Math.max(best, v);
    }
    return best;
  }

  @Override
  public synchronized void close() {
    classifier.close();
  }
}
