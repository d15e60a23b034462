package org.svdd.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.api.JobSpecs;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.oracle.CachingOracle;
import org.svdd.task.DesignTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code svdd sample}: runs one or more methods on a task and reports them side by side. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sample designs with SVDD or a baseline on a one-node cluster, score them, and write FASTA, JSONL and a summary.")
final class SampleCommand implements Callable<Integer> {
  @Option(names = "--spec", description = "Job spec in protobuf JSON (proto/svdd/v1/job.proto); flags override it.")
  Path specFile;

  @Option(names = "--task", description = "Task (default: trna).")
  String task;

  @Option(names = "--reward", description = "Reward (default: the task's, rna-mfe for trna).")
  String reward;

  @Option(names = "--method", split = ",",
      description = "Method(s), comma-separated: pretrained, best-of-n, smc, svdd (default: svdd).")
  List<String> methods;

  @Option(names = {"--particles", "-n"}, description = "N, samples per method (default: 16).")
  Integer particles;

  @Option(names = {"--candidates", "-m"}, description = "M, children per step (svdd) / budget multiplier (best-of-n) (default: 4).")
  Integer candidates;

  @Option(names = "--alpha", description = "Temperature; 0 = argmax (default: 0; 1 for smc).")
  Double alpha;

  @Option(names = "--steps", description = "T, denoising steps (default: 32).")
  Integer steps;

  @Option(names = "--seed", description = "Seed (default: 0).")
  Long seed;

  @Option(names = "--value", description = "Value estimator: pm or rollout (default: pm).")
  String value;

  @Option(names = "--rollouts", description = "K completions per child for --value rollout (default: 4).")
  Integer rollouts;

  @Option(names = "--ess-threshold", description = "SMC resamples when ESS < this x N (default: 0.5).")
  Double essThreshold;

  @Option(names = "--resampler", description = "SMC resampler: systematic or multinomial (default: systematic).")
  String resampler;

  @Option(names = "--model", description = "Model directory (default: the task's bundled model).")
  Path model;

  @Option(names = "--max-batch", description = "Rows per forward pass at most (default: svdd.denoise.max-batch).")
  Integer maxBatch;

