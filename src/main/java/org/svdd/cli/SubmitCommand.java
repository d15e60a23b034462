package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SubmitJobRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code svdd submit}: sends a job to the service and prints its id. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a sampling job to a running service.")
final class SubmitCommand implements Callable<Integer> {
  @Mixin SpecOptions spec;
  @Mixin ClientOptions client;

  @Option(names = "--watch", description = "Then follow the job until it ends, as svdd watch does (exit code 0 only"
      + " if it is done).")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    ManagedChannel channel = client.channel();
    JobStatus status;
    try {
      status = ClientOptions.quick(channel).submitJob(SubmitJobRequest.newBuilder().setSpec(spec.build()).build());
    } finally {
      ClientOptions.close(channel);
    }
    System.out.println(status.getJobId());
    String said = "svdd: job " + status.getJobId() + " " + status.getState()
        + (status.getNote().isEmpty() ? "" : " (" + status.getNote() + ")");
    if (watch) {
      System.err.println(said);
      return WatchCommand.of(status.getJobId(), client).call();
    }
    System.err.println(said + "; follow it with: svdd watch" + client.reachSameServer() + " " + status.getJobId());
    return 0;
  }
}
