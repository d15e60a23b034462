package org.svdd.core.diffusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/**
 * Naturalness of clean sequences under a masked-diffusion model: a Monte Carlo estimate of the MDLM
 * evidence lower bound, reported as log-likelihood per symbol (pad positions cost is included, divided
 * by the number of real symbols, so a length's end is paid for as in a Markov model with a stop symbol).
 * The K diffusion times are stratified, t_k = (k + u) / K, and u and the masks keyed by the sequence's tokens, so
 * the figure is a function of the sequence and the seed.
 */
public final class ElboEstimator {
  private final MaskedDiffusion process;
  private final Denoiser denoiser;
  private final int samples;
  private final int maxBatch;

  public ElboEstimator(MaskedDiffusion process, Denoiser denoiser, int samples, int maxBatch) {
    if (samples < 1) {
      throw new IllegalArgumentException("ELBO samples must be at least 1, got " + samples);
    }
    this.process = process;
    this.denoiser = denoiser;
    this.samples = samples;
    this.maxBatch = maxBatch;
  }

  /** ELBO log-likelihood per symbol (nats, ≤ the true value in expectation) of each sequence. */
  public double[] logLikelihoodPerSymbol(List<TokenState> sequences, long seed) {
    return logLikelihoodPerSymbol(sequences, seed, done -> { });
  }

  /**
   * As {@link #logLikelihoodPerSymbol(List, long)}, telling {@code progress} after each forward pass how many of
   * the sequences are done. A sequence's figure depends on the sequence and the seed alone: its diffusion times and
   * masks are keyed by its tokens, so it reads the same wherever it stands and whatever else is scored beside it, and
   * a sequence given more than once is estimated once.
   */
  public double[] logLikelihoodPerSymbol(List<TokenState> sequences, long seed, IntConsumer progress) {
    Map<TokenState, Integer> firstSeen = new LinkedHashMap<>();
    int[] distinctOf = new int[sequences.size()];
    int[] copies = new int[sequences.size()];
    for (int s = 0; s < sequences.size(); s++) {
      distinctOf[s] = firstSeen.computeIfAbsent(sequences.get(s), key -> firstSeen.size());
      copies[distinctOf[s]]++;
    }
    List<TokenState> distinct = new ArrayList<>(firstSeen.keySet());
    int[] doneWith = new int[distinct.size() + 1];
    for (int d = 0; d < distinct.size(); d++) {
      doneWith[d + 1] = doneWith[d] + copies[d];
    }
    double[] negative = new double[distinct.size()];
    List<DenoiseInput> batch = new ArrayList<>();
    List<int[]> owners = new ArrayList<>();
    List<TokenState> masked = new ArrayList<>();
    for (int d = 0; d < distinct.size(); d++) {
      TokenState clean = distinct.get(d);
      long[] key = key(clean);
      double u = RandomStream.of(seed, Purpose.ELBO, Arrays.copyOf(key, key.length - 1)).nextDouble();
      for (int k = 0; k < samples; k++) {
        double t = Math.max(1e-3, (k + u) / samples);
        key[key.length - 1] = k;
        TokenState noisy = process.mask(clean, t, RandomStream.of(seed, Purpose.ELBO, key));
        batch.add(new DenoiseInput(noisy, t));
        masked.add(noisy);
        owners.add(new int[] {d, k});
        if (batch.size() == maxBatch) {
          int[] last = owners.get(owners.size() - 1);
          flush(distinct, batch, masked, owners, negative);
          progress.accept(doneWith[last[1] == samples - 1 ? last[0] + 1 : last[0]]);
        }
      }
    }
    flush(distinct, batch, masked, owners, negative);
    progress.accept(sequences.size());
    double[] out = new double[sequences.size()];
    for (int s = 0; s < out.length; s++) {
      int symbols = Math.max(1, countSymbols(sequences.get(s)));
      out[s] = -negative[distinctOf[s]] / samples / symbols;
    }
    return out;
  }

  /** The sequence's tokens as random-stream coordinates, and one more slot for the sample's index. */
  private static long[] key(TokenState state) {
    long[] key = new long[state.length() + 1];
    for (int i = 0; i < state.length(); i++) {
      key[i] = state.at(i);
    }
    return key;
  }

  private void flush(List<TokenState> sequences, List<DenoiseInput> batch, List<TokenState> masked,
      List<int[]> owners, double[] out) {
    if (batch.isEmpty()) {
      return;
    }
    float[][] predictions = denoiser.predict(batch);
    for (int i = 0; i < predictions.length; i++) {
      int s = owners.get(i)[0];
      out[s] += process.negativeElboTerm(sequences.get(s), masked.get(i), predictions[i], batch.get(i).time());
    }
    batch.clear();
    masked.clear();
    owners.clear();
  }

  private int countSymbols(TokenState state) {
    int n = 0;
    for (int i = 0; i < state.length(); i++) {
      n += state.at(i) < process.vocabulary().size() ? 1 : 0;
    }
    return n;
  }
}
