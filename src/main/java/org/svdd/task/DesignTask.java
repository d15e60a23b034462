package org.svdd.task;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardOracle;

/**
 * A named design problem plugged into the engine: how its token states read as designs, its bundled
 * pre-trained model and held-out natural designs, the rewards it offers, and how its training data are
 * prepared. The engine, the actors and the API know nothing task-specific; they go through this port.
 * Tasks are listed in {@link TaskRegistry}.
 */
public interface DesignTask {

  /** The task's name in job specs and on the command line. */
  String name();

  /** Reward names accepted, the first being the default. */
  List<String> rewards();

  /** The bundled model directory. */
  Path modelDir();

  /** Held-out natural designs (the evaluation's reference row); may be absent. */
  Path reference();

  /** Fails naming the model and the problem unless a model denoising this process can serve the task. */
  void checkModel(Path modelDir, DiffusionProcess process);

  /** How the states of a model's process read as designs. */
  DesignCodec codec(DiffusionProcess process);

  /**
   * The part of a design the task models, where the task knows what else a design file may carry: for molecules
   * the largest fragment of a salt or solvate (its counter-ions and solvent dropped). Empty when there is nothing
   * to drop or the design cannot be read; a task without such a notion always answers empty.
   */
  default java.util.Optional<String> parent(String design) {
    return java.util.Optional.empty();
  }

  /**
   * The design with its charges neutralised where the task knows how (molecules: protons added or removed, as
   * RDKit's Uncharger does). Empty when nothing changes or the design cannot be read; other tasks answer empty.
   */
  default java.util.Optional<String> neutral(String design) {
    return java.util.Optional.empty();
  }

  /**
   * A design drawn as SVG where the task draws its designs on the server (a molecule's 2-D depiction);
   * empty where it does not, or where the page draws them itself (RNA folds, images).
   */
  default java.util.Optional<String> depictionSvg(String design) {
    return java.util.Optional.empty();
  }

  /** The vocabulary of a masked-diffusion model; fails naming the task and the model for any other kind. */
  static Vocabulary tokens(String task, Path modelDir, DiffusionProcess process) {
    if (process instanceof MaskedDiffusion masked) {
      return masked.vocabulary();
    }
    throw new org.svdd.model.InvalidModelException("model " + modelDir + " is not a masked (token) diffusion model, "
        + "which task " + task + " needs");
  }

  /**
   * The vocabulary of a masked-diffusion model when it is {@code expected}; fails naming the model, the
   * task and both symbol sets otherwise.
   */
  static Vocabulary requireSymbols(String task, Path modelDir, DiffusionProcess process, Vocabulary expected) {
    Vocabulary vocabulary = tokens(task, modelDir, process);
    if (!vocabulary.equals(expected)) {
      throw new org.svdd.model.InvalidModelException("model " + modelDir + " reads symbols " + vocabulary.symbols()
          + " but task " + task + " designs over " + expected.symbols());
    }
    return vocabulary;
  }

  /** Starts a reward oracle configured from {@code config}; the caller closes it. */
  RewardOracle openReward(String reward, DesignCodec codec, Config config);

  /**
   * The trained model or profile {@link #openReward} scores {@code reward} with (a classifier's folder, a covariance
   * model), or empty for a reward a program computes alone: a run records its digest, and svdd report runs a kept run
   * again once it has changed.
   */
  default java.util.Optional<Path> rewardModel(String reward, Config config) {
    return java.util.Optional.empty();
  }

  /**
   * The trained model or profile the held-out {@link #judge} scores with (a classifier's folder, a covariance model),
   * or empty where there is none: a run records its digest, and svdd report runs a kept run again once it has changed.
   */
  default java.util.Optional<Path> judgeModel(Config config) {
    return java.util.Optional.empty();
  }

  /** Reads designs (text) from a file of the task's format: FASTA/Stockholm for RNA, SMILES for molecules. */
  List<SequenceFiles.Entry> readDesigns(Path file) throws IOException;

