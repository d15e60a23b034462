package org.svdd.cli;

import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.RunSummary;
import org.svdd.oracle.ContentDigest;
import org.svdd.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code svdd report}: every task × method at settings that fit this machine, over several seeds, into one
 * markdown report with its plots. Each run is an ordinary {@code svdd sample} whose output directory is
 * kept under {@code runs/}; a run already there is skipped unless {@code --force}, so an interrupted report
 * resumes where it stopped.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Run every task and method over several seeds and write one report (tables and plots); resumable.")
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "docs/report", description = "Report directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--quick", description = "Tiny settings: a smoke run in a minute or two, not a measurement.")
  boolean quick;

  @Option(names = "--seeds", defaultValue = "3", description = "Seeds per run, 1..N (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--tasks", split = ",", description = "Tasks to run (default: every task with a bundled model).")
  List<String> tasks;

  @Option(names = "--force", description = "Run again what is already done.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
    }
    OutputDirs.checkWritable("--out", out);
    List<ReportPlan> plans = new ArrayList<>();
    for (ReportPlan plan : ReportPlan.all(quick)) {
      if (tasks == null || tasks.contains(plan.task())) {
        Path model = TaskRegistry.named(plan.task(), Home.dir()).modelDir();
        if (Files.isRegularFile(model.resolve("model.properties"))) {
          plans.add(plan);
        } else {
          System.err.println("svdd report: skipping " + plan.task() + ": no bundled model at " + model);
        }
      }
    }
    if (tasks != null) {
      for (String t : tasks) {
        TaskRegistry.named(t, Home.dir());
        if (plans.stream().noneMatch(p -> p.task().equals(t))) {
          throw new IllegalArgumentException("task " + t + " has no report settings");
        }
      }
    }
    int total = 0;
    Map<ReportPlan, Integer> counted = new LinkedHashMap<>();
    for (ReportPlan plan : plans) {
      counted.put(plan, plan.runs(hasValueNetwork(plan)).size());
      total += counted.get(plan) * seeds;
    }
    String archive = StopNotice.archive(com.typesafe.config.ConfigFactory.load());
    String stopNotice = "svdd report: stopped before its end; the runs it finished are kept in " + out.resolve("runs")
        + (archive == null ? "" : " and the oracle answers it paid for in " + archive)
        + ": the same command again runs only the rest.";
    StopNotice.set(stopNotice);
    try {
      return runAll(plans, counted, total);
    } finally {
      StopNotice.clear(stopNotice);
    }
  }

  /** Runs every plan's runs not done before, {@code total} in all so far, and writes the report. */
  private int runAll(List<ReportPlan> plans, Map<ReportPlan, Integer> counted, int total) throws java.io.IOException {
    Map<ReportPlan, List<ReportWriter.RunResult>> results = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int done = 0;
    long started = System.nanoTime();
    for (ReportPlan plan : plans) {
      List<ReportWriter.RunResult> taskResults = new ArrayList<>();
      List<ReportPlan.Run> runs = plan.runs(hasValueNetwork(plan));
      Models models = Models.of(plan);
      total += (runs.size() - counted.get(plan)) * seeds; // a value network made since the start adds runs
      for (ReportPlan.Run run : runs) {
        for (long seed = 1; seed <= seeds; seed++) {
          done++;
          Path dir = out.resolve("runs").resolve(plan.task()).resolve(run.label()).resolve("seed-" + seed);
          Path summary = dir.resolve("summary.json");
          String what = String.format(Locale.ROOT, "[%d/%d %s] %s %s seed %d", done, total,
              Workbench.since(started).toSeconds() + " s", plan.task(), run.label(), seed);
          List<String> arguments = plan.arguments(run, seed, dir);
          String changed = Files.isRegularFile(summary) && !force
              ? changes(read(summary), SampleCommand.specOf(arguments.subList(1, arguments.size())), models)
              : null;
          if (changed != null && changed.isEmpty()) {
            System.err.println(what + ": done before, kept");
          } else {
            System.err.println(what + (changed == null ? "" : ": done before with other settings (" + changed + "), run again"));
            int code = Main.run(arguments.toArray(String[]::new));
            if (code != 0 || !Files.isRegularFile(summary)) {
              failures.add(plan.task() + " " + run.label() + " seed " + seed + " (exit " + code + ")");
              continue;
            }
          }
          taskResults.add(new ReportWriter.RunResult(run.label(), seed, read(summary)));
        }
      }
      results.put(plan, taskResults);
    }
    Path report = new ReportWriter(out, quick, seeds).write(results);
    System.out.println("wrote " + report.toAbsolutePath());
    if (!failures.isEmpty()) {
      System.err.println("svdd report: " + failures.size() + " runs failed: " + String.join("; ", failures));
      return 1;
    }
    return 0;
  }

  private static RunSummary read(Path summary) throws java.io.IOException {
    RunSummary.Builder read = RunSummary.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(summary), read);
    return read.build();
  }

  /**
   * The digests of the models a plan's runs would use now: the denoiser's weights, the value network beside it for
   * the plan's reward, the learned reward's model and the held-out judge's ("" for none); and the identity of the
   * oracle each reward would be scored with now ("" where it cannot be opened).
   */
  record Models(String denoiser, String valueNetwork, String reward, String judge,
      java.util.function.UnaryOperator<String> oracle) {
    static Models of(ReportPlan plan) {
      Path modelDir = modelDir(plan);
      Path valueDir = org.svdd.task.TaskOracles.valueNetworkDir(modelDir, plan.reward());
      org.svdd.task.DesignTask task = TaskRegistry.named(plan.task(), Home.dir());
      com.typesafe.config.Config config = com.typesafe.config.ConfigFactory.load();
      return new Models(ContentDigest.ofLoaded(modelDir, ContentDigest::ofDenoiser),
          Files.isDirectory(valueDir) ? ContentDigest.ofLoaded(valueDir) : "",
          task.rewardModel(plan.reward(), config).filter(Files::exists).map(ContentDigest::ofLoaded).orElse(""),
          task.judgeModel(config).filter(Files::exists).map(ContentDigest::ofLoaded).orElse(""),
          new OraclesNow(task, modelDir, config)::identity);
    }
  }

  /**
   * {@link #changes(JobSpec, JobSpec)} of a kept run, and each model it recorded that is not the one it would use
   * {@code now} (a bundled model, value network, reward or judge classifier retrained since, in a later version), and
   * each oracle it recorded that is not the one that would score now (RNAfold or Vina upgraded since): such a run is
   * not kept either. A summary that names none (written before svdd recorded them) is judged by its spec alone.
   */
  static String changes(RunSummary kept, JobSpec planned, Models now) {
    List<String> changed = new ArrayList<>();
    String spec = changes(kept.getSpec(), planned);
    if (!spec.isEmpty()) {
      changed.add(spec);
    }
    changed(changed, "model weights", kept.getModelDigest(), now.denoiser());
    changed(changed, "value network", kept.getValueNetworkDigest(), now.valueNetwork());
    changed(changed, "reward model", kept.getRewardModelDigest(), now.reward());
    changed(changed, "judge model", kept.getJudgeModelDigest(), now.judge());
    new java.util.TreeMap<>(kept.getOraclesMap()).forEach((reward, oracle) -> {
      // a value network is compared by its digest above; an oracle that cannot be opened now fails the run instead
      String current = org.svdd.core.method.ValueEstimator.isValueNetwork(reward) ? "" : now.oracle().apply(reward);
      if (!current.isEmpty() && !current.equals(oracle)) {
        changed.add("oracle of " + reward + " " + oracle + ", now " + current);
      }
    });
    return String.join("; ", changed);
  }

  /** Adds "{@code what} WAS, now NOW" to {@code changed} when a recorded digest is not the one now. */
  private static void changed(List<String> changed, String what, String was, String now) {
    if (!was.isEmpty() && !was.equals(now)) {
      changed.add(what + " " + was + ", now " + (now.isEmpty() ? "none" : now));
    }
  }

  /**
   * The settings in which a kept run's spec differs from the one the report would run now ("particles 4, now 128"),
   * or "" when they are the same: a run done with other settings ({@code --quick}, an earlier version's) is not kept.
   */
  static String changes(JobSpec kept, JobSpec planned) {
    List<String> changed = new ArrayList<>();
    for (com.google.protobuf.Descriptors.FieldDescriptor field : JobSpec.getDescriptor().getFields()) {
      Object was = kept.getField(field);
      Object now = planned.getField(field);
      if (!was.equals(now)) {
        changed.add(field.getName() + " " + shortly(was) + ", now " + shortly(now));
      }
    }
    return String.join("; ", changed);
  }

  private static String shortly(Object value) {
    String text = value instanceof com.google.protobuf.Message m
        ? com.google.protobuf.TextFormat.printer().shortDebugString(m) : String.valueOf(value);
    return text.isEmpty() ? "none" : text;
  }

  private static boolean hasValueNetwork(ReportPlan plan) {
    return Files.isDirectory(org.svdd.task.TaskOracles.valueNetworkDir(modelDir(plan), plan.reward()));
  }

  /** The model a plan's runs sample: its task's bundled one. */
  private static Path modelDir(ReportPlan plan) {
    return TaskRegistry.named(plan.task(), Home.dir()).modelDir();
  }
}
