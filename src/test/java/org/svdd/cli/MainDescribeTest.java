package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** What a client command prints when the job API fails it. */
class MainDescribeTest {
  @Test
  void storeDown_saysTheApiAnswersAndNothingChanged() {
    assertEquals("the job API answers, but the job store does not answer: svdd-store - Connection is not available; "
        + "nothing was changed: try again once it is back", Main.describe(Status.UNAVAILABLE
        .withDescription("the job store does not answer: svdd-store - Connection is not available").asRuntimeException(), null));
  }

  @Test
  void apiUnreachable_asksWhetherTheServiceRuns() {
    assertEquals("cannot reach the job API at 10.0.0.7:50051,10.0.0.8:50051 (UNAVAILABLE: io exception); is 'svdd serve' "
        + "running there? (--server, env SVDD_SERVER; default 127.0.0.1:50051)",
        Main.describe(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(),
            "10.0.0.7:50051,10.0.0.8:50051"));
  }

  @Test
  void lateAnswer_saysSo() {
    assertEquals("the job API did not answer in time (DEADLINE_EXCEEDED: deadline exceeded after 29.9s)",
        Main.describe(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 29.9s").asRuntimeException(), null));
  }

  @Test
  void otherFailures_areTheirMessage() {
    assertEquals("FAILED_PRECONDITION: job x has already ended (DONE)",
        Main.describe(Status.FAILED_PRECONDITION.withDescription("job x has already ended (DONE)").asRuntimeException(), null));
  }
}
