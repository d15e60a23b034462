package org.svdd.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardOracle;
import org.svdd.oracle.RnaFoldOracle;

/**
 * A named design problem: its alphabet, bundled pre-trained model, natural reference sequences and the
 * rewards that make sense for it.
 *
 * @param name the task's name in job specs
 * @param vocabulary symbols of its designs
 * @param modelDir bundled model directory
 * @param reference held-out natural sequences (FASTA), the reference row of evaluations
 * @param rewards reward names accepted, the first being the default
 */
public record DesignTask(String name, Vocabulary vocabulary, Path modelDir, Path reference, List<String> rewards) {

  public static final String RNA_MFE = "rna-mfe";
  private static final List<String> NAMES = List.of("trna");

  /** The task called {@code name}, with its files under the installation directory {@code home}. */
  public static DesignTask named(String name, Path home) {
    if ("trna".equals(name)) {
      Path model = home.resolve("models/trna");
      return new DesignTask("trna", Vocabulary.rna(), model, model.resolve("data/heldout.fa"), List.of(RNA_MFE));
    }
    throw new IllegalArgumentException("unknown task '" + name + "'; allowed: " + NAMES);
  }

  public String defaultReward() {
    return rewards.get(0);
  }

  /** Fails naming the reward and the allowed ones unless the task accepts it. */
  public String checkReward(String reward) {
    if (!rewards.contains(reward)) {
      throw new IllegalArgumentException("unknown reward '" + reward + "' for task " + name + "; allowed: " + rewards);
    }
    return reward;
  }

  /** Starts the reward oracle; the caller closes it. */
  public RewardOracle openReward(String reward, RnaFoldOracle.Settings rnafold) {
    checkReward(reward);
    return new RnaFoldOracle(vocabulary, rnafold);
  }

  /** The natural reference sequences, or an empty list when the file is absent. */
  public List<String> referenceSequences() throws java.io.IOException {
    if (!Files.isRegularFile(reference)) {
      return List.of();
    }
    return SequenceFiles.read(reference).stream().map(SequenceFiles.Entry::sequence).toList();
  }
}
