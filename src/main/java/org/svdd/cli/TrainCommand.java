package org.svdd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.core.diffusion.ElboEstimator;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.model.DiffusionModel;
import org.svdd.model.MdlmTrainer;
import org.svdd.model.ModelFiles;
import org.svdd.model.NetworkConfig;
import org.svdd.model.TrainingSettings;
import org.svdd.task.DataSplit;
import org.svdd.task.KmerMarkovBaseline;
import org.svdd.task.ModelCard;
import org.svdd.task.SequenceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code svdd train}: trains a masked-diffusion RNA model and writes it with its data split and model card. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a masked discrete diffusion model (MDLM loss) on RNA sequences (Stockholm or FASTA).")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, arity = "1..*", description = "Stockholm (.sto) or FASTA files.")
  List<Path> data;

  @Option(names = "--out", required = true, description = "Model directory to write.")
  Path out;

  @Option(names = "--length", defaultValue = "96", description = "Maximum length; longer sequences are dropped (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--hidden", defaultValue = "64", description = "Channels (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--blocks", defaultValue = "6", description = "Residual blocks (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--kernel", defaultValue = "5", description = "Convolution width (default: ${DEFAULT-VALUE}).")
  int kernel;

  @Option(names = "--epochs", defaultValue = "60", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--held-out", defaultValue = "0.1", description = "Held-out fraction (default: ${DEFAULT-VALUE}).")
  double heldOut;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    Vocabulary rna = Vocabulary.rna();
    List<SequenceFiles.Entry> entries = new ArrayList<>();
    for (Path file : data) {
      entries.addAll(SequenceFiles.read(file));
    }
    DataSplit split = DataSplit.of(entries, "ACGU", length, heldOut, seed);
    System.err.printf("%d sequences read, %d unique kept (%d train, %d held out), %d dropped (over %d nt or not ACGU)%n",
        entries.size(), split.train().size() + split.heldOut().size(), split.train().size(), split.heldOut().size(),
        split.dropped(), length);
    Files.createDirectories(out.resolve("data"));
    SequenceFiles.writeFasta(out.resolve("data/train.fa"), split.train());
    SequenceFiles.writeFasta(out.resolve("data/heldout.fa"), split.heldOut());

    NetworkConfig config = new NetworkConfig(length, rna.inputSize(), rna.cleanSize(), hidden, blocks, kernel);
    TrainingSettings settings = new TrainingSettings(epochs, batchSize, learningRate, seed);
    List<TokenState> train = split.train().stream().map(e -> rna.encode(e.sequence(), length)).toList();
    long started = System.nanoTime();
    DiffusionModel model;
    try (ProgressBar bar = Progress.bar("train", epochs)) {
      model = MdlmTrainer.train(train, rna, config, settings, report -> {
        bar.stepTo(report.epoch());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", report.loss()));
      });
    }
    Duration trainingTime = Duration.ofNanos(System.nanoTime() - started);
    try (model) {
      ModelFiles.save(model, config, out);
      List<TokenState> held = split.heldOut().stream().map(e -> rna.encode(e.sequence(), length)).toList();
      double[] perSequence = new ElboEstimator(new MaskedDiffusion(rna, length), model.newDenoiser(32), 32, 256)
          .logLikelihoodPerSymbol(held, seed);
      double elbo = java.util.Arrays.stream(perSequence).average().orElse(Double.NaN);
      List<String> trainText = split.train().stream().map(SequenceFiles.Entry::sequence).toList();
      List<String> heldText = split.heldOut().stream().map(SequenceFiles.Entry::sequence).toList();
      double[] markov = new double[6];
      for (int k = 0; k < markov.length; k++) {
        markov[k] = new KmerMarkovBaseline(k, "ACGU", trainText).logLikelihoodPerSymbol(heldText);
      }
      ModelCard card = new ModelCard(data.stream().map(Path::toString).toList(), split, config, settings,
          trainingTime, -elbo, markov);
      Files.writeString(out.resolve("MODEL_CARD.md"), card.markdown());
      System.out.print(card.summary());
    }
    return 0;
  }
}
