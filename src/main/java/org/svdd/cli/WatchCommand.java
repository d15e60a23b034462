package org.svdd.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.api.JobRegistry;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SamplingServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code svdd watch}: follows a job with a progress bar until it ends; non-zero exit unless it is done. */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Follow a job until it ends.")
final class WatchCommand implements Callable<Integer> {
  @Parameters(description = "Job id, or its first 4 or more characters.")
  String jobId;

  /** How long a watch tries to reach the job API again by default. */
  static final long DEFAULT_RECONNECT_SECONDS = 120;

  @Option(names = "--reconnect-for", defaultValue = "" + DEFAULT_RECONNECT_SECONDS, paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "Once watching, keep trying this long to reach the job API again when it goes away (an api "
          + "node restarting; the job runs on in the cluster): seconds, or a number with s, m or h (90, 90s, 5m); "
          + "0 gives up at once (default: ${DEFAULT-VALUE}).")
  long reconnectFor;

  /** Whole seconds: a bare number, or one with the unit s, m or h. */
  static final class Seconds implements ITypeConverter<Long> {
    private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(\\d{1,9})\\s*([smh]?)");

    @Override
    public Long convert(String value) {
      java.util.regex.Matcher m = FORM.matcher(value.trim());
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a time: give seconds (90), or a number with s, m "
            + "or h (90s, 5m, 1h)");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "m" -> n * 60;
        case "h" -> n * 3600;
        default -> n;
      };
    }
  }

  @Mixin ClientOptions client;

  /** A watch of {@code jobId} through {@code client}'s server, reconnecting for the default time. */
  static WatchCommand of(String jobId, ClientOptions client) {
    WatchCommand watch = new WatchCommand();
    watch.jobId = jobId;
    watch.client = client;
    watch.reconnectFor = DEFAULT_RECONNECT_SECONDS;
    return watch;
  }

  @Override
  public Integer call() throws java.io.IOException, InterruptedException {
    ManagedChannel channel = client.channel();
    JobStatus last = null;
    ProgressBar bar = null;
    long lostAt = 0;
    String said = ""; // the note last printed
    try {
      while (true) {
        try {
          Iterator<JobStatus> updates = SamplingServiceGrpc.newBlockingStub(channel)
              .watchJob(JobRef.newBuilder().setJobId(jobId).build());
          while (updates.hasNext()) {
            last = updates.next();
            lostAt = 0;
            // named by the start of its id, the job is followed by its whole id from here on: said in full, and
            // watched again after a failover without the store's look-up
            jobId = last.getJobId().isEmpty() ? jobId : last.getJobId();
            if (bar == null && JobRegistry.ended(last.getState())) {
              break; // an ended job: its line below says all
            }
            if (bar == null) {
              bar = Progress.bar(jobId.length() > 8 ? jobId.substring(0, 8) : jobId, Math.max(1, last.getStepsTotal()),
                  last.getStepsDone(), sinceSubmitted(last));
            }
            if (!last.getNote().isEmpty() && !last.getNote().equals(said)) {
              System.err.printf("%nsvdd: job %s: %s%n", jobId, last.getNote()); // above the bar, once per note
            }
            said = last.getNote();
            bar.maxHint(Math.max(1, last.getStepsTotal()));
            bar.stepTo(last.getStepsDone());
            bar.setExtraMessage(last.getNote().startsWith(JobRegistry.WAITING) ? last.getState() + ", waiting"
                : Double.isNaN(last.getValueMedian()) || last.getStepsDone() == 0
                ? last.getState() + ", no values yet"
                : String.format(Locale.ROOT, "%s, value q10/median/q90 %.2f/%.2f/%.2f", last.getState(),
                    last.getValueQ10(), last.getValueMedian(), last.getValueQ90()));
          }
          break;
        } catch (StatusRuntimeException e) {
          // the job API went away mid-watch (its node stopping or killed, its stream reset): the job runs on
          Status.Code code = e.getStatus().getCode();
          if (last == null || code != Status.Code.UNAVAILABLE && code != Status.Code.CANCELLED) {
            throw e;
          }
          long now = System.nanoTime();
          lostAt = lostAt == 0 ? now : lostAt;
          long lostFor = TimeUnit.NANOSECONDS.toSeconds(now - lostAt);
          if (lostFor >= reconnectFor) {
            throw e;
          }
          if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, "job API lost %d s ago, trying again (up to %d s)", lostFor,
                reconnectFor));
          }
          Thread.sleep(1000);
          channel.resetConnectBackoff(); // try at once, not after gRPC's growing backoff
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
      ClientOptions.close(channel);
    }
    if (last == null) {
      throw new IllegalStateException("the server sent no status for job " + jobId);
    }
    System.out.println(JobStatusText.header());
    System.out.println(JobStatusText.line(last));
    System.out.println(JobStatusText.details(last));
    return last.getState() == JobState.DONE ? 0 : 1;
  }

  /** How long the job has been in the service, so the bar's rate and time left count from its start, not ours. */
  private static java.time.Duration sinceSubmitted(JobStatus s) {
    long ms = System.currentTimeMillis() - s.getSubmittedAtMs();
    return s.getSubmittedAtMs() > 0 && ms > 0 ? java.time.Duration.ofMillis(ms) : java.time.Duration.ZERO;
  }
}
