package org.svdd.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;

/**
 * Denoising speed per row of model directories, in one run: forward passes of 64 half-masked rows in 16-row
 * micro-batches on the configured libtorch threads. The models take turns for {@code svdd.bench.rounds} rounds
 * (default 3), each turn 40 passes after 20 of warm-up, so a noisy neighbour hits every model alike; each model's
 * best, median and worst turn are printed, and its best against the first model's best.
 * {@code bin/bench -Dtest=ModelBenchmarks -Dsvdd.bench.models=DIR,DIR,...} (default: the bundled tRNA model).
 */
@Tag("benchmark")
class ModelBenchmarks {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  @Test
  void rowsPerSecond_ofEachModel() {
    List<String> dirs = Arrays.stream(System.getProperty("svdd.bench.models", HOME.resolve("models/trna").toString())
        .split(",")).map(String::strip).toList();
    int rounds = Integer.getInteger("svdd.bench.rounds", 3);
    double[][] perSecond = new double[dirs.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int m = 0; m < dirs.size(); m++) {
        perSecond[m][round] = rowsPerSecond(Path.of(dirs.get(m)));
      }
    }
    double baseline = Arrays.stream(perSecond[0]).max().orElseThrow();
    for (int m = 0; m < dirs.size(); m++) {
      double[] s = perSecond[m].clone();
      Arrays.sort(s);
      System.out.printf(Locale.ROOT, "model %s: best %.0f, median %.0f, worst %.0f rows/s over %d turns (best: %.2f x the first's)%n",
          dirs.get(m), s[s.length - 1], s[s.length / 2], s[0], rounds, s[s.length - 1] / baseline);
    }
  }

  private static double rowsPerSecond(Path dir) {
    try (DiffusionModel model = ModelFiles.load(dir)) {
      MaskedDiffusion process = new MaskedDiffusion(model.vocabulary(), model.length());
      List<DenoiseInput> rows = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        RandomStream r = RandomStream.of(1, Purpose.CHILD, i);
        int[] tokens = new int[model.length()];
        for (int j = 0; j < tokens.length; j++) {
          tokens[j] = r.nextInt(model.vocabulary().size());
        }
        rows.add(new DenoiseInput(process.mask(new TokenState(tokens), 0.5, r), 0.5));
      }
      Denoiser denoiser = model.newDenoiser(16);
      for (int i = 0; i < 20; i++) {
        denoiser.predict(rows);
      }
      int passes = 40;
      long started = System.nanoTime();
      for (int i = 0; i < passes; i++) {
        denoiser.predict(rows);
      }
      return passes * rows.size() / ((System.nanoTime() - started) / 1e9);
    }
  }
}
