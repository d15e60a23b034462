package org.svdd.task.dna;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.SequenceClassifier;
import org.svdd.model.SequenceClassifierOracle;
import org.svdd.oracle.BatchingOracle;
import org.svdd.oracle.ContentDigest;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.Judge;
import org.svdd.task.Provenance;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TrainingCorpus;

/**
 * {@code promoter}: 200-nt DNA windows of <i>D. melanogaster</i> upstream regions (UCSC dm3, shipped by
 * Debian's r-bioc-biostrings), steered toward being a core promoter, as SVDD (arXiv 2408.08252) steers
 * enhancers toward predicted activity. The model pre-trains on every window of the regions, mostly not
 * promoters; the reward {@code promoter} is a CNN's log-odds that a window is the one ending at a
 * transcription start site rather than one far upstream; the held-out judge is an MLP trained on other
 * genes, and the TATA box where a core promoter has it is counted beside it.
 */
public final class PromoterTask implements DesignTask {
  public static final String NAME = "promoter";
  public static final String PROMOTER = "promoter";
  /** The classes of both predictors, by index: a far-upstream window (0), a core promoter (1). */
  public static final List<String> CLASSES = List.of("far", PROMOTER);
  public static final int WIDTH = 200;
  static final Vocabulary DNA = Vocabulary.ofCharacters("ACGT");
  /** Designs the guide predictor scores per call at most, and how long a request waits for company. */
  static final int PREDICTOR_BATCH = 256;
  static final java.time.Duration PREDICTOR_DELAY = java.time.Duration.ofMillis(2);
  /** Held-out windows kept for the model's held-out likelihood and 3-mer reference. */
  static final int HELD_OUT_WINDOWS = 2000;
  private final Path modelDir;

  public PromoterTask(Path home) {
    this.modelDir = home.resolve("models/promoter");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> rewards() {
    return List.of(PROMOTER);
  }

  @Override
  public Path modelDir() {
    return modelDir;
  }

  /** The test genes' core promoters, written when the predictors were trained: what a design should resemble. */
  @Override
  public Path reference() {
    return modelDir.resolve("data/promoters-test.fa");
  }

  @Override
  public void checkModel(Path dir, DiffusionProcess process) {
    DesignTask.requireSymbols(NAME, dir, process, DNA);
  }

  @Override
  public DesignCodec codec(DiffusionProcess process) {
    return ((MaskedDiffusion) process).vocabulary();
  }

  /** The predictor configured as svdd.reward.classifier.{role}, or the bundled classifier-{role}. */
  public Path classifierDir(Config config, String role) {
    return org.svdd.task.OracleConfig.classifierDir(config, modelDir, role);
  }

  @Override
  public RewardOracle openReward(String reward, DesignCodec codec, Config config) {
    checkReward(reward);
    Path dir = classifierDir(config, "guide");
    SequenceClassifier classifier = SequenceClassifier.load(dir);
    try {
      return new BatchingOracle(new SequenceClassifierOracle(classifier, codec, PROMOTER, PROMOTER,
          "model " + ContentDigest.ofLoaded(dir)),
          PREDICTOR_BATCH, PREDICTOR_DELAY);
    } catch (RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  /** The guide predictor, the promoter reward's model. */
  @Override
  public Optional<Path> rewardModel(String reward, Config config) {
    checkReward(reward);
    return Optional.of(classifierDir(config, "guide"));
  }

  /** The held-out predictor's folder. */
  @Override
  public Optional<Path> judgeModel(Config config) {
    return Optional.of(classifierDir(config, "judge"));
  }

  /** The held-out predictor (an MLP trained on other genes); absent when it is not installed. */
  @Override
  public Optional<Judge> judge(Config config) {
    Path dir = classifierDir(config, "judge");
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return Optional.of(new PromoterJudge(SequenceClassifier.load(dir)));
  }

  @Override
  public List<SequenceFiles.Entry> readDesigns(Path file) throws IOException {
    return SequenceFiles.readDna(file);
  }

  @Override
  public void writeDesigns(Path dir, String name, List<SequenceFiles.Entry> designs) throws IOException {
    SequenceFiles.writeFasta(dir.resolve(name + "." + designExtension()), designs);
  }

  @Override
  public void writeOutputs(Path dir, String method, List<ScoredDesign> designs, RewardOracle oracle,
      java.util.function.LongConsumer designsDone) throws IOException {
    SequenceFiles.writeScored(dir.resolve(method + ".fasta"), designs);
  }

  /** Whether each design has a TATA box where a core promoter has it (1 or 0). */
  @Override
  public List<Map<String, Double>> properties(List<String> designs, Config config) {
    return designs.stream().map(d -> Map.of(TATA, CorePromoterMotifs.hasTata(d) ? 1.0 : 0.0)).toList();
  }

  static final String TATA = "tata";

  @Override
  public DesignSetMetrics measure(List<String> designs, List<String> reference, Path modelDir) {
    double kmer = reference.isEmpty() ? Double.NaN : SampleMetrics.kmerCorrelation(designs, reference, "ACGT", 3);
    double tata = designs.stream().filter(CorePromoterMotifs::hasTata).count() / (double) Math.max(1, designs.size());
    return new DesignSetMetrics(SampleMetrics.diversity(designs), kmer, Double.NaN, Double.NaN, Double.NaN,
        Map.of(TATA, tata));
  }

  /**
   * Windows of the upstream regions' guide and judge genes to pre-train on (every window, side by side),
   * and up to {@value #HELD_OUT_WINDOWS} windows of the test genes held out; {@code maxLength} is the
   * window width.
   */
  @Override
  public TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed) throws IOException {
    if (files.size() != 1) {
      throw new IllegalArgumentException("task " + NAME + " reads one file of upstream regions (bin/fetch-promoter-data), got "
          + files.size());
    }
    List<UpstreamRegions.Region> regions = UpstreamRegions.read(files.get(0));
    PromoterData data = PromoterData.split(regions, maxLength, heldOutFraction, seed);
    List<SequenceFiles.Entry> train = data.pretrainingWindows();
    List<SequenceFiles.Entry> heldOut = data.testWindows(HELD_OUT_WINDOWS, seed);
    String provenance = Provenance.of(files, List.of(Provenance.Source.named(
        "D. melanogaster 2 kb upstream regions (UCSC dm3 `upstream2000`, shipped by Debian's `r-bioc-biostrings`, "
        + "Artistic-2.0)", "dm3_upstream2000.fa.gz"))) + ", " + regions.size() + " regions. "
        + "Split by gene (overlapping regions stay together): " + Math.round(heldOutFraction * 100) + " % of the genes "
        + "held out for testing, the rest halved between the guide and the judge predictors. Pre-training windows: "
        + "every distinct " + maxLength + "-nt window, side by side, of the guide and judge genes' regions (mostly not "
        + "promoters); windows with an unknown base dropped; " + heldOut.size() + " test windows held out.";
    return new TrainingCorpus(train, heldOut, DNA, regions.size(), java.util.Map.of(), provenance);
  }
}
