package org.svdd.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A k-th order Markov chain over symbol ids with an end symbol and add-one smoothing: the simple baseline
 * the model card compares the diffusion model's held-out likelihood with.
 */
public final class KmerMarkovBaseline {
  private final int order;
  private final int symbols;
  private final Map<String, int[]> counts = new HashMap<>();

  /** @param training sequences of symbol ids in {@code [0, symbols)} */
  public KmerMarkovBaseline(int order, int symbols, List<int[]> training) {
    this.order = order;
    this.symbols = symbols;
    for (int[] s : training) {
      for (int i = 0; i <= s.length; i++) {
        counts.computeIfAbsent(context(s, i), k -> new int[symbols + 1])[next(s, i)]++;
      }
    }
  }

  /** Mean log-likelihood per symbol (nats), the end symbol's cost included. */
  public double logLikelihoodPerSymbol(List<int[]> sequences) {
    double total = 0;
    long length = 0;
    for (int[] s : sequences) {
      total += logLikelihood(s);
      length += s.length;
    }
    return total / length;
  }

  /** Log-likelihood of one sequence (nats), the end symbol's cost included. */
  public double logLikelihood(int[] s) {
    double total = 0;
    int[] unseen = new int[symbols + 1];
    for (int i = 0; i <= s.length; i++) {
      int[] c = counts.getOrDefault(context(s, i), unseen);
      int sum = 0;
      for (int v : c) {
        sum += v;
      }
      total += Math.log((c[next(s, i)] + 1.0) / (sum + c.length));
    }
    return total;
  }

  private int next(int[] s, int i) {
    return i == s.length ? symbols : s[i];
  }

  /** The {@code order} symbols before position i, with a start marker before the sequence. */
  private String context(int[] s, int i) {
    StringBuilder key = new StringBuilder(order);
    for (int j = i - order; j < i; j++) {
      key.append(j < 0 ? '\uffff' : (char) s[j]);
    }
    return key.toString();
  }
}
