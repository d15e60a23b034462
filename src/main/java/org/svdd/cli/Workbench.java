package org.svdd.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.ElboEstimator;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.RewardOracles;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;
import org.svdd.store.JdbcJobStore;
import org.svdd.core.reward.RewardArchive;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskOracles;
import org.svdd.api.SampleRecords;
import org.svdd.api.proto.SampleRecord;
import org.svdd.core.method.Sample;

/** Wires a task's model and oracle into engines, and scores naturalness; closes what it opened. */
final class Workbench implements AutoCloseable {
  static final int ELBO_SAMPLES = 16;
  private final DesignTask task;
  private final DesignCodec codec;
  private final Path modelDir;
  private final JdbcJobStore archiveStore;
  private final RewardArchive archive;
  private final DiffusionModel model;
  private final DiffusionProcess process;
  private final TaskOracles oracles;
  private final String reward;
  private final EngineSettings settings;
  private final Config config;
  /** What a signal that stops the command while this is open has it say ({@link StopNotice}). */
  private final String stopNotice;

  private Workbench(DesignTask task, Path modelDir, DiffusionModel model, DesignCodec codec, String reward,
      EngineSettings settings, Config config) {
    this.task = task;
    this.modelDir = modelDir;
    this.archiveStore = openArchive(config);
    this.archive = archiveStore == null ? RewardArchive.NONE : archiveStore.rewardArchive();
    this.codec = codec;
    this.model = model;
    this.process = model.process();
    this.reward = reward;
    this.oracles = new TaskOracles(task, codec, config, archive, settings.cacheSize(), null, modelDir);
    this.settings = settings;
    this.config = config;
    this.stopNotice = StopNotice.of(archiveStore == null ? null : StopNotice.archive(config));
    StopNotice.set(stopNotice);
  }

  /** Opens the model and starts the oracle of {@code reward} (so a missing program is reported at once). */
  static Workbench open(DesignTask task, Path modelDir, String reward, EngineSettings settings, Config config) {
    DiffusionModel model = ModelFiles.load(modelDir);
    Workbench bench = null;
    try {
      task.checkModel(modelDir, model.process());
      bench = new Workbench(task, modelDir, model, task.codec(model.process()), reward, settings, config);
      bench.oracles.oracle(reward);
      return bench;
    } catch (RuntimeException e) {
      if (bench != null) {
        bench.close();
      } else {
        model.close();
      }
      throw e;
    }
  }

  DiffusionProcess process() {
    return process;
  }

  DesignTask task() {
    return task;
  }

  DesignCodec codec() {
    return codec;
  }

  /** The task's oracles, started on first use; {@code check} names a reward that is not the task's. */
  TaskOracles oracles() {
    return oracles;
  }

  /** A one-node engine whose reward worker scores through {@code oracles} (a run's caches). */
  SamplingEngine startEngine(RewardOracles oracles, WorkerStats stats) {
    NodeDeps deps = new NodeDeps(process, () -> model.newDenoiser(settings.microBatch()), oracles,
        settings, stats);
    return SamplingEngine.start(deps, config);
  }

  /** Fresh in-memory caches over the oracles, keyed by canonical design, above the durable archive. */
  TaskOracles.Cached newCaches() {
    return oracles.cached();
  }

