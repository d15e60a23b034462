package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.svdd.api.AbcTask.P;
import static org.svdd.api.AbcTask.PROCESS;
import static org.svdd.api.AbcTask.TASK;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.SamplingNode;
import org.svdd.cluster.WorkerStats;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * Two live api nodes on one job store whose database stops for longer than a lease: neither could renew, so every
 * lease lapsed. When it is back, each keeps following its own jobs; the first to get through took the other's.
 */
class LeasesThroughAnOutageTest {
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final EngineSettings SETTINGS =
      new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofSeconds(30), 2);

  @TempDir Path dir;

  private static Config roles(String roles) {
    return ConfigFactory.parseString("svdd.roles = [" + roles + "]").withFallback(ConfigFactory.load());
  }

  @Test
  void storeDownPastTheLeases_eachApiNodeKeepsItsOwnJobs() throws Exception {
    Server database = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
    int port = database.getPort();
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/jobs";
    List<AutoCloseable> open = new ArrayList<>();
    try {
      JdbcJobStore workerStore = JdbcJobStore.open(url, "sa", "", Duration.ofMillis(500));
      open.add(workerStore);
      SamplingEngine worker = SamplingEngine.start(new SamplingNode.Deps(PROCESS, () -> new FactorizedDenoiserFake(P),
          new SimulatedLatencyOracle(Duration.ofMillis(40), 4, 1), SETTINGS, new WorkerStats(), workerStore.checkpoints()),
          roles("coordinator, denoiser, reward"));
      open.add(0, worker);
      Map<String, JobRegistry> nodes = new LinkedHashMap<>();
      Map<String, JdbcJobStore> stores = new LinkedHashMap<>();
      for (String name : List.of("api-a", "api-b")) {
        SamplingEngine engine = SamplingEngine.join(new SamplingNode.Deps(PROCESS, () -> {
          throw new IllegalStateException("an api node loads no model");
        }, (org.svdd.core.reward.RewardOracles) null, SETTINGS, new WorkerStats()), roles("api"), worker.address());
        open.add(0, engine);
        JdbcJobStore store = JdbcJobStore.open(url, "sa", "", Duration.ofMillis(500));
        open.add(0, store);
        JobRegistry registry = new JobRegistry(engine, TASK, Clock.systemUTC(), store, ApiPolicy.open(),
            new SimpleMeterRegistry(), new JobLeases(name, LEASE));
        open.add(0, registry);
        registry.recover();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!engine.canRunJobs() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        nodes.put(name, registry);
        stores.put(name, store);
      }
      Map<String, String> ownerOf = new LinkedHashMap<>();
      for (int seed = 1; seed <= 4; seed++) {
        String name = seed % 2 == 1 ? "api-a" : "api-b";
        JobSpec spec = JobSpec.newBuilder().setMethod("svdd").setParticles(4).setCandidates(2).setSteps(60).setSeed(seed)
            .build();
        ownerOf.put(nodes.get(name).submit(spec).getJobId(), name);
      }
      for (Map.Entry<String, String> job : ownerOf.entrySet()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (nodes.get(job.getValue()).get(job.getKey()).getStepsDone() < 4 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      }
      database.stop();
      Thread.sleep(3 * LEASE.toMillis()); // every lease lapses
      database = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists")
          .start();
      for (Map.Entry<String, String> job : ownerOf.entrySet()) {
        JobRegistry follower = nodes.get(job.getValue());
        assertEquals(JobState.DONE, RegistryWaits.awaitEnd(follower, job.getKey()).getState());
        assertEquals(job.getValue(), stores.get(job.getValue()).leases().owner(job.getKey()),
            "job " + job.getKey() + " stayed with the live api node that followed it");
      }
    } finally {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closed already
        }
      }
      database.stop();
    }
  }
}
