package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SubmitJobRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code svdd submit}: sends a job to the service and prints its id. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a sampling job to a running service.")
final class SubmitCommand implements Callable<Integer> {
  @Mixin SpecOptions spec;
  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    ManagedChannel channel = client.channel();
    try {
      JobStatus status = ClientOptions.quick(channel).submitJob(SubmitJobRequest.newBuilder().setSpec(spec.build()).build());
      System.out.println(status.getJobId());
      System.err.println("svdd: job " + status.getJobId() + " " + status.getState()
          + (status.getNote().isEmpty() ? "" : " (" + status.getNote() + ")") + "; follow it with: svdd watch"
          + client.reachSameServer() + " " + status.getJobId());
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }
}
