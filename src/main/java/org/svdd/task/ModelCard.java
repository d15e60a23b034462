package org.svdd.task;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.svdd.model.NetworkConfig;
import org.svdd.model.TrainingSettings;

/** What a trained model is: data, command, cost, and held-out likelihood next to Markov baselines. */
public record ModelCard(List<String> sources, DataSplit split, NetworkConfig config, TrainingSettings settings,
    Duration trainingTime, double heldOutNelboPerNt, double[] markovLogLikelihoodPerNt) {

  /** The lines printed at the end of training. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "held-out negative ELBO: %.4f nats/nt (diffusion model)%n", heldOutNelboPerNt));
    for (int k = 0; k < markovLogLikelihoodPerNt.length; k++) {
      s.append(String.format(Locale.ROOT, "held-out NLL:           %.4f nats/nt (order-%d Markov)%n",
          -markovLogLikelihoodPerNt[k], k));
    }
    s.append(String.format(Locale.ROOT, "training time: %ds%n", trainingTime.toSeconds()));
    return s.toString();
  }

  public String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("# Model card: tRNA masked diffusion (MDLM)\n\n");
    s.append("A small pre-trained model for the `trna` task, trained by `svdd train` on this machine's CPU.\n\n");
    s.append("## Data\n");
    s.append("Rfam RF00005 (tRNA) alignments shipped by Debian's `infernal` package (CC0): ");
    s.append(String.join(", ", sources.stream().map(p -> "`" + p.replaceAll(".*/", "") + "`").toList())).append(".\n");
    s.append(String.format(Locale.ROOT,
        "Ungapped, upper-cased, deduplicated: %d unique sequences of at most %d nt (%d records dropped as longer "
            + "or not ACGU); %d for training (`data/train.fa`), %d held out (`data/heldout.fa`).%n%n",
        split.train().size() + split.heldOut().size(), config.length(), split.dropped(), split.train().size(),
        split.heldOut().size()));
    s.append("## Network\n");
    s.append(String.format(Locale.ROOT,
        "Dilated residual 1-D CNN: one-hot input (A, C, G, U, pad, mask), %d channels, %d residual blocks of "
            + "batch norm + ReLU + dilated conv (kernel %d, dilations 1, 2, 4, 8, 16 cycling), 1x1 conv to 5 logits "
            + "(A, C, G, U, pad) per position. Not time-conditioned. Sequences are padded to %d.%n%n",
        config.hidden(), config.blocks(), config.kernel(), config.length()));
    s.append("## Training\n");
    s.append(String.format(Locale.ROOT,
        "Continuous-time MDLM loss with the log-linear schedule; Adam, learning rate %s, batch %d, %d epochs, "
            + "seed %d; %d s on this machine's CPU.%n%n",
        settings.learningRate(), settings.batchSize(), settings.epochs(), settings.seed(), trainingTime.toSeconds()));
    s.append("Command:\n\n```\nbin/svdd train --data ");
    s.append(String.join(" ", sources)).append(String.format(Locale.ROOT,
        " --out models/trna --length %d --hidden %d --blocks %d --kernel %d --epochs %d --batch-size %d --lr %s --seed %d%n```%n%n",
        config.length(), config.hidden(), config.blocks(), config.kernel(), settings.epochs(), settings.batchSize(),
        settings.learningRate(), settings.seed()));
    s.append("## Held-out likelihood (nats per nucleotide, lower is better)\n\n");
    s.append("| model | held-out NLL / nt |\n|---|---|\n");
    s.append(String.format(Locale.ROOT, "| this model (negative ELBO, an upper bound; 32 stratified t per sequence) | %.4f |%n",
        heldOutNelboPerNt));
    for (int k = 0; k < markovLogLikelihoodPerNt.length; k++) {
      s.append(String.format(Locale.ROOT, "| order-%d Markov chain, add-one smoothing, with end symbol | %.4f |%n", k,
          -markovLogLikelihoodPerNt[k]));
    }
    s.append(String.format(Locale.ROOT, "| uniform over ACGU | %.4f |%n", Math.log(4)));
    s.append("\n## Limits\n");
    s.append("Small and CPU-trained on about 1,400 sequences; it knows tRNA's cloverleaf statistics only roughly. "
        + "Use it to exercise the engine and compare methods, not as a tRNA generator for the lab.\n");
    return s.toString();
  }
}
