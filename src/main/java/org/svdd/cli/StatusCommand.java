package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.Callable;
import org.svdd.api.JobRegistry;
import org.svdd.api.JobStates;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.ListJobsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svdd status}: one job's status, or every job's, newest first (those in some states only, with {@code --state};
 * those whose name holds some text, with {@code --name}; the newest few, with {@code --limit}).
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job's status, or list all jobs.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", description = "Job id, or its first 4 or more characters (default: list every job).")
  String jobId;

  @Option(names = "--state", split = ",", paramLabel = "STATE",
      description = "List only the jobs in these states, comma-separated: queued, running, done, failed, cancelled"
          + " (default: every state).")
  List<String> states;

  @Option(names = "--name", paramLabel = "TEXT",
      description = "List only the jobs whose name contains TEXT, letters compared without case (default: every job).")
  String name;

  @Option(names = {"--quiet", "-q"}, description = "List job ids only, one a line, without the header (for scripts:"
      + " svdd delete $(svdd status --state failed -q)).")
  boolean quiet;

  @Option(names = "--json", description = "Each job as one line of JSON: its svdd.v1.JobStatus in protobuf's JSON"
      + " mapping, every field the API gives (for scripts and jq).")
  boolean json;

  @Option(names = {"--limit", "-n"}, paramLabel = "N",
      description = "List only the newest N jobs (of those --state names); a line on stderr says when more are left"
          + " out (default: every job).")
  Integer limit;

  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws java.io.IOException {
    checkOptions();
    List<JobState> wanted = wantedStates();
    ManagedChannel channel = client.channel();
    try {
      // the header only once the server has answered: a failed call prints its one line alone
      if (jobId != null) {
        JobStatus status = ClientOptions.quick(channel).getJob(JobRef.newBuilder().setJobId(jobId).build());
        if (json) {
          System.out.println(ReadableJson.oneLine(status));
          return 0;
        }
        System.out.println(JobStatusText.header());
        System.out.println(JobStatusText.line(status));
        System.out.println(JobStatusText.details(status));
      } else {
        list(channel, wanted);
      }
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }

  /**
   * Every job newest first, page by page, up to {@code --limit}: pages as large as the API allows (a long-lived
   * service's thousands of jobs in few calls), the last one no larger than the limit needs.
   */
  private void list(ManagedChannel channel, List<JobState> wanted) {
    String token = "";
    int printed = 0;
    do {
      int size = limit == null ? JobRegistry.MAX_PAGE_SIZE : Math.min(limit - printed, JobRegistry.MAX_PAGE_SIZE);
      var page = ClientOptions.quick(channel).listJobs(ListJobsRequest.newBuilder().setPageSize(size)
          .setPageToken(token).addAllStates(wanted).setNameContains(name == null ? "" : name).build());
      if (token.isEmpty() && !quiet && !json) {
        System.out.println(JobStatusText.header());
      }
      for (JobStatus s : page.getJobsList()) {
        System.out.println(quiet ? s.getJobId() : json ? ReadableJson.oneLine(s) : JobStatusText.line(s));
      }
      printed += page.getJobsCount();
      token = page.getNextPageToken();
    } while (!token.isEmpty() && (limit == null || printed < limit));
    if (!token.isEmpty()) {
      System.err.println("svdd: the newest " + limit + (limit == 1 ? " job is" : " jobs are") + " listed; more are"
          + " left out (raise --limit, or leave it out for all)");
    }
  }

  /**
   * Refuses, before any call, a limit below one and options that cannot go together: a listing's option beside a job
   * id, -q and --json.
   */
  private void checkOptions() {
    if (quiet && json) {
      throw new ParameterException(spec.commandLine(), "--quiet prints ids, --json whole statuses: choose one");
    }
    if (name != null) {
      try {
        org.svdd.api.JobSpecs.checkSoughtName(name, "--name");
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    if (jobId != null && (states != null || name != null || quiet || limit != null)) {
      throw new ParameterException(spec.commandLine(), (states != null ? "--state" : name != null ? "--name"
          : quiet ? "--quiet" : "--limit") + " is for the list of jobs; give it without a job id");
    }
  }

  /** The states {@code --state} names (none: every state), refused before any call when one is not a state. */
  private List<JobState> wantedStates() {
    if (states == null) {
      return List.of();
    }
    try {
      return JobStates.parse(states);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--state: " + e.getMessage());
    }
  }
}
