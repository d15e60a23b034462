package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.api.ApiServer;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/** An api node alone (no coordinator reachable) says so through gRPC health instead of SERVING. */
class ClusterHealthTest {
  private static final Vocabulary AB = Vocabulary.ofCharacters("AB");

  private static SamplingEngine start(String roles) {
    EngineSettings settings = AbcModel.SETTINGS;
    return SamplingEngine.start(new NodeDeps(new MaskedDiffusion(AB, 2),
        () -> new FactorizedDenoiserFake(new double[][] {{0.5, 0.5, 1e-9}, {0.5, 0.5, 1e-9}}), new TableOracleFake(x -> x[0]),
        settings, new WorkerStats()), ConfigFactory.parseString("svdd.roles = [" + roles + "]")
        .withFallback(ConfigFactory.load()));
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Test
  void canRunJobs_onlyWithACoordinatorInTheCluster() throws Exception {
    try (SamplingEngine lonely = start("api")) {
      assertTrue(eventually(() -> lonely.membersUp() == 1));
      assertFalse(lonely.canRunJobs(), "an api node alone cannot run jobs");
    }
    try (SamplingEngine whole = start("api, coordinator, denoiser, reward")) {
      assertTrue(eventually(whole::canRunJobs));
    }
  }

  @Test
  void health_followsWhetherTheNodeCanRunJobs() throws Exception {
    try (SamplingEngine lonely = start("api")) {
      ApiServer server = new ApiServer("127.0.0.1", 0, new JobRegistry(lonely,
          new ServedTask("ab", List.of("r"), AB), Clock.systemUTC(),
          org.svdd.store.JdbcJobStore.open("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")));
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        var health = HealthGrpc.newBlockingStub(channel);
        server.setServing(lonely.canRunJobs());
        assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING,
            health.check(HealthCheckRequest.newBuilder().setService("svdd.v1.SamplingService").build()).getStatus());
        server.setServing(true);
        assertEquals(HealthCheckResponse.ServingStatus.SERVING,
            health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
      } finally {
        channel.shutdownNow();
        server.close();
      }
    }
  }
}
