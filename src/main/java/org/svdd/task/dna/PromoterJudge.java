package org.svdd.task.dna;

import java.util.List;
import org.svdd.model.SequenceClassifier;
import org.svdd.task.Judge;

/**
 * The promoter task's held-out judge: a predictor of another architecture (an MLP) trained on genes the
 * guide never saw. Its score is its log-odds that a design is a core promoter; a design passes when it
 * finds a promoter more likely than not. A design of another length than the predictor reads fails with
 * score −{@link SequenceClassifier#BOUND}. Owns the classifier.
 */
final class PromoterJudge implements Judge {
  private final SequenceClassifier classifier;
  private final int target;

  PromoterJudge(SequenceClassifier classifier) {
    this.classifier = classifier;
    this.target = classifier.classIndex(PromoterTask.PROMOTER);
  }

  @Override
  public String name() {
    return "promoter by the held-out " + classifier.architecture() + " predictor (other genes), log-odds > 0";
  }

  @Override
  public List<Verdict> judge(List<String> designs) {
    double[] odds = classifier.boundedLogOdds(designs, target);
    return java.util.Arrays.stream(odds).mapToObj(score -> new Verdict(score, score > 0)).toList();
  }

  @Override
  public void close() {
    classifier.close();
  }
}
