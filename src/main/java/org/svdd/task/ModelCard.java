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
    TrainingSettings settings, Duration trainingTime, double heldOutNelboPerSymbol, double[] markovLogLikelihoodPerSymbol,
    JudgedSamples judged, String init) {

  public ModelCard(String task, List<String> sources, TrainingCorpus corpus, NetworkConfig config,
      TrainingSettings settings, Duration trainingTime, double heldOutNelboPerSymbol, double[] markovLogLikelihoodPerSymbol) {
    this(task, sources, corpus, config, settings, trainingTime, heldOutNelboPerSymbol, markovLogLikelihoodPerSymbol, null,
        null);
  }

  /**
   * Pre-trained samples and held-out natural designs side by side before the task's held-out judge.
   *
   * @param judge the judge's rule
   * @param steps denoising steps of the samples
   * @param samples pass rate, median score and length of the pre-trained samples
   * @param natural the same of the held-out natural designs
   */
  public record JudgedSamples(String judge, int steps, JudgedSet samples, JudgedSet natural) {}

  /** A set of designs before the judge: how many, the fraction passed, median score, mean and sd of length. */
  public record JudgedSet(int count, double passRate, double medianScore, double meanLength, double sdLength) {}

  public ModelCard withJudged(JudgedSamples judged) {
    return new ModelCard(task, sources, corpus, config, settings, trainingTime, heldOutNelboPerSymbol,
        markovLogLikelihoodPerSymbol, judged, init);
  }

  /** The card of a model whose training started from the weights of model directory {@code init}. */
  public ModelCard withInit(String init) {
    return new ModelCard(task, sources, corpus, config, settings, trainingTime, heldOutNelboPerSymbol,
        markovLogLikelihoodPerSymbol, judged, init);
  }

  /** The lines printed at the end of training. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "held-out negative ELBO: %.4f nats/symbol (diffusion model)%n",
        heldOutNelboPerSymbol));
    for (int k = 0; k < markovLogLikelihoodPerSymbol.length; k++) {
      s.append(String.format(Locale.ROOT, "held-out NLL:           %.4f nats/symbol (order-%d Markov)%n",
          -markovLogLikelihoodPerSymbol[k], k));
    }
    if (judged != null) {
      s.append(String.format(Locale.ROOT, "judge (%s): %.1f%% of %d pre-trained samples pass (T = %d), %.1f%% of %d natural%n",
          judged.judge(), 100 * judged.samples().passRate(), judged.samples().count(), judged.steps(),
          100 * judged.natural().passRate(), judged.natural().count()));
    }
    s.append(String.format(Locale.ROOT, "training time: %ds%n", trainingTime.toSeconds()));
    return s.toString();
  }

  /** The command that trains this model again. */
  public String command(String out) {
    return String.format(Locale.ROOT,
        "bin/svdd train --task %s --data %s --out %s --length %d --arch %s --hidden %d --blocks %d %s%s --epochs %d "
            + "--batch-size %d --lr %s%s%s --seed %d%s",
        task, String.join(" ", sources.stream().map(ModelCard::relative).toList()), out, config.length(),
        config.architecture(), config.hidden(), config.blocks(),
        switch (config.architecture()) {
          case NetworkConfig.TRANSFORMER -> "--heads " + config.heads();
          case NetworkConfig.HYBRID -> "--kernel " + config.kernel() + " --heads " + config.heads();
          default -> "--kernel " + config.kernel();
        },
        config.dropout() > 0 ? " --dropout " + config.dropout() : "", settings.epochs(), settings.batchSize(), settings.learningRate(), settings.cosine() ? " --cosine" : "",
        settings.emaDecay() > 0 ? " --ema " + settings.emaDecay() : "", settings.seed(),
        init == null ? "" : " --init " + relative(init));
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
        "%d records read, %d unique designs kept, %d for training, %d held out (files under `data/`); %s.%n%n",
        corpus.read(), corpus.unique(), corpus.train().size(), corpus.heldOut().size(), corpus.droppedInWords()));
    s.append("## Network\n");
    if (config.architecture().equals(NetworkConfig.TRANSFORMER)) {
      s.append(String.format(Locale.ROOT,
          "Transformer encoder: token embedding (%d symbols, pad, mask) plus learned position embedding, width %d, "
              + "%d encoder layers (%d attention heads, feed-forward width %d, GELU, dropout 0.1; DJL's layer, which "
              + "normalises with batch norm), a linear map to logits over the symbols and pad per position. Not "
              + "time-conditioned. Designs are padded to %d symbols.%n%n",
          corpus.vocabulary().size(), config.hidden(), config.blocks(), config.heads(), 4 * config.hidden(), config.length()));
    } else {
      s.append(String.format(Locale.ROOT,
          "Dilated residual 1-D CNN: one-hot input (%d symbols, pad, mask), %d channels, %d residual blocks of "
              + "batch norm + ReLU + dilated conv (kernel %d, dilations 1, 2, 4, 8, 16 cycling), 1x1 conv to logits "
              + "over the symbols and pad per position. Not time-conditioned. Designs are padded to %d symbols.%n%n",
          corpus.vocabulary().size(), config.hidden(), config.blocks(), config.kernel(), config.length()));
      if (config.dropout() > 0) {
        s.append(String.format(Locale.ROOT,
            "While training, dropout %s zeroes each residual convolution's outputs at random (not when sampling).%n%n",
            config.dropout()));
      }
      if (config.architecture().equals(NetworkConfig.HYBRID)) {
        List<String> after = java.util.stream.IntStream.range(0, config.blocks()).filter(config::attentionAfter)
            .mapToObj(i -> Integer.toString(i + 1)).toList();
        s.append(String.format(Locale.ROOT,
            "After %s %s a pre-norm residual self-attention layer (layer norm over the channels, %s, dropout 0.1 "
                + "on the attention weights) lets a base see its partner across a stem by content.%n%n",
            after.size() == 1 ? "block" : "blocks", String.join(" and ", after),
            config.heads() == 1 ? "one head" : config.heads() + " heads"));
      }
    }
    s.append("## Training\n");
    s.append(String.format(Locale.ROOT,
        "Continuous-time MDLM loss with the log-linear schedule; Adam, learning rate %s%s, batch %d, %d epochs, "
            + "seed %d%s; %d s on this machine's CPU. Loss per epoch, training and held-out (nats per position, padding included): `training.tsv`.%n%n",
        settings.learningRate(), settings.cosine() ? " (warm-up over 5 % of steps, then cosine decay to 1 %)" : "",
        settings.batchSize(), settings.epochs(), settings.seed(),
        settings.emaDecay() > 0 ? ", weights averaged (EMA, decay " + settings.emaDecay() + " per step)" : "",
        trainingTime.toSeconds()));
    if (init != null) {
      s.append("Training started from the weights of `").append(relative(init))
          .append("` (trained as its own card says), not from random ones.\n\n");
    }
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
    if (judged != null) {
      s.append("\n## Held-out judge\n\n").append(judged.judge()).append(String.format(Locale.ROOT,
          "; pre-trained samples drawn with T = %d steps.%n%n", judged.steps()));
      s.append("| set | n | pass | median score | length (mean ± sd) |\n|---|---|---|---|---|\n");
      for (var row : List.of(java.util.Map.entry("pre-trained samples", judged.samples()),
          java.util.Map.entry("held-out natural", judged.natural()))) {
        JudgedSet j = row.getValue();
        s.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %.1f | %.1f ± %.1f |%n", row.getKey(), j.count(),
            100 * j.passRate(), j.medianScore(), j.meanLength(), j.sdLength()));
      }
    }
    s.append("\n## Limits\n");
    s.append(String.format(Locale.ROOT, "Small and CPU-trained on %,d designs; use it to exercise the engine and "
        + "compare methods, not as a generator for the lab. A user with a GPU brings a bigger checkpoint (TorchScript or "
        + "ONNX).%n", corpus.train().size()));
    return s.toString();
  }
}
