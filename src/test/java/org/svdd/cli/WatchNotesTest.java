package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SamplingServiceGrpc;

/** {@code svdd watch} prints each note a job's statuses carry (why it waits, say) once, as it first hears it. */
class WatchNotesTest {
  private static final String NO_COORDINATOR = "waiting: no cluster member has role coordinator: jobs wait until one "
      + "joins";
  private static final String NO_DENOISER = "waiting: no reachable cluster member has role denoiser: jobs wait until "
      + "one joins";

  /** A job API that answers every watch with the same fixed statuses: a fake, for this test only. */
  private static final class FixedStatusesServiceFake extends SamplingServiceGrpc.SamplingServiceImplBase {
    private final List<JobStatus> statuses;

    FixedStatusesServiceFake(List<JobStatus> statuses) {
      this.statuses = statuses;
    }

    @Override
    public void watchJob(JobRef request, StreamObserver<JobStatus> response) {
      statuses.forEach(response::onNext);
      response.onCompleted();
    }
  }

  private static JobStatus status(JobState state, int steps, String note) {
    return JobStatus.newBuilder().setJobId("job-1").setState(state).setStepsDone(steps).setStepsTotal(4)
        .setValueMedian(Double.NaN).setNote(note).build();
  }

  @Test
  void watch_printsEachNewNoteOnce() throws Exception {
    List<JobStatus> statuses = List.of(status(JobState.QUEUED, 0, NO_COORDINATOR), status(JobState.QUEUED, 0, NO_COORDINATOR),
        status(JobState.QUEUED, 0, NO_DENOISER), status(JobState.RUNNING, 2, ""), status(JobState.RUNNING, 3, NO_DENOISER),
        status(JobState.DONE, 4, ""));
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new FixedStatusesServiceFake(statuses)).build().start();
    try {
      CliRunner.Result watched = CliRunner.run("watch", "--server", "127.0.0.1:" + server.getPort(), "job-1");
      assertEquals(0, watched.exitCode(), watched.err());
      List<String> said = watched.err().lines().filter(l -> l.startsWith("svdd: job job-1: ")).toList();
      assertEquals(List.of("svdd: job job-1: " + NO_COORDINATOR, "svdd: job job-1: " + NO_DENOISER,
          "svdd: job job-1: " + NO_DENOISER), said, "each note when it first comes, again when it comes back: "
          + watched.err());
    } finally {
      server.shutdownNow();
    }
  }
}
