package org.svdd.core.diffusion;

import org.svdd.core.random.RandomStream;
import org.svdd.core.select.SoftValueSelector;

/**
 * Absorbing-state masked discrete diffusion with the log-linear schedule of MDLM (Sahoo et al., 2024),
 * the pre-trained model family SVDD guides for sequences (arXiv 2408.08252, Sec. 6).
 *
 * <p>Forward: each token is independently replaced by the mask with probability 1 - α_t, α_t = 1 - t.
 * Reverse from t to s &lt; t: an unmasked token is carried over; a masked one is revealed with
 * probability (α_s - α_t) / (1 - α_t) = (t - s) / t, its value drawn from the denoiser's distribution
 * over clean tokens, and otherwise stays masked. With t_i = (T - i) / T the last step (s = 0) reveals
 * every remaining mask, so the final state is always clean. The denoiser is not time-conditioned (MDLM
 * shows masked diffusion does not need it), and the SUBS parameterisation never predicts the mask.
 */
public final class MaskedDiffusion implements DiffusionProcess {
  private final Vocabulary vocabulary;
  private final int length;

  public MaskedDiffusion(Vocabulary vocabulary, int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("sequence length must be positive: " + length);
    }
    this.vocabulary = vocabulary;
    this.length = length;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public int length() {
    return length;
  }

  @Override
  public State prior(RandomStream random) {
    int[] tokens = new int[length];
    java.util.Arrays.fill(tokens, vocabulary.mask());
    return new TokenState(tokens);
  }

  @Override
  public double time(int step, int steps) {
    return (double) (steps - step) / steps;
  }

  @Override
  public State reverseStep(State noisy, float[] prediction, int step, int steps, RandomStream random) {
    int[] tokens = tokens(noisy);
    checkPrediction(prediction);
    double reveal = 1.0 / (steps - step);
    double[] probabilities = new double[vocabulary.cleanSize()];
    for (int i = 0; i < length; i++) {
      if (tokens[i] != vocabulary.mask()) {
        continue;
      }
      double u = random.nextDouble();
      double v = random.nextDouble();
      if (u < reveal) {
        softmaxAt(prediction, i, probabilities);
        tokens[i] = SoftValueSelector.inverseCdf(probabilities, v);
      }
    }
    return new TokenState(tokens);
  }

  @Override
  public State cleanEstimate(State noisy, float[] prediction) {
    int[] tokens = tokens(noisy);
    checkPrediction(prediction);
    int classes = vocabulary.cleanSize();
    for (int i = 0; i < length; i++) {
      if (tokens[i] == vocabulary.mask()) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (prediction[i * classes + c] > prediction[i * classes + best]) {
            best = c;
          }
        }
        tokens[i] = best;
      }
    }
    return new TokenState(tokens);
  }

  @Override
  public State sampleClean(State noisy, float[] prediction, RandomStream random) {
    int[] tokens = tokens(noisy);
    checkPrediction(prediction);
    double[] probabilities = new double[vocabulary.cleanSize()];
    for (int i = 0; i < length; i++) {
      double v = random.nextDouble();
      if (tokens[i] == vocabulary.mask()) {
        softmaxAt(prediction, i, probabilities);
        tokens[i] = SoftValueSelector.inverseCdf(probabilities, v);
      }
    }
    return new TokenState(tokens);
  }

  @Override
  public boolean isClean(State state) {
    int[] tokens = tokens(state);
    for (int token : tokens) {
      if (token == vocabulary.mask()) {
        return false;
      }
    }
    return true;
  }

  /** Forward process: masks each token of a clean state independently with probability t. */
  public TokenState mask(TokenState clean, double t, RandomStream random) {
    int[] tokens = clean.tokens();
    for (int i = 0; i < tokens.length; i++) {
      if (random.nextDouble() < t) {
        tokens[i] = vocabulary.mask();
      }
    }
    return new TokenState(tokens);
  }

  /**
   * One Monte Carlo term of the continuous-time MDLM negative ELBO of a clean state: (1 / t) times the
   * cross-entropy of the denoiser's prediction at the masked positions (weight -α'_t / (1 - α_t)).
   */
  public double negativeElboTerm(TokenState clean, TokenState masked, float[] prediction, double t) {
    checkPrediction(prediction);
    double loss = 0;
    for (int i = 0; i < length; i++) {
      if (masked.at(i) == vocabulary.mask()) {
        double logNormaliser = logSumExpAt(prediction, i);
        loss += logNormaliser - prediction[i * vocabulary.cleanSize() + clean.at(i)];
      }
    }
    return loss / t;
  }

  private int[] tokens(State state) {
    if (!(state instanceof TokenState tokenState)) {
      throw new IllegalArgumentException("masked diffusion works on token states, got " + state);
    }
    if (tokenState.length() != length) {
      throw new IllegalArgumentException(
          "state has " + tokenState.length() + " positions, the model expects " + length);
    }
    return tokenState.tokens();
  }

  private void checkPrediction(float[] prediction) {
    if (prediction.length != length * vocabulary.cleanSize()) {
      throw new IllegalArgumentException(
          "prediction has "
              + prediction.length
              + " values, expected length × classes = "
              + length * vocabulary.cleanSize());
    }
  }

  private double logSumExpAt(float[] logits, int position) {
    int classes = vocabulary.cleanSize();
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, logits[position * classes + c]);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += Math.exp(logits[position * classes + c] - max);
    }
    return max + Math.log(sum);
  }

  private void softmaxAt(float[] logits, int position, double[] out) {
    int classes = vocabulary.cleanSize();
    double logNormaliser = logSumExpAt(logits, position);
    for (int c = 0; c < classes; c++) {
      out[c] = Math.exp(logits[position * classes + c] - logNormaliser);
    }
  }
}
