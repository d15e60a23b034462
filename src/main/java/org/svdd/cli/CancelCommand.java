package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code svdd cancel}: stops a queued or running job. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running job.")
final class CancelCommand implements Callable<Integer> {
  @Parameters(description = "Job id, or its first 4 or more characters.")
  String jobId;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws java.io.IOException {
    ManagedChannel channel = client.channel();
    try {
      String id = ClientOptions.quick(channel).cancelJob(JobRef.newBuilder().setJobId(jobId).build()).getJobId();
      System.err.println("svdd: asked job " + (id.isEmpty() ? jobId : id) + " to stop");
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }
}
