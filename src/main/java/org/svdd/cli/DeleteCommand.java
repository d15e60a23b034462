package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code svdd delete}: removes ended jobs and their samples from the service. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Remove ended jobs and their samples from the service (cancel a running one first).")
final class DeleteCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", description = "Job ids.")
  java.util.List<String> jobIds;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws java.io.IOException {
    ManagedChannel channel = client.channel();
    try {
      for (String id : jobIds) {
        ClientOptions.quick(channel).deleteJob(JobRef.newBuilder().setJobId(id).build());
        System.err.println("svdd: deleted job " + id);
      }
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }
}