  @Option(names = "--max-in-flight", description = "Designs at the oracle at once at most (default: svdd.reward.max-in-flight).")
  Integer maxInFlight;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("svdd.home", "."));
    JobSpec spec = buildSpec();
    DesignTask designTask = DesignTask.named(spec.getTask().isEmpty() ? JobSpecs.DEFAULT_TASK : spec.getTask(), home);
    spec = JobSpecs.withDefaults(spec, designTask.defaultReward());
    designTask.checkReward(spec.getReward());
    List<SamplingPlan> plans = new ArrayList<>();
    for (String name : spec.getMethod().split(",")) {
      plans.add(JobSpecs.toPlan(spec, Method.parse(name.trim())));
    }
    Config config = ConfigFactory.load();
    EngineSettings settings = settings(EngineSettings.from(config), spec);
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
    }
    Path modelDir = spec.getModel().isEmpty() ? designTask.modelDir() : Path.of(spec.getModel());

    RunSummary.Builder summary = RunSummary.newBuilder().setSpec(spec);
    List<List<SampleRecord>> records = new ArrayList<>();
    try (Workbench bench = Workbench.open(designTask, modelDir, spec.getReward(), settings, config)) {
      List<String> reference = designTask.referenceSequences();
      for (SamplingPlan plan : plans) {
        List<SampleRecord> methodRecords = new ArrayList<>();
        summary.addMethods(run(bench, plan, reference, methodRecords));
        records.add(methodRecords);
      }
    }
    RunReport.write(out, summary.build(), records);
    System.out.print(RunReport.table(summary.getMethodsList()));
    System.err.println("wrote " + out.toAbsolutePath());
    return 0;
  }

  private MethodSummary run(Workbench bench, SamplingPlan plan, List<String> reference, List<SampleRecord> into)
      throws Exception {
    WorkerStats stats = new WorkerStats();
    CachingOracle cache = bench.newCache();
    List<Sample> samples;
    long started;
    double wallSeconds;
    try (SamplingEngine engine = bench.startEngine(cache, stats);
        ProgressBar bar = Progress.bar(plan.method().label(), (long) plan.trajectories() * plan.steps())) {
      started = System.nanoTime();
      samples = engine.run(plan, p -> {
        bar.stepTo(p.stepsDone());
        bar.setExtraMessage(String.format(Locale.ROOT, "median value %.2f, done %d/%d", p.medianValue(), p.finished(),
            p.trajectories()));
      }).get();
      wallSeconds = Workbench.since(started).toNanos() / 1e9;
    }
    List<TokenState> designs = samples.stream().map(s -> (TokenState) s.design()).toList();
    double[] naturalness = bench.naturalness(designs, plan.seed());
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      into.add(SampleRecord.newBuilder()
          .setMethod(plan.method().label())
          .setParticle(s.particle())
          .setSequence(bench.task().vocabulary().decode(designs.get(i)))
          .setReward(s.reward().value())
          .setStructure(s.reward().detail())
          .setNaturalness(naturalness[i])
          .build());
    }
    CachingOracle.Stats oracleStats = cache.stats();
    return RunReport.summarize(plan.method().label(), into, reference)
        .setDesignsScored(oracleStats.requested())
        .setOracleCalls(oracleStats.delegated())
        .setDenoisedRows(stats.rows())
        .setBatchFill(stats.batchFill())
        .setWallSeconds(wallSeconds)
        .build();
  }

  private JobSpec buildSpec() throws java.io.IOException {
    JobSpec.Builder b = JobSpec.newBuilder();
    if (specFile != null) {
      if (!Files.isReadable(specFile)) {
        throw new IllegalArgumentException("cannot read job spec " + specFile);
      }
      b.mergeFrom(JobSpecs.parseJson(Files.readString(specFile), specFile.toString()));
    }
    if (task != null) {
      b.setTask(task);
    }
    if (reward != null) {
      b.setReward(reward);
    }
    if (methods != null) {
      b.setMethod(String.join(",", methods));
    }
    if (particles != null) {
      b.setParticles(requireNonZero("--particles", particles));
    }
    if (candidates != null) {
      b.setCandidates(requireNonZero("--candidates", candidates));
    }
    if (alpha != null) {
      b.setAlpha(alpha);
    }
    if (steps != null) {
      b.setSteps(requireNonZero("--steps", steps));
    }
    if (seed != null) {
      b.setSeed(seed);
    }
    if (value != null) {
      b.setValueEstimator(value);
    }
    if (rollouts != null) {
      b.setRollouts(requireNonZero("--rollouts", rollouts));
    }
    if (essThreshold != null) {
      b.setEssThreshold(essThreshold);
    }
    if (resampler != null) {
      b.setResampler(resampler);
    }
    if (model != null) {
      b.setModel(model.toString());
    }
    if (maxBatch != null) {
      b.getLimitsBuilder().setMaxBatch(requireNonZero("--max-batch", maxBatch));
    }
    if (maxInFlight != null) {
      b.getLimitsBuilder().setMaxInFlight(requireNonZero("--max-in-flight", maxInFlight));
    }
    return b.build();
  }

  private static EngineSettings settings(EngineSettings base, JobSpec spec) {
    int rows = spec.getLimits().getMaxBatch() > 0 ? spec.getLimits().getMaxBatch() : base.maxBatch();
    int inFlight = spec.getLimits().getMaxInFlight() > 0 ? spec.getLimits().getMaxInFlight() : base.maxInFlight();
    if (rows < 0 || inFlight < 0) {
      throw new IllegalArgumentException("limits.max_batch and limits.max_in_flight must be positive");
    }
    return base.withLimits(rows, inFlight);
  }

  /** Zero means "unset" in the spec, so a zero given on the command line is an error, not a default. */
  private static int requireNonZero(String flag, int value) {
    if (value == 0) {
      throw new IllegalArgumentException(flag + " must not be 0");
    }
    return value;
  }
}
