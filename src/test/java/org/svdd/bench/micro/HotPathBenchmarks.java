package org.svdd.bench.micro;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.core.select.SoftValueSelector;
import org.svdd.model.Quantizer;

/**
 * The per-row and per-step pieces of the sampling hot path, at the bundled tRNA model's shape (96
 * positions, 5 output classes): a reverse step of one row, the clean estimate, the quantisation of one
 * row of logits, and the soft-value selection among M = 4 children. Run with {@code bin/bench-micro}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HotPathBenchmarks {
  private static final int LENGTH = 96;
  private MaskedDiffusion process;
  private TokenState noisy;
  private float[] prediction;
  private float[] rawLogits;
  private double[] values;
  private long counter;

  @Setup
  public void setUp() {
    Vocabulary vocabulary = Vocabulary.rna();
    process = new MaskedDiffusion(vocabulary, LENGTH);
    RandomStream random = RandomStream.of(1, Purpose.PRIOR);
    int classes = vocabulary.cleanSize();
    int mask = vocabulary.inputSize() - 1;
    int[] tokens = new int[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      tokens[i] = random.nextDouble() < 0.5 ? mask : random.nextInt(classes);
    }
    noisy = new TokenState(tokens);
    prediction = new float[LENGTH * classes];
    rawLogits = new float[LENGTH * classes];
    for (int i = 0; i < prediction.length; i++) {
      rawLogits[i] = (float) (4 * random.nextDouble() - 2);
      prediction[i] = Math.round(rawLogits[i] * Quantizer.QUANTUM) / Quantizer.QUANTUM;
    }
    values = new double[] {12.5, 17.25, 9.0, 16.75};
  }

  @Benchmark
  public Object reverseStepOfOneRow() {
    return process.reverseStep(noisy, prediction, 16, 32, RandomStream.of(7, Purpose.CHILD, counter++));
  }

  @Benchmark
  public Object cleanEstimateOfOneRow() {
    return process.cleanEstimate(noisy, prediction);
  }

  @Benchmark
  public float[] quantiseOneRow() {
    return Quantizer.row(rawLogits, 0, rawLogits.length);
  }

  @Benchmark
  public int selectAmongFourChildren() {
    return SoftValueSelector.select(values, 1.0, RandomStream.of(7, Purpose.SELECT, counter++).nextDouble());
  }
}
