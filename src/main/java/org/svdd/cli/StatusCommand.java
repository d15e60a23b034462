package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.ListJobsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code svdd status}: one job's status, or every job's. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job's status, or list all jobs.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", description = "Job id (default: list every job).")
  String jobId;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws java.io.IOException {
    ManagedChannel channel = client.channel();
    try {
      // the header only once the server has answered: a failed call prints its one line alone
      if (jobId != null) {
        JobStatus status = ClientOptions.quick(channel).getJob(JobRef.newBuilder().setJobId(jobId).build());
        System.out.println(JobStatusText.header());
        System.out.println(JobStatusText.line(status));
        System.out.println(JobStatusText.details(status));
      } else {
        String token = "";
        do {
          var page = ClientOptions.quick(channel).listJobs(ListJobsRequest.newBuilder().setPageToken(token).build());
          if (token.isEmpty()) {
            System.out.println(JobStatusText.header());
          }
          for (JobStatus s : page.getJobsList()) {
            System.out.println(JobStatusText.line(s));
          }
          token = page.getNextPageToken();
        } while (!token.isEmpty());
      }
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }
}
