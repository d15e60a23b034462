package org.svdd.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import org.svdd.api.proto.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code svdd delete}: removes ended jobs and their samples from the service; a job it cannot delete is named and
 * skipped.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Remove ended jobs and their samples from the service (cancel a running one first).")
final class DeleteCommand implements Callable<Integer> {
  /** Refusals that concern one job: the others are still deleted. */
  private static final java.util.Set<Status.Code> JOB_ERRORS = java.util.EnumSet.of(Status.Code.NOT_FOUND,
      Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED, Status.Code.INVALID_ARGUMENT);

  @Parameters(arity = "1..*", description = "Job ids, or their first 4 or more characters.")
  java.util.List<String> jobIds;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws java.io.IOException {
    ManagedChannel channel = client.channel();
    try {
      int failed = 0;
      for (String id : new java.util.LinkedHashSet<>(jobIds)) { // a job named twice is deleted once
        try {
          String deleted = ClientOptions.quick(channel).deleteJob(JobRef.newBuilder().setJobId(id).build()).getJobId();
          System.err.println("svdd: deleted job " + (deleted.isEmpty() ? id : deleted));
        } catch (StatusRuntimeException e) {
          if (!JOB_ERRORS.contains(e.getStatus().getCode())) {
            throw e; // the service, not this job: nothing more can be deleted
          }
          System.err.println("svdd: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
          failed++;
        }
      }
      return failed == 0 ? 0 : 2;
    } finally {
      ClientOptions.close(channel);
    }
  }
}