  /** Writes designs as {@code <dir>/<name>.<ext>} in the task's format, readable by {@link #readDesigns}. */
  void writeDesigns(Path dir, String name, List<SequenceFiles.Entry> designs) throws IOException;

  /**
   * One design as a record of the task's design file, newline included, readable by {@link #readDesigns} (what
   * {@code svdd results} prints): FASTA by default.
   */
  default String designRecord(String name, String text) {
    return SequenceFiles.fastaRecord(name, text);
  }

  /** The extension of the task's design file ({@link #writeDesigns}), without the dot: "fa" by default. */
  default String designExtension() {
    return "fa";
  }

  /** A design in an output file: its label, text and reward. */
  record ScoredDesign(String name, String text, double reward) {}

  /**
   * Writes one method's designs in the task's format ({@code <method>.fasta} for RNA; {@code .smi}, a
   * PNG grid of the best and, when {@code oracle} docks, an SDF of the docked poses for molecules).
   * {@code oracle} may be null: then only what needs no oracle is written. A task whose outputs take a while (molecules:
   * poses docked again where this machine did not dock them in the run) tells {@code designsDone} how many designs'
   * outputs are ready so far; the others need not.
   */
  void writeOutputs(Path dir, String method, List<ScoredDesign> designs, RewardOracle oracle,
      java.util.function.LongConsumer designsDone) throws IOException;

  /**
   * Writes what compares the methods of one run side by side (images: {@code methods.png}, a row per
   * method); nothing by default.
   */
  default void writeComparison(Path dir, java.util.Map<String, List<ScoredDesign>> designsByMethod) throws IOException {}

  /** Per-design figures beside each sample's reward (molecules: validity, QED, SA); empty maps for none. */
  default List<java.util.Map<String, Double>> properties(List<String> designs, Config config) {
    return designs.stream().map(d -> java.util.Map.<String, Double>of()).toList();
  }

  /** Prepares training data from raw files: cleaned, deduplicated, split, with the vocabulary to train on. */
  TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed) throws IOException;

  /**
   * As {@link #corpus(List, int, double, long)}, each record first rewritten by {@code prepare} (a salt's largest
   * fragment, a neutral form: see {@link #parent} and {@link #neutral}). A task whose records are used as they are
   * refuses.
   */
  default TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed,
      java.util.function.UnaryOperator<String> prepare) throws IOException {
    throw new IllegalArgumentException("task " + name() + " trains on its records as they are (the option is for "
        + "molecules)");
  }

  /**
   * Diversity and the task's quality figures of a set of designs (text), against the held-out natural
   * designs {@code reference} and the training designs of the model in {@code modelDir}.
   */
  DesignSetMetrics measure(java.util.List<String> designs, java.util.List<String> reference, Path modelDir)
      throws IOException;

  /** The task's held-out judge, configured from {@code config}, or empty for none; the caller closes it. */
  default java.util.Optional<Judge> judge(Config config) {
    return java.util.Optional.empty();
  }

  /** The held-out judge of a run steered toward {@code reward} (by default the same for every reward). */
  default java.util.Optional<Judge> judge(Config config, String reward) {
    return judge(config);
  }

  default String defaultReward() {
    return rewards().get(0);
  }

  /** Fails naming the reward and the allowed ones unless the task accepts it. */
  default String checkReward(String reward) {
    if (!rewards().contains(reward)) {
      throw new IllegalArgumentException("unknown reward '" + reward + "' for task " + name() + "; allowed: " + rewards());
    }
    return reward;
  }

  /** The held-out natural designs, or an empty list when the file is absent. */
  default List<String> referenceDesigns() throws IOException {
    if (!java.nio.file.Files.isRegularFile(reference())) {
      return List.of();
    }
    return readDesigns(reference()).stream().map(SequenceFiles.Entry::sequence).toList();
  }
}
