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

  private static final String ID = "0ddba11f-0000-4000-8000-000000000001";

  /**
   * A job API that answers a first watch with the first three of fixed statuses and then drops the stream (UNAVAILABLE,
   * as when an api node goes), a second with the rest: a fake, for this test only. It keeps the ids it was asked for.
   */
  private static final class FixedStatusesServiceFake extends SamplingServiceGrpc.SamplingServiceImplBase {
    private final List<JobStatus> statuses;
    private final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

    FixedStatusesServiceFake(List<JobStatus> statuses) {
      this.statuses = statuses;
    }

    @Override
    public void watchJob(JobRef request, StreamObserver<JobStatus> response) {
      asked.add(request.getJobId());
      if (asked.size() == 1) {
        statuses.subList(0, 3).forEach(response::onNext);
        response.onError(io.grpc.Status.UNAVAILABLE.withDescription("api node gone").asRuntimeException());
        return;
      }
      statuses.subList(3, statuses.size()).forEach(response::onNext);
      response.onCompleted();
    }
  }

  private static JobStatus status(JobState state, int steps, String note) {
    return JobStatus.newBuilder().setJobId(ID).setState(state).setStepsDone(steps).setStepsTotal(4)
        .setValueMedian(Double.NaN).setNote(note).build();
  }

  @Test
  void watch_printsEachNewNoteOnce() throws Exception {
    List<JobStatus> statuses = List.of(status(JobState.QUEUED, 0, NO_COORDINATOR), status(JobState.QUEUED, 0, NO_COORDINATOR),
        status(JobState.QUEUED, 0, NO_DENOISER), status(JobState.RUNNING, 2, ""), status(JobState.RUNNING, 3, NO_DENOISER),
        status(JobState.DONE, 4, ""));
    FixedStatusesServiceFake service = new FixedStatusesServiceFake(statuses);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build()
        .start();
    try {
      // named by the start of its id: said, and watched again once the stream drops, by its whole id
      CliRunner.Result watched = CliRunner.run("watch", "--server", "127.0.0.1:" + server.getPort(), "0ddba11f");
      assertEquals(0, watched.exitCode(), watched.err());
      List<String> said = watched.err().lines().filter(l -> l.startsWith("svdd: job ")).toList();
      assertEquals(List.of("svdd: job " + ID + ": " + NO_COORDINATOR, "svdd: job " + ID + ": " + NO_DENOISER,
          "svdd: job " + ID + ": " + NO_DENOISER), said, "each note when it first comes, again when it comes back: "
          + watched.err());
      assertEquals(List.of("0ddba11f", ID), service.asked, "watched again by its whole id");
    } finally {
      server.shutdownNow();
    }
  }
}
