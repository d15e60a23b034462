package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.svdd.api.AbcTask.ABC;
import static org.svdd.api.AbcTask.P;
import static org.svdd.api.AbcTask.PROCESS;
import static org.svdd.api.AbcTask.TASK;
import static org.svdd.api.AbcTask.reference;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.method.StoreUnavailableException;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * The job store's database goes away and comes back (an H2 server stopped and started on its port, as a PostgreSQL
 * restart looks to a node) as a job starts or ends: the job ends done with the samples of an undisturbed run, stored
 * once the database answers again, and is not reported ended before.
 */
class StoreOutageTest {

  @TempDir Path dir;

  /** The job store's database, served on {@code port} (0: any free one) from this test's folder. */
  private Server database(int port) throws java.sql.SQLException {
    return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists").start();
  }

  /** A one-node service on the database served at {@code port}, whose store waits {@code wait} for it. */
  private record Node(JdbcJobStore store, SamplingEngine engine, JobRegistry registry) implements AutoCloseable {
    static Node start(int port, Duration wait) {
      JdbcJobStore store = JdbcJobStore.open("jdbc:h2:tcp://127.0.0.1:" + port + "/jobs", "sa", "", wait);
      EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofSeconds(30), 2);
      SamplingEngine engine = SamplingEngine.start(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
          new SimulatedLatencyOracle(Duration.ofMillis(20), 4, 1), settings, new WorkerStats(), store.checkpoints()),
          ConfigFactory.load());
      return new Node(store, engine, new JobRegistry(engine, TASK, Clock.systemUTC(), store));
    }

    @Override
    public void close() {
      registry.close();
      engine.close();
      store.close();
    }
  }

  @Test
  void jobStartingWhileTheStoreIsDown_waitsForItAndEndsStored() throws Exception {
    // its coordinator reads the checkpoints it resumes from first: that failed the job ("exception during creation")
    runThroughAnOutage(JobSpec.newBuilder().setMethod("svdd").setParticles(6).setCandidates(3).setSteps(10).setSeed(4)
        .build(), 0);
  }

  @Test
  void jobEndingWhileTheStoreIsDown_isStoredWithItsSamplesOnceItIsBack() throws Exception {
    // its end was heard but not stored: the store kept it running under this node's live lease, samples in memory
    runThroughAnOutage(JobSpec.newBuilder().setMethod("svdd").setParticles(6).setCandidates(3).setSteps(30).setSeed(5)
        .build(), 6);
  }

  @Test
  void whileTheStoreIsDown_watchersStillHearProgress() throws Exception {
    // each progress write waited for the database (here 10 s) on the thread that told watchers: they heard nothing
    Server database = database(0);
    int port = database.getPort();
    Node node = Node.start(port, Duration.ofSeconds(10));
    JdbcJobStore store = node.store();
    JobRegistry registry = node.registry();
    try {
      JobSpec spec = JobSpec.newBuilder().setMethod("svdd").setParticles(4).setCandidates(2).setSteps(1000).setSeed(6)
          .build();
      String id = registry.submit(spec).getJobId();
      java.util.concurrent.atomic.AtomicLong heard = new java.util.concurrent.atomic.AtomicLong();
      registry.watch(id, status -> heard.accumulateAndGet(status.getStepsDone(), Math::max));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (heard.get() < 8 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      database.stop();
      // the first write after the stop fails at once (its connection breaks), the next waits for the database
      long before = heard.get();
      for (int window = 0; window < 4; window++) {
        Thread.sleep(1_500);
        long after = heard.get();
        assertTrue(after > before, "progress heard in each 1.5 s while the store is down: " + before + " then " + after
            + " in window " + window);
        before = after;
      }
      assertTrue(before < spec.getParticles() * spec.getSteps(), "the job was still running: " + before);
      database = database(port);
      // the job has most of its 1000 steps to go: cancelled rather than waited for, its end is stored all the same
      registry.cancel(id);
      JobStatus end = RegistryWaits.awaitEnd(registry, id);
      assertEquals(JobState.CANCELLED, end.getState(), end.getError());
      assertEquals("CANCELLED", store.job(id).orElseThrow().state());
    } finally {
      node.close();
      database.stop();
    }
  }

  /** Runs the job, stops the database once it has done {@code stepsFirst} particle-steps, starts it again 3 s on. */
  private void runThroughAnOutage(JobSpec spec, long stepsFirst) throws Exception {
    Server database = database(0);
    int port = database.getPort();
    Node node = Node.start(port, Duration.ofMillis(500));
    JdbcJobStore store = node.store();
    JobRegistry registry = node.registry();
    try {
      String id = registry.submit(spec).getJobId();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (registry.get(id).getStepsDone() < stepsFirst && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      long stepsAtOutage = registry.get(id).getStepsDone();
      assertTrue(stepsAtOutage >= stepsFirst && stepsAtOutage < spec.getParticles() * spec.getSteps(),
          "the database stops mid-job, at " + stepsAtOutage);
      database.stop(); // the job runs on: its checkpoints and progress are not stored, its end cannot be
      if (stepsFirst == 0) { // a job submitted now is refused as unavailable, and not half recorded
        StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
            () -> registry.submit(spec.toBuilder().setSeed(99).build()));
        assertTrue(refused.getMessage().startsWith("the job store does not answer: "), refused.getMessage());
        assertEquals(io.grpc.Status.Code.UNAVAILABLE, SamplingGrpcService.toStatus(refused).getStatus().getCode());
      }
      Thread.sleep(3_000); // several times what the job takes
      assertFalse(JobRecord.ended(registry.get(id).getState()), "not reported ended while its end is not stored");
      database = database(port);
      JobStatus end = RegistryWaits.awaitEnd(registry, id);
      assertEquals(JobState.DONE, end.getState(), end.getError());
      StoredJob stored = store.job(id).orElseThrow();
      assertEquals("DONE", stored.state(), "the store holds the job's end");
      assertEquals(spec.getParticles(), store.samples(id).size(), "and its samples");
      assertEquals(List.of(id), store.page(10, 0, null).stream().map(StoredJob::id).toList(),
          "the job refused during the outage was not recorded");
      SequentialSampler.Result reference = reference(spec);
      SampleAssertions.assertSameSamples(reference.samples(), registry.results(id), ABC);
    } finally {
      node.close();
      database.stop();
    }
  }
}