  /** Records of samples: design text, reward, naturalness under the model and the task's per-design figures. */
  List<SampleRecord> records(String method, List<Sample> samples, long seed) {
    double[] naturalness;
    try (Progress.Delayed bar = Progress.delayed(method + ": naturalness", samples.size())) {
      naturalness = naturalness(samples.stream().map(Sample::design).toList(), seed, bar::doneSoFar);
    }
    List<String> texts = samples.stream().map(s -> codec.text(s.design())).toList();
    List<java.util.Map<String, Double>> properties = new java.util.ArrayList<>();
    task.properties(texts, config).forEach(p -> properties.add(new java.util.HashMap<>(p)));
    judge().ifPresent(j -> addVerdicts(j, method, texts, properties, System.err));
    List<SampleRecord> out = new java.util.ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      SampleRecord.Builder record = SampleRecords.of(method, samples.get(i), codec).putAllProperties(properties.get(i));
      if (!Double.isNaN(naturalness[i])) {
        record.setNaturalness(naturalness[i]);
      }
      out.add(record.build());
    }
    return out;
  }

  /**
   * Puts the judge's score and pass into each design's properties. A design it could not judge gets neither,
   * and one line on {@code err} says how many and why; a judge that fails as a whole leaves every design so.
   */
  static void addVerdicts(org.svdd.task.Judge judge, String method, List<String> texts,
      List<java.util.Map<String, Double>> properties, java.io.PrintStream err) {
    List<org.svdd.task.Judge.Verdict> verdicts;
    try (Progress.Delayed bar = Progress.delayed(method + ": held-out judge", texts.size())) {
      verdicts = judge.judge(texts, bar::doneSoFar);
    } catch (RuntimeException e) {
      String reason = org.svdd.core.reward.Failures.describe(e);
      verdicts = texts.stream().map(t -> org.svdd.task.Judge.Verdict.failed(reason)).toList();
    }
    for (int i = 0; i < verdicts.size(); i++) {
      if (verdicts.get(i).judged()) {
        properties.get(i).put(JUDGE_SCORE, verdicts.get(i).score());
        properties.get(i).put(JUDGE_PASS, verdicts.get(i).pass() ? 1.0 : 0.0);
      }
    }
    org.svdd.task.Judge.unjudged(verdicts, method + " designs", "left out of its columns")
        .ifPresent(line -> err.println("svdd: the held-out judge " + line));
  }

  static final String JUDGE_SCORE = "judge_score";
  static final String JUDGE_PASS = "judge_pass";
  private java.util.Optional<org.svdd.task.Judge> judge;

  /** The task's held-out judge, started on first use; off (with one line saying why) if it cannot start. */
  java.util.Optional<org.svdd.task.Judge> judge() {
    if (judge == null) {
      try {
        judge = task.judge(config, reward);
      } catch (RuntimeException e) {
        System.err.println("svdd: no held-out judge column: " + e.getMessage());
        judge = java.util.Optional.empty();
      }
    }
    return judge;
  }

  /** Writes a run's files with the task's formats and this workbench's oracle (for docked poses). */
  void write(Path out, org.svdd.api.proto.RunSummary summary, List<List<SampleRecord>> records)
      throws java.io.IOException {
    write(out, summary, records, java.util.Map.of(), java.util.Set.of());
  }

  /**
   * As {@link #write(Path, org.svdd.api.proto.RunSummary, List)}, with more text files (name to content), never
   * removing one of {@code inputs}.
   */
  void write(Path out, org.svdd.api.proto.RunSummary summary, List<List<SampleRecord>> records,
      java.util.Map<String, String> extraFiles, java.util.Set<Path> inputs) throws java.io.IOException {
    RunReport.write(out, summary, records, task, oracles.oracle(reward), extraFiles, inputs);
  }

  /**
   * A method's row: reward quantiles, naturalness, the task's figures (against its held-out designs and
   * this model's training set) and, when the records carry its verdicts, the held-out judge's.
   */
  org.svdd.api.proto.MethodSummary.Builder summarize(String label, List<SampleRecord> records) throws java.io.IOException {
    DesignSetMetrics metrics =
        task.measure(records.stream().map(SampleRecord::getSequence).toList(), task.referenceDesigns(), modelDir);
    return RunReport.judged(RunReport.summarize(label, records, metrics),
        judge().map(org.svdd.task.Judge::name).orElse(""), records);
  }

  /**
   * Log-likelihood per symbol under the model (an ELBO estimate) for masked diffusion; NaN for each design
   * of a Gaussian model, whose naturalness is not estimated yet.
   */
  private double[] naturalness(List<org.svdd.core.diffusion.State> designs, long seed,
      java.util.function.IntConsumer progress) {
    if (!(process instanceof MaskedDiffusion masked)) {
      double[] none = new double[designs.size()];
      java.util.Arrays.fill(none, Double.NaN);
      return none;
    }
    return new ElboEstimator(masked, model.newDenoiser(settings.microBatch()), ELBO_SAMPLES, settings.maxBatch())
        .logLikelihoodPerSymbol(designs.stream().map(d -> (TokenState) d).toList(), seed, progress);
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** The durable answers at svdd.reward.archive-url; a run goes on without them if they cannot be opened. */
  private static JdbcJobStore openArchive(Config config) {
    String url = config.getString("svdd.reward.archive-url");
    if (url.isBlank()) {
      return null;
    }
    try {
      return JdbcJobStore.openArchive(url, config.getString("svdd.store.user"), config.getString("svdd.store.password"));
    } catch (RuntimeException e) {
      System.err.println("svdd: oracle answers will not be remembered across runs (" + e.getMessage() + ")");
      return null;
    }
  }

  @Override
  public void close() {
    StopNotice.clear(stopNotice);
    if (judge != null) {
      judge.ifPresent(org.svdd.task.Judge::close);
    }
    oracles.close(); // saves what the archive held while its database failed: before the store closes
    if (archiveStore != null) {
      archiveStore.close();
    }
    model.close();
  }
}
