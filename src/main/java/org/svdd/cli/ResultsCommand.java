package org.svdd.cli;

import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.api.proto.SamplingServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code svdd results}: a finished job's samples, as FASTA on standard output or as files. */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Fetch a finished job's samples.")
final class ResultsCommand implements Callable<Integer> {
  @Parameters(description = "Job id.")
  String jobId;

  @Option(names = "--out", description = "Write METHOD.fasta, METHOD.jsonl and summary.json here instead of printing FASTA.")
  Path out;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    if (out != null) {
      OutputDirs.checkWritable("--out", out);
    }
    ManagedChannel channel = client.channel();
    try {
      JobRef ref = JobRef.newBuilder().setJobId(jobId).build();
      List<SampleRecord> samples = new ArrayList<>();
      SamplingServiceGrpc.newBlockingStub(channel).getResults(ref).forEachRemaining(samples::add);
      if (out == null) {
        for (SampleRecord s : samples) {
          System.out.printf(Locale.ROOT, ">%s-%d reward=%.2f%n%s%n", s.getMethod(), s.getParticle(), s.getReward(),
              s.getSequence());
        }
      } else {
        JobStatus status = ClientOptions.quick(channel).getJob(ref);
        String task = status.getSpec().getTask().isEmpty() ? TaskRegistry.DEFAULT : status.getSpec().getTask();
        DesignTask known = TaskRegistry.names().contains(task) ? TaskRegistry.named(task, Home.dir()) : null;
        RunReport.write(out, RunSummary.newBuilder().setSpec(status.getSpec()).build(), List.of(samples), known, null);
        System.err.println("svdd: wrote " + samples.size() + " samples to " + out.toAbsolutePath());
      }
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }
}
