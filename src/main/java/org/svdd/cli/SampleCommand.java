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
import org.svdd.api.SampleRecords;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.JobCoordinator;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.ValueEstimator;
import org.svdd.oracle.CachingOracle;
import org.svdd.oracle.ContentDigest;
import org.svdd.task.TaskOracles;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code svdd sample}: runs one or more methods on a task and reports them side by side. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sample designs with SVDD or a baseline on a one-node cluster, score them, and write the designs (FASTA, SMILES or PNG), JSONL and a summary.")
final class SampleCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin SpecOptions specOptions;
  @picocli.CommandLine.Mixin LocalRunOptions localOptions;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(names = "--timings", description = "Print the wall time of each phase of the run (start-up, sampling, scoring, writing).")
  boolean timings;

  private final Phases phases = new Phases();

  @Override
  public Integer call() throws Exception {
    Path home = Home.dir();
    JobSpec spec = spec();
    DesignTask designTask = TaskRegistry.named(spec.getTask(), home);
    designTask.checkReward(spec.getReward());
    if (!spec.getEarlyValue().getReward().isEmpty()) {
      designTask.checkReward(spec.getEarlyValue().getReward());
    }
    List<SamplingPlan> plans = new ArrayList<>();
    List<Method> methods = java.util.Arrays.stream(spec.getMethod().split(",")).map(n -> Method.parse(n.trim())).toList();
    for (Method method : methods) {
      JobSpec methodSpec = JobSpecs.forMethod(spec, method, methods);
      JobSpecs.checkNew(methodSpec, method);
      SamplingPlan plan = JobSpecs.toPlan(methodSpec, method);
      int scheduled = plan.guidance().withoutCap().guidedSteps(plan.steps());
      if (plan.valuesEveryStep() && plan.guidedSteps() < scheduled) {
        org.svdd.api.proto.Budget budget = spec.getBudget();
        String what = (budget.hasMaxOracleRequests() ? budget.getMaxOracleRequests() + " oracle requests" : "")
            + (budget.hasMaxOracleRequests() && budget.hasMaxDenoiserRows() ? " and " : "")
            + (budget.hasMaxDenoiserRows() ? budget.getMaxDenoiserRows() + " denoiser rows" : "");
        System.err.printf("svdd: a budget of %s pays for the last %d of %s's %d guided steps%n",
            what, plan.guidedSteps(), plan.method().label(), scheduled);
      }
      plans.add(plan);
    }
    Config config = ConfigFactory.load();
    EngineSettings settings = settings(EngineSettings.from(config), spec);
    OutputDirs.checkWritable("--out", out);
    Path modelDir = spec.getModel().isEmpty() ? designTask.modelDir() : Path.of(spec.getModel());
    // before loading: a tree and a step must fit (a missing or foreign folder is named by the loading)
    if (Files.isRegularFile(modelDir.resolve(org.svdd.model.ModelFiles.PROPERTIES))) {
      org.svdd.model.ModelFiles.Description model = org.svdd.model.ModelFiles.describe(modelDir);
      for (SamplingPlan plan : plans) {
        org.svdd.api.TreeMemory.checkHere(plan, model.process().length());
        StepMemory.check(plan, model, Runtime.getRuntime().maxMemory());
      }
    }

    RunSummary.Builder summary = RunSummary.newBuilder().setSpec(spec);
    List<List<SampleRecord>> records = new ArrayList<>();
    phases.end("options");
    try (Workbench bench = Workbench.open(designTask, modelDir, spec.getReward(), settings, config)) {
      summary.setModelDigest(ContentDigest.ofLoaded(modelDir, ContentDigest::ofDenoiser));
      designTask.rewardModel(spec.getReward(), config).ifPresent(dir ->
          summary.setRewardModelDigest(ContentDigest.ofLoaded(dir)));
      designTask.judgeModel(config).filter(java.nio.file.Files::exists).ifPresent(judge ->
          summary.setJudgeModelDigest(ContentDigest.ofLoaded(judge)));
      for (SamplingPlan plan : plans) {
        if (plan.rewards().hasEarly()) {
          bench.oracles().oracle(plan.rewards().early()); // a missing value network or program is named now
          if (ValueEstimator.isValueNetwork(plan.rewards().early())) {
            summary.setValueNetworkDigest(ContentDigest.ofLoaded(bench.oracles().valueNetworkDir(
                ValueEstimator.estimated(plan.rewards().early()))));
          }
        }
      }
      phases.end("model and oracle");
      for (SamplingPlan plan : plans) {
        List<SampleRecord> methodRecords = new ArrayList<>();
        summary.addMethods(run(bench, plan, methodRecords, summary::putAllOracles));
        records.add(methodRecords);
      }
      bench.write(out, summary.build(), records);
      phases.end("writing");
    }
    phases.end("closing");
    System.out.print(RunReport.table(summary.getMethodsList()));
    System.err.println("wrote " + out.toAbsolutePath());
    if (timings) {
      System.err.println("timings: " + phases);
    }
    return 0;
  }

  /** Runs {@code plan}, adding its samples' records to {@code into} and telling {@code oracles} which scored them. */
  private MethodSummary run(Workbench bench, SamplingPlan plan, List<SampleRecord> into,
      java.util.function.Consumer<java.util.Map<String, String>> oracles) throws Exception {
    WorkerStats stats = new WorkerStats();
    TaskOracles.Cached caches = bench.newCaches();
    JobCoordinator.Finished finished;
    var last = new java.util.concurrent.atomic.AtomicReference<JobCoordinator.Progress>();
    long started;
    double wallSeconds;
    try (caches; SamplingEngine engine = bench.startEngine(caches, stats);
        ProgressBar bar = Progress.bar(plan.method().label(), (long) plan.trajectories() * plan.steps())) {
      phases.end("engine start");
      started = System.nanoTime();
      finished = engine.runToEnd(plan, p -> {
        JobCoordinator.Progress before = last.getAndSet(p);
        if (!p.note().isEmpty() && (before == null || before.note().isEmpty())) {
          System.err.printf("%nsvdd: %s: %s%n", plan.method().label(), p.note());
        }
        bar.stepTo(p.stepsDone());
        bar.setExtraMessage(String.format(Locale.ROOT, "%s, done %d/%d", Double.isNaN(p.medianValue())
            ? "no values yet" : String.format(Locale.ROOT, "median value %.2f", p.medianValue()), p.finished(),
            p.trajectories()));
      }).get();
      // an oracle budget may end a job early (Best-of-N, tree search): the bar ends at the steps taken
      bar.maxHint(bar.getCurrent());
      wallSeconds = Workbench.since(started).toNanos() / 1e9;
      phases.end("sampling");
    }
    phases.end("engine stop");
    if (last.get() != null) {
      oracles.accept(last.get().oraclesByReward());
    }
    into.addAll(bench.records(plan.method().label(), finished.samples(), plan.seed()));
    CachingOracle.Stats oracleStats = caches.stats(plan.rewards().reward());
    MethodSummary.Builder row = bench.summarize(plan.method().label(), into);
    if (plan.rewards().hasEarly()) {
      row.setEarlyOracleCalls(caches.stats(plan.rewards().early()).delegated());
    }
    MethodSummary summary = row
        .setDesignsScored(oracleStats.requested())
        .setOracleCalls(oracleStats.delegated())
        .setArchiveHits(oracleStats.archived())
        .setGuidedSteps(plan.guidedSteps())
        .setFailedDesigns(finished.failedDesigns())
        .setDenoisedRows(stats.rows())
        .setBatchFill(stats.batchFill())
        .setWallSeconds(wallSeconds)
        .setOracleSeconds(last.get() == null ? 0 : last.get().spent().oracleSeconds())
        .setNote(last.get() == null ? "" : last.get().note())
        .build();
    phases.end("scoring samples");
    return summary;
  }

  /** The job its options ask for, the task's defaults filled in: what {@code summary.json} records as its spec. */
  JobSpec spec() throws java.io.IOException {
    JobSpec spec = localOptions.over(specOptions.build());
    DesignTask designTask = TaskRegistry.named(spec.getTask().isEmpty() ? JobSpecs.DEFAULT_TASK : spec.getTask(),
        Home.dir());
    return JobSpecs.withDefaults(spec, designTask.defaultReward());
  }

  /** The spec that {@code svdd sample} with {@code arguments} (after the word "sample") would run and record. */
  static JobSpec specOf(List<String> arguments) throws java.io.IOException {
    SampleCommand command = new SampleCommand();
    new picocli.CommandLine(command).parseArgs(arguments.toArray(String[]::new));
    return command.spec();
  }

  private static EngineSettings settings(EngineSettings base, JobSpec spec) {
    int rows = spec.getLimits().hasMaxBatch() ? spec.getLimits().getMaxBatch() : base.maxBatch();
    int inFlight = spec.getLimits().hasMaxInFlight() ? spec.getLimits().getMaxInFlight() : base.maxInFlight();
    return base.withLimits(rows, inFlight);
  }
}
