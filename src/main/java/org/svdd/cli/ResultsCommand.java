package org.svdd.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.svdd.api.SampleRecords;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.api.proto.SamplingServiceGrpc;
import org.svdd.cluster.EngineSettings;
import org.svdd.core.method.Sample;
import org.svdd.core.reward.Reward;
import org.svdd.oracle.ContentDigest;
import org.svdd.task.DesignTask;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code svdd results}: a finished job's samples, in the task's design format on standard output or as files. */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Fetch a finished job's samples: on standard "
    + "output in the task's design format (FASTA; SMILES lines for molecules), which svdd eval --designs - reads.")
final class ResultsCommand implements Callable<Integer> {
  @Parameters(description = "Job id, or its first 4 or more characters.")
  String jobId;

  @Option(names = "--out", description = "Write the files svdd sample writes (designs, METHOD.jsonl, summary.json) here, "
      + "with naturalness, the task's figures and the judge computed on this machine (for a docking job, each "
      + "sample's pose docked here again into METHOD.sdf), and print the table, instead of printing FASTA.")
  Path out;

  @Option(names = "--model", description = "With --out: the model the service runs, for naturalness (default: the "
      + "task's bundled model).")
  Path model;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    if (out != null) {
      OutputDirs.checkWritable("--out", out);
    } else if (model != null) {
      throw new IllegalArgumentException(
          "--model is for --out (the files' naturalness); without --out results prints the designs");
    }
    ManagedChannel channel = client.channel();
    try {
      JobRef ref = JobRef.newBuilder().setJobId(jobId).build();
      List<SampleRecord> samples = new ArrayList<>();
      SamplingServiceGrpc.newBlockingStub(channel).getResults(ref).forEachRemaining(samples::add);
      if (out == null) {
        // in the task's design format where the task is known here (SMILES lines for molecules), so that
        // svdd eval --designs - reads it back; FASTA otherwise
        DesignTask known = installed(taskOf(ClientOptions.quick(channel).getJob(ref)));
        System.out.print(SampleRecords.designFile(samples,
            known == null ? SequenceFiles::fastaRecord : known::designRecord));
      } else {
        JobStatus status = ClientOptions.quick(channel).getJob(ref);
        String task = taskOf(status);
        DesignTask known = installed(task);
        String without = known == null ? "task " + task + " is not installed here" : null;
        Path modelDir = known == null ? null : model != null ? model : known.modelDir();
        if (without == null && !Files.isDirectory(modelDir)) {
          without = "no model directory " + modelDir;
        }
        if (without == null) {
          try {
            writeWithFigures(known, modelDir, status, samples);
            return 0;
          } catch (RuntimeException e) {
            without = org.svdd.core.reward.Failures.describe(e);
          }
        }
        System.err.println("svdd: the records are written as the service keeps them, without naturalness and the "
            + "task's figures: " + without);
        List<SampleRecord> unmeasured = samples.stream() // an older service sent NaN, or 0 before that
            .map(r -> r.toBuilder().clearNaturalness().build()).toList();
        RunReport.write(out, summaryOf(status).build(), List.of(unmeasured), known, null);
        System.err.println("svdd: wrote " + samples.size() + " samples to " + out.toAbsolutePath());
      }
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }

  /**
   * Which model the naturalness came from, and whether it is the one that ran the job: the service records the digest
   * of the model it ran (a service before that records none), which the model read here is compared with.
   */
  private String naturalnessNote(Path modelDir, String ran) {
    if (ran.isEmpty()) {
      return "svdd: naturalness under " + modelDir + (model == null ? " (if the service runs another model, name it "
          + "with --model)" : "");
    }
    String here = ContentDigest.ofLoaded(modelDir, ContentDigest::ofDenoiser);
    return here.equals(ran) ? "svdd: naturalness under " + modelDir + ", the model the service ran (" + ran + ")"
        : "svdd: warning: naturalness under " + modelDir + " (" + here + "), not the model the service ran (" + ran
            + "): name a copy of that model with --model for naturalness under it";
  }

