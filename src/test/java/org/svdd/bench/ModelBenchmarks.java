package org.svdd.bench;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * Denoising speed per row of model directories, in one run: forward passes of 64 half-masked rows, after a
 * warm-up of 20 passes (list a model twice and read the second figure: the first model also warms libtorch up), on the configured libtorch threads. The first model is the baseline of the ratios.
 * {@code bin/bench -Dtest=ModelBenchmarks -Dsvdd.bench.models=DIR,DIR,...} (default: the bundled tRNA model).
 */
@Tag("benchmark")
class ModelBenchmarks {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  @Test
  void rowsPerSecond_ofEachModel() {
    String dirs = System.getProperty("svdd.bench.models", HOME.resolve("models/trna").toString());
    double baseline = 0;
    for (String dir : dirs.split(",")) {
      try (DiffusionModel model = ModelFiles.load(Path.of(dir.strip()))) {
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
        double perSecond = passes * rows.size() / ((System.nanoTime() - started) / 1e9);
        baseline = baseline == 0 ? perSecond : baseline;
        System.out.printf(Locale.ROOT, "model %s: %.0f rows/s (%.2f x the first)%n", dir, perSecond, perSecond / baseline);
      }
    }
  }
}
