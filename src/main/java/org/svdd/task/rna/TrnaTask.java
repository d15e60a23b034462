package org.svdd.task.rna;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardOracle;
import org.svdd.oracle.CmsearchOracle;
import org.svdd.oracle.RnaFoldOracle;
import org.svdd.oracle.StructureTargetOracle;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.task.DataSplit;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.Judge;
import org.svdd.task.OracleConfig;
import org.svdd.task.Provenance;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TrainingCorpus;

/**
 * {@code trna}: tRNA design over A, C, G, U, rewarded by folding stability (−MFE from ViennaRNA's
 * RNAfold), by closeness of the fold to the family's consensus cloverleaf ({@code cloverleaf}: minus the
 * tree edit distance, inverse folding) or by the tRNA covariance model's bit score ({@code trna-cm}). Trained on the Rfam tRNA family
 * (RF00005) alignments that Debian's {@code infernal} ships; judged, held out, by Infernal's cmsearch
 * against the family's covariance model (a tRNA when E &lt; 1e-3).
 */
public final class TrnaTask implements DesignTask {
  public static final String NAME = "trna";
  public static final String RNA_MFE = "rna-mfe";
  public static final String TRNA_CM = "trna-cm";
  public static final String CLOVERLEAF = "cloverleaf";
  /**
   * The tRNA family's consensus cloverleaf (acceptor stem 7 bp, D arm 4, anticodon arm 5, T arm 5) over
   * the 71 consensus columns of the bundled covariance model: {@code cmemit -c tRNA.c.cm}, aligned back
   * with {@code cmalign}, its {@code #=GC SS_cons} read as dot-bracket.
   */
  public static final String CONSENSUS_STRUCTURE =
      "(((((((..((((.......)))).(((((.......))))).....(((((.......))))))))))))";
  private static final Vocabulary RNA = Vocabulary.rna();
  private final Path modelDir;
  private final Path bundledCovarianceModel;

  public TrnaTask(Path home) {
    this.modelDir = home.resolve("models/trna");
    this.bundledCovarianceModel = home.resolve("models/judges/trna/tRNA.c.cm");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> rewards() {
    return List.of(RNA_MFE, CLOVERLEAF, TRNA_CM);
  }

  @Override
  public Path modelDir() {
    return modelDir;
  }

  @Override
  public Path reference() {
    return modelDir.resolve("data/heldout.fa");
  }

  @Override
  public void checkModel(Path dir, DiffusionProcess process) {
    DesignTask.requireSymbols(NAME, dir, process, RNA);
  }

  @Override
  public DesignCodec codec(DiffusionProcess process) {
    return ((MaskedDiffusion) process).vocabulary();
  }

  @Override
  public RewardOracle openReward(String reward, DesignCodec codec, Config config) {
    checkReward(reward);
    if (reward.equals(TRNA_CM)) {
      return cmsearch(codec, config);
    }
    if (reward.equals(CLOVERLEAF)) {
      return new StructureTargetOracle(CLOVERLEAF, new RnaFoldOracle(codec, OracleConfig.pool(config, "rnafold")),
          OracleConfig.pool(config, "rnadistance"), CONSENSUS_STRUCTURE);
    }
    return new RnaFoldOracle(codec, OracleConfig.pool(config, "rnafold"));
  }

  private CmsearchOracle cmsearch(DesignCodec codec, Config config) {
    return new CmsearchOracle(codec, judgeModel(config).orElseThrow(), OracleConfig.pool(config, "cmsearch"));
  }

  /** trna-cm's covariance model (the judge's); RNAfold and RNAdistance need none. */
  @Override
  public java.util.Optional<Path> rewardModel(String reward, Config config) {
    return checkReward(reward).equals(TRNA_CM) ? judgeModel(config) : java.util.Optional.empty();
  }

  /** The covariance model cmsearch searches with: svdd.reward.cmsearch.model, or the bundled tRNA one. */
  @Override
  public java.util.Optional<Path> judgeModel(Config config) {
    String configured = config.getString("svdd.reward.cmsearch.model");
    return java.util.Optional.of(configured.isBlank() ? bundledCovarianceModel : Path.of(configured));
  }

  /** Infernal's cmsearch against the tRNA covariance model: a design passes as a tRNA when E < 1e-3. */
  @Override
  public java.util.Optional<Judge> judge(Config config) {
    CmsearchOracle oracle = cmsearch(RNA, config);
    return java.util.Optional.of(new Judge() {
      @Override
      public String name() {
        return "tRNA by Infernal cmsearch, E < 1e-3";
      }

      @Override
      public List<Verdict> judge(List<String> designs) {
        return oracle.search(designs).stream().map(h -> new Verdict(h.bits(), h.passes())).toList();
      }

      @Override
      public void close() {
        oracle.close();
      }
    });
  }


  @Override
  public List<SequenceFiles.Entry> readDesigns(Path file) throws IOException {
    return SequenceFiles.read(file);
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

  @Override
  public DesignSetMetrics measure(List<String> designs, List<String> reference, Path modelDir) {
    double kmer = reference.isEmpty() ? Double.NaN : SampleMetrics.kmerCorrelation(designs, reference, "ACGU", 3);
    return new DesignSetMetrics(SampleMetrics.diversity(designs), kmer, Double.NaN, Double.NaN, Double.NaN);
  }

  @Override
  public TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed) throws IOException {
    List<SequenceFiles.Entry> kept = new ArrayList<>();
    java.util.Map<String, Integer> droppedWhy = new java.util.HashMap<>();
    int read = 0;
    for (Path file : files) {
      for (SequenceFiles.Entry e : SequenceFiles.read(file)) {
        read++;
        String s = e.sequence();
        String why = s.isEmpty() ? "empty" : s.length() > maxLength ? "longer than " + maxLength + " nt"
            : s.chars().allMatch(c -> "ACGU".indexOf(c) >= 0) ? null : "with symbols other than ACGU";
        if (why == null) {
          kept.add(e);
        } else {
          droppedWhy.merge(why, 1, Integer::sum);
        }
      }
    }
    DataSplit split = DataSplit.of(kept, heldOutFraction, seed);
    String provenance = Provenance.of(files, List.of(Provenance.Source.named(
        "Rfam RF00005 (tRNA) alignments shipped by Debian's `infernal` package (CC0)", "tRNA.sto", "tRNA1415G.sto")))
        + ". Ungapped, "
        + "upper-cased (T read as U), deduplicated; records longer than " + maxLength + " nt or with symbols "
        + "other than ACGU dropped.";
    return new TrainingCorpus(split.train(), split.heldOut(), RNA, read, droppedWhy, provenance);
  }
}