  /** The task of that name as this machine has it, or null. */
  private static DesignTask installed(String task) {
    return TaskRegistry.names().contains(task) ? TaskRegistry.named(task, Home.dir()) : null;
  }

  /** What a job's summary says of it before its methods: its spec, the model and the oracles that ran it. */
  private static RunSummary.Builder summaryOf(JobStatus status) {
    return RunSummary.newBuilder().setSpec(status.getSpec()).setModelDigest(status.getModelDigest())
        .putAllOracles(status.getOraclesMap());
  }

  private static String taskOf(JobStatus status) {
    return status.getSpec().getTask().isEmpty() ? TaskRegistry.DEFAULT : status.getSpec().getTask();
  }

  /**
   * The files and table {@code svdd sample} writes: the service's designs and rewards as they are (no oracle scores
   * them again), with naturalness under the job's model, the task's figures and the held-out judge added here, and a
   * docking job's poses docked here again (the service keeps none; each pose's affinity checked against its reward).
   */
  private void writeWithFigures(DesignTask task, Path modelDir, JobStatus status, List<SampleRecord> samples)
      throws java.io.IOException {
    Config config = ConfigFactory.load();
    JobSpec spec = status.getSpec();
    String reward = spec.getReward().isEmpty() ? task.defaultReward() : spec.getReward();
    RunSummary.Builder summary = summaryOf(status);
    double wall = JobStatusText.wallSeconds(status);
    List<List<SampleRecord>> records = new ArrayList<>();
    try (Workbench bench = Workbench.open(task, modelDir, reward, EngineSettings.from(config), config)) {
      String served = status.getOraclesMap().getOrDefault(reward, "");
      String here = bench.oracles().oracle(reward).identity();
      if (!served.isEmpty() && !served.equals(here)) {
        System.err.println("svdd: the service scored reward '" + reward + "' with " + served + "; this machine's "
            + "oracle is " + here + ": what is scored here again (docked poses, the task's figures) is this one's");
      }
      Map<String, List<SampleRecord>> byMethod = new LinkedHashMap<>();
      samples.forEach(r -> byMethod.computeIfAbsent(r.getMethod(), m -> new ArrayList<>()).add(r));
      for (Map.Entry<String, List<SampleRecord>> method : byMethod.entrySet()) {
        List<Sample> designs = new ArrayList<>();
        for (SampleRecord r : method.getValue()) {
          designs.add(new Sample(r.getParticle(), bench.codec().parse(r.getSequence(), bench.process().length()),
              new Reward(r.getReward(), r.getStructure())));
        }
        List<SampleRecord> measured = bench.records(method.getKey(), designs, spec.getSeed());
        records.add(measured);
        summary.addMethods(bench.summarize(method.getKey(), measured)
            .setDesignsScored(status.getDesignsScored())
            .setOracleCalls(status.getOracleCalls())
            .setEarlyOracleCalls(status.getEarlyOracleCalls())
            .setArchiveHits(status.getArchiveAnswers())
            .setDenoisedRows(status.getDenoisedRows())
            .setWallSeconds(wall)
            .setNote(status.getNote()));
      }
      // this machine's oracle: a docking job's poses are docked here again (the service keeps none)
      bench.write(out, summary.build(), records);
    }
    System.out.print(RunReport.table(summary.getMethodsList()));
    System.err.println(naturalnessNote(modelDir, status.getModelDigest()));
    System.err.println("svdd: designs, oracle-calls and archived are the service's counts for the job; wall-s is "
        + (Double.isNaN(wall) ? "not known (the service recorded no start and end of this job)"
            : "from its start to its end on the service"));
    System.err.println("svdd: wrote " + samples.size() + " samples to " + out.toAbsolutePath());
  }
}
