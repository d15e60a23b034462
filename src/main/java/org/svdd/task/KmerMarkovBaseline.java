package org.svdd.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A k-th order Markov chain over symbols with an end symbol and add-one smoothing: the simple baseline
 * the model card compares the diffusion model's held-out likelihood with.
 */
public final class KmerMarkovBaseline {
  private final int order;
  private final String alphabet;
  private final Map<String, int[]> counts = new HashMap<>();

  public KmerMarkovBaseline(int order, String alphabet, List<String> training) {
    this.order = order;
    this.alphabet = alphabet;
    for (String s : training) {
      String padded = "^".repeat(order) + s;
      for (int i = order; i <= padded.length(); i++) {
        String context = padded.substring(i - order, i);
        int next = i == padded.length() ? alphabet.length() : alphabet.indexOf(padded.charAt(i));
        counts.computeIfAbsent(context, k -> new int[alphabet.length() + 1])[next]++;
      }
    }
  }

  /** Mean log-likelihood per symbol (nats), the end symbol's cost included. */
  public double logLikelihoodPerSymbol(List<String> sequences) {
    double total = 0;
    long symbols = 0;
    for (String s : sequences) {
      String padded = "^".repeat(order) + s;
      for (int i = order; i <= padded.length(); i++) {
        int[] c = counts.getOrDefault(padded.substring(i - order, i), new int[alphabet.length() + 1]);
        int next = i == padded.length() ? alphabet.length() : alphabet.indexOf(padded.charAt(i));
        int sum = 0;
        for (int v : c) {
          sum += v;
        }
        total += Math.log((c[next] + 1.0) / (sum + c.length));
      }
      symbols += s.length();
    }
    return total / symbols;
  }
}
