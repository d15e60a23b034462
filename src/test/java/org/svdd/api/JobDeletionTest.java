package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/** Deleting an ended job through one api node: no api node on the store answers for it afterwards. */
class JobDeletionTest {
  private static final double[][] P = {{0.5, 0.2, 0.2, 0.1}, {0.2, 0.5, 0.2, 0.1}, {0.1, 0.2, 0.5, 0.2}};
  private static final Vocabulary ABC = Vocabulary.ofCharacters("ABC");

  private static JobRegistry registry(SamplingEngine engine, JdbcJobStore store, String node) {
    return new JobRegistry(engine, new ServedTask("abc", List.of("sum"), ABC), Clock.systemUTC(), store,
        ApiPolicy.open(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        new JobLeases(node, JobLeases.DEFAULT_TTL));
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private volatile long millis = 1_000_000_000L;

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis);
    }
  }

  @Test
  void endedJobs_olderThanTheKeep_areDeleted_youngerOnesAndRunningOnesStay() throws Exception {
    EngineSettings settings = AbcModel.SETTINGS;
    MovableClock clock = new MovableClock();
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(ABC, 3),
            () -> new FactorizedDenoiserFake(P), new TableOracleFake(x -> x[0] + x[1] + x[2]), settings,
            new WorkerStats()), ConfigFactory.load());
        JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
      JobRegistry registry = new JobRegistry(engine, new ServedTask("abc", List.of("sum"), ABC), clock, store,
          ApiPolicy.open(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
          new JobLeases("api-1", JobLeases.DEFAULT_TTL));
      String old = registry.submit(JobSpec.newBuilder().setParticles(2).setSteps(2).build()).getJobId();
      assertEquals(JobState.DONE, RegistryWaits.awaitEnd(registry, old).getState());
      clock.millis += Duration.ofDays(2).toMillis();
      String young = registry.submit(JobSpec.newBuilder().setParticles(2).setSteps(2).build()).getJobId();
      assertEquals(JobState.DONE, RegistryWaits.awaitEnd(registry, young).getState());
      String running = registry.submit(JobSpec.newBuilder().setParticles(2).setSteps(4000).build()).getJobId();

      assertEquals(1, registry.deleteEndedBefore(Duration.ofDays(1)), "the job that ended two days ago");
      assertThrows(NoSuchElementException.class, () -> registry.get(old));
      assertEquals(JobState.DONE, registry.get(young).getState());
      assertEquals(0, registry.deleteEndedBefore(Duration.ofDays(1)), "nothing more is old enough");
      assertTrue(!JobRecord.ended(registry.get(running).getState()), "a running job is never deleted");
      registry.cancel(running);
      RegistryWaits.awaitEnd(registry, running);
      registry.close();
    }
  }

  @Test
  void deletedThroughOneNode_isGoneOnTheNodeThatRanIt() throws Exception {
    EngineSettings settings = AbcModel.SETTINGS;
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(ABC, 3),
            () -> new FactorizedDenoiserFake(P), new TableOracleFake(x -> x[0] + x[1] + x[2]), settings,
            new WorkerStats()), ConfigFactory.load());
        JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
      JobRegistry ran = registry(engine, store, "api-1");
      JobRegistry other = registry(engine, store, "api-2");
      String id = ran.submit(JobSpec.newBuilder().setParticles(3).setSteps(3).setSeed(2).build()).getJobId();
      assertEquals(JobState.DONE, RegistryWaits.awaitEnd(ran, id).getState());
      assertEquals(3, ran.results(id).size(), "the node that ran it remembers it and its samples");

      JobStatus deleted = other.delete(id, "");
      assertEquals(JobState.DONE, deleted.getState(), "the job's last status");
      for (JobRegistry node : List.of(ran, other)) {
        NoSuchElementException gone = assertThrows(NoSuchElementException.class, () -> node.get(id));
        assertEquals("no job with id '" + id + "'", gone.getMessage());
        assertThrows(NoSuchElementException.class, () -> node.results(id));
        assertTrue(node.list(100, "", java.util.Set.of()).jobs().stream().noneMatch(s -> s.getJobId().equals(id)));
      }
      assertEquals(0, store.sampleCount(id), "its samples are removed with it");
      ran.close();
      other.close();
    }
  }
}
