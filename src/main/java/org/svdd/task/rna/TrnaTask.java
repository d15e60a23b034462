package org.svdd.task.rna;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.InvalidModelException;
import org.svdd.oracle.RnaFoldOracle;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.task.DataSplit;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.OracleConfig;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TrainingCorpus;

/**
 * {@code trna}: tRNA design over A, C, G, U, rewarded by folding stability (−MFE from ViennaRNA's
 * RNAfold). Trained on the Rfam tRNA family (RF00005) alignments that Debian's {@code infernal} ships.
 */
public final class TrnaTask implements DesignTask {
  public static final String NAME = "trna";
  public static final String RNA_MFE = "rna-mfe";
  private static final Vocabulary RNA = Vocabulary.rna();
  private final Path modelDir;

  public TrnaTask(Path home) {
    this.modelDir = home.resolve("models/trna");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> rewards() {
    return List.of(RNA_MFE);
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
  public void checkModel(Path dir, Vocabulary vocabulary) {
    if (!vocabulary.equals(RNA)) {
      throw new InvalidModelException("model " + dir + " reads symbols " + vocabulary.symbols() + " but task "
          + NAME + " designs over " + RNA.symbols());
    }
  }

  @Override
  public DesignCodec codec(Vocabulary vocabulary) {
    return vocabulary;
  }

  @Override
  public RewardOracle openReward(String reward, DesignCodec codec, Config config) {
    checkReward(reward);
    return new RnaFoldOracle(codec, OracleConfig.pool(config, "rnafold"));
  }


  @Override
  public List<SequenceFiles.Entry> readDesigns(Path file) throws IOException {
    return SequenceFiles.read(file);
  }

  @Override
  public void writeDesigns(Path dir, String name, List<SequenceFiles.Entry> designs) throws IOException {
    SequenceFiles.writeFasta(dir.resolve(name + ".fa"), designs);
  }

  @Override
  public void writeOutputs(Path dir, String method, List<ScoredDesign> designs, RewardOracle oracle) throws IOException {
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
    int read = 0;
    for (Path file : files) {
      for (SequenceFiles.Entry e : SequenceFiles.read(file)) {
        read++;
        String s = e.sequence();
        if (!s.isEmpty() && s.length() <= maxLength && s.chars().allMatch(c -> "ACGU".indexOf(c) >= 0)) {
          kept.add(e);
        }
      }
    }
    DataSplit split = DataSplit.of(kept, heldOutFraction, seed);
    String provenance = "Rfam RF00005 (tRNA) alignments shipped by Debian's `infernal` package (CC0): "
        + String.join(", ", files.stream().map(p -> "`" + p.getFileName() + "`").toList()) + ". Ungapped, "
        + "upper-cased (T read as U), deduplicated; records longer than " + maxLength + " nt or with symbols "
        + "other than ACGU dropped.";
    return new TrainingCorpus(split.train(), split.heldOut(), RNA, read, read - kept.size(), provenance);
  }
}
