package org.svdd.task.molecule;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.InvalidModelException;
import org.svdd.oracle.RdkitOracle;
import org.svdd.oracle.ReceptorCheck;
import org.svdd.oracle.VinaOracle;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.Judge;
import org.svdd.task.OracleConfig;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TrainingCorpus;

/**
 * {@code molecules}: small-molecule design over SELFIES symbols, so that every sample is a valid molecule.
 * Rewards: {@code qed} (RDKit's QED), {@code sa} ((10 − SA)/9) and docking scores {@code vina-abl} and
 * {@code vina-aurka} (max(−affinity, 0) from AutoDock Vina), as in the SVDD paper's molecule experiments
 * (arXiv 2408.08252, Sec. 7). Trained on ChEBI, NCI and WEHI molecules Debian ships.
 */
public final class MoleculeTask implements DesignTask {
  public static final String NAME = "molecules";
  private final Path modelDir;

  public MoleculeTask(Path home) {
    this.modelDir = home.resolve("models/molecules");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> rewards() {
    return List.of(RdkitOracle.Score.QED.label(), RdkitOracle.Score.SA.label(), DockingTargets.ABL, DockingTargets.AURKA);
  }

  @Override
  public Path modelDir() {
    return modelDir;
  }

  @Override
  public Path reference() {
    return modelDir.resolve("data/heldout.smi");
  }

  @Override
  public void checkModel(Path dir, DiffusionProcess process) {
    try {
      new MoleculeCodec(DesignTask.tokens(NAME, dir, process));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("model " + dir + " cannot serve task " + NAME + ": " + e.getMessage(), e);
    }
  }

  @Override
  public DesignCodec codec(DiffusionProcess process) {
    return new MoleculeCodec(((MaskedDiffusion) process).vocabulary());
  }

  @Override
  public RewardOracle openReward(String reward, DesignCodec codec, Config config) {
    checkReward(reward);
    if (reward.startsWith("vina")) {
      return docking(reward, codec, vinaSettings(config), config, true);
    }
    RdkitOracle.Score score = reward.equals(RdkitOracle.Score.SA.label()) ? RdkitOracle.Score.SA : RdkitOracle.Score.QED;
    return new RdkitOracle(codec, score, OracleConfig.pool(config, "rdkit"));
  }

  /** @param check whether a user's own target is checked first ({@link ReceptorCheck}; the bundled ones are known good) */
  private static VinaOracle docking(String reward, DesignCodec codec, VinaOracle.Settings settings, Config config,
      boolean check) {
    Path receptors = Path.of(config.getString("svdd.reward.vina.receptor-dir"));
    boolean custom = reward.startsWith(DockingTargets.CUSTOM);
    VinaOracle.Target target = custom
        ? DockingTargets.custom(reward, receptors, settings.obabel())
        : DockingTargets.prepare(reward, receptors, settings.obabel());
    if (custom && check) {
      try {
        ReceptorCheck.check(target, settings.vina(), settings.timeout());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("reward '" + reward + "': " + e.getMessage(), e);
      }
    }
    RdkitOracle embedder = new RdkitOracle(codec, RdkitOracle.Score.QED, OracleConfig.pool(config, "rdkit"));
    try {
      return new VinaOracle(codec, target, settings, embedder);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  /**
   * A docking run's held-out judge: its final designs re-docked at {@code svdd.reward.vina.judge-exhaustiveness}
   * ({@link DockingJudge}); none for QED and SA, or when that setting is 0.
   */
  @Override
  public java.util.Optional<Judge> judge(Config config, String reward) {
    if (reward == null || !reward.startsWith("vina")) {
      return java.util.Optional.empty();
    }
    int effort = config.getInt("svdd.reward.vina.judge-exhaustiveness");
    if (effort == 0) {
      return java.util.Optional.empty();
    }
    VinaOracle.Settings judging;
    try {
      judging = vinaSettings(config).withExhaustiveness(effort);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration svdd.reward.vina.judge-exhaustiveness (0 turns the judge off): "
          + e.getMessage(), e);
    }
    return java.util.Optional.of(new DockingJudge(docking(checkReward(reward), null, judging, config, false), reward, effort));
  }

  /** The bundled rewards, or a docking target of the user's own ({@code vina:RECEPTOR:cx,cy,cz:sx,sy,sz}). */
  @Override
  public String checkReward(String reward) {
    if (reward.startsWith(DockingTargets.CUSTOM)) {
      DockingTargets.parseCustom(reward);
      return reward;
    }
    if (!rewards().contains(reward)) {
      throw new IllegalArgumentException("unknown reward '" + reward + "' for task " + name() + "; allowed: " + rewards()
          + " or your own docking target vina:RECEPTOR:cx,cy,cz:sx,sy,sz");
    }
    return reward;
  }

  /** Docking settings from {@code svdd.reward.vina}; slots 0 means one per core. */
  static VinaOracle.Settings vinaSettings(Config config) {
    try {
      Config c = config.getConfig("svdd.reward.vina");
      return new VinaOracle.Settings(c.getString("binary"), c.getString("obabel"),
          OracleConfig.perCore(c, "slots"), c.getInt("exhaustiveness"), c.getLong("seed"),
          c.getLong("conformer-seed"), c.getDuration("timeout"), c.getInt("retries"), c.getInt("batch"));
    } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration svdd.reward.vina: " + e.getMessage(), e);
    }
  }

  @Override
  public List<SequenceFiles.Entry> readDesigns(Path file) throws IOException {
    return MoleculeFiles.readSmiles(file);
  }

  /** A SMILES line, {@code SMILES<TAB>name}, as {@code .smi} files hold them. */
  @Override
  public String designRecord(String name, String text) {
    return MoleculeFiles.smilesLine(name, text);
  }

  @Override
  public String designExtension() {
    return "smi";
  }

  @Override
  public void writeDesigns(Path dir, String name, List<SequenceFiles.Entry> designs) throws IOException {
    MoleculeFiles.writeSmiles(dir.resolve(name + "." + designExtension()), designs);
  }

  /** {@code designsDone} counts the poses docked (again, where this machine did not dock them in this run). */
  @Override
  public void writeOutputs(Path dir, String method, List<ScoredDesign> designs, RewardOracle oracle,
      java.util.function.LongConsumer designsDone) throws IOException {
    MoleculeOutputs.writeSmiles(dir.resolve(method + ".smi"), designs);
    MoleculeOutputs.writeGrid(dir.resolve(method + ".png"), designs);
    if (oracle instanceof VinaOracle vina) {
      MoleculeOutputs.writePoses(dir.resolve(method + ".sdf"), designs, vina, vina.obabel(), designsDone);
    }
  }

  /** RDKit's verdict per design: valid (1 or 0), QED and SA score (1 easy .. 10 hard) of the valid ones. */
  @Override
  public List<java.util.Map<String, Double>> properties(List<String> designs, Config config) {
    try (RdkitOracle rdkit = new RdkitOracle(null, RdkitOracle.Score.QED, OracleConfig.pool(config, "rdkit"))) {
      List<java.util.concurrent.CompletableFuture<RdkitOracle.Assessment>> calls =
          designs.stream().map(rdkit::assess).toList();
      return calls.stream().map(java.util.concurrent.CompletableFuture::join)
          .map(a -> a.valid() ? java.util.Map.of("valid", 1.0, "qed", a.qed(), "sa", a.sa()) : java.util.Map.of("valid", 0.0))
          .toList();
    }
  }

  /** Validity, uniqueness, novelty against {@code modelDir/data/train.smi} (when present), and ECFP4 diversity. */
  @Override
  public DesignSetMetrics measure(List<String> designs, List<String> reference, Path modelDir) throws IOException {
    Path train = modelDir.resolve("data/train.smi");
    Set<String> training = java.nio.file.Files.isRegularFile(train)
        ? MoleculeFiles.readSmiles(train).stream().map(SequenceFiles.Entry::sequence).collect(Collectors.toSet())
        : Set.of();
    return MoleculeMetrics.measure(designs, training);
  }

  @Override
  public TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed) throws IOException {
    return MoleculeFiles.corpus(files, maxLength, heldOutFraction, seed);
  }

  @Override
  public TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed,
      java.util.function.UnaryOperator<String> prepare) throws IOException {
    return MoleculeFiles.corpus(files, maxLength, heldOutFraction, seed, prepare);
  }

  /** A salt's or solvate's largest fragment (most heavy atoms), as canonical SMILES; empty for one fragment. */
  @Override
  public java.util.Optional<String> parent(String design) {
    return Molecules.largestFragment(design);
  }

  @Override
  public java.util.Optional<String> neutral(String design) {
    return Molecules.neutralised(design);
  }

  /** The molecule's 2-D depiction (CDK), for the dashboard; empty for a design that is not a valid molecule. */
  @Override
  public java.util.Optional<String> depictionSvg(String design) {
    try {
      org.openscience.cdk.interfaces.IAtomContainer m = Molecules.parse(design);
      if (m.getAtomCount() == 0) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new org.openscience.cdk.depict.DepictionGenerator().withSize(320, 260).withAtomColors()
          .withFillToFit().depict(m).toSvgStr());
    } catch (IllegalArgumentException | org.openscience.cdk.exception.CDKException invalid) {
      return java.util.Optional.empty();
    }
  }
}
