package org.svdd.task;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.svdd.model.NetworkConfig;
import org.svdd.model.TrainingSettings;

/**
 * What a trained model is: its task, data, command, cost, and held-out likelihood next to Markov
 * baselines; a task may add sections (e.g. the validity of pre-trained molecule samples).
 */
public record ModelCard(String task, List<String> sources, TrainingCorpus corpus, NetworkConfig config,
    TrainingSettings settings, Duration trainingTime, double heldOutNelboPerSymbol, double[] markovLogLikelihoodPerSymbol) {

  /** The lines printed at the end of training. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "held-out negative ELBO: %.4f nats/symbol (diffusion model)%n",
        heldOutNelboPerSymbol));
    for (int k = 0; k < markovLogLikelihoodPerSymbol.length; k++) {
      s.append(String.format(Locale.ROOT, "held-out NLL:           %.4f nats/symbol (order-%d Markov)%n",
          -markovLogLikelihoodPerSymbol[k], k));
    }
    s.append(String.format(Locale.ROOT, "training time: %ds%n", trainingTime.toSeconds()));
    return s.toString();
  }

  /** The command that trains this model again. */
  public String command(String out) {
    return String.format(Locale.ROOT,
        "bin/svdd train --task %s --data %s --out %s --length %d --hidden %d --blocks %d --kernel %d --epochs %d "
            + "--batch-size %d --lr %s --seed %d",
        task, String.join(" ", sources.stream().map(ModelCard::relative).toList()), out, config.length(), config.hidden(), config.blocks(), config.kernel(),
        settings.epochs(), settings.batchSize(), settings.learningRate(), settings.seed());
  }

  /** A path under the working directory written relative to it, so a card names no personal folders. */
  private static String relative(String path) {
    java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
    java.nio.file.Path p = java.nio.file.Path.of(path).toAbsolutePath().normalize();
    return p.startsWith(here) ? here.relativize(p).toString() : path;
  }

  public String markdown(String out) {
    StringBuilder s = new StringBuilder();
    s.append("# Model card: `").append(task).append("` masked diffusion (MDLM)\n\n");
    s.append("A small pre-trained model for the `").append(task)
        .append("` task, trained by `svdd train` on this machine's CPU.\n\n");
    s.append("## Data\n").append(corpus.provenance()).append("\n\n");
    s.append(String.format(Locale.ROOT,
        "%d records read, %d unique designs kept, %d records dropped; %d for training, %d held out (files under "
            + "`data/`).%n%n",
        corpus.read(), corpus.unique(), corpus.dropped(), corpus.train().size(), corpus.heldOut().size()));
    s.append("## Network\n");
    s.append(String.format(Locale.ROOT,
        "Dilated residual 1-D CNN: one-hot input (%d symbols, pad, mask), %d channels, %d residual blocks of "
            + "batch norm + ReLU + dilated conv (kernel %d, dilations 1, 2, 4, 8, 16 cycling), 1x1 conv to logits "
            + "over the symbols and pad per position. Not time-conditioned. Designs are padded to %d symbols.%n%n",
        corpus.vocabulary().size(), config.hidden(), config.blocks(), config.kernel(), config.length()));
    s.append("## Training\n");
    s.append(String.format(Locale.ROOT,
        "Continuous-time MDLM loss with the log-linear schedule; Adam, learning rate %s, batch %d, %d epochs, "
            + "seed %d; %d s on this machine's CPU.%n%n",
        settings.learningRate(), settings.batchSize(), settings.epochs(), settings.seed(), trainingTime.toSeconds()));
    s.append("Command:\n\n```\n").append(command(out)).append("\n```\n\n");
    s.append("## Held-out likelihood (nats per symbol, lower is better)\n\n");
    s.append("| model | held-out NLL / symbol |\n|---|---|\n");
    s.append(String.format(Locale.ROOT,
        "| this model (negative ELBO, an upper bound; 32 stratified t per design) | %.4f |%n", heldOutNelboPerSymbol));
    for (int k = 0; k < markovLogLikelihoodPerSymbol.length; k++) {
      s.append(String.format(Locale.ROOT, "| order-%d Markov chain, add-one smoothing, with end symbol | %.4f |%n", k,
          -markovLogLikelihoodPerSymbol[k]));
    }
    s.append(String.format(Locale.ROOT, "| uniform over the %d symbols | %.4f |%n", corpus.vocabulary().size(),
        Math.log(corpus.vocabulary().size())));
    s.append("\n## Limits\n");
    s.append("Small and CPU-trained on a few thousand designs; use it to exercise the engine and compare methods, "
        + "not as a generator for the lab. A user with a GPU brings a bigger checkpoint (TorchScript or ONNX).\n");
    return s.toString();
  }
}
