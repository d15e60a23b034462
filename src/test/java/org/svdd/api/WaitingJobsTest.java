package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.svdd.api.AbcTask.P;
import static org.svdd.api.AbcTask.PROCESS;
import static org.svdd.api.AbcTask.TASK;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.FactorizedDenoiserFake;

/** A job submitted to a cluster that cannot run it yet says why it waits, in its status, until it can. */
class WaitingJobsTest {
  private static final EngineSettings SETTINGS =
      new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofSeconds(30), 2);

  @TempDir Path dir;

  private static Config roles(String roles) {
    return ConfigFactory.parseString("svdd.roles = [" + roles + "]").withFallback(ConfigFactory.load());
  }

  /** Waits up to 30 s for the job's note to read {@code note}; fails if it does not. */
  private static void awaitNote(JobRegistry registry, String id, String note) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!registry.get(id).getNote().equals(note) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(note, registry.get(id).getNote());
  }

  @Test
  void aJobWithNoNodeToRunIt_saysWhatItWaitsFor_untilEveryRoleHasJoined() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.open("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath(), "sa", "");
        SamplingEngine api = SamplingEngine.start(new NodeDeps(PROCESS, () -> {
          throw new IllegalStateException("an api node loads no model");
        }, (org.svdd.core.reward.RewardOracles) null, SETTINGS, new WorkerStats()), roles("api"));
        JobRegistry registry = new JobRegistry(api, TASK, Clock.systemUTC(), store)) {
      registry.recover(); // as a serving node does: its lease thread also tells watchers when the wait changes
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (api.membersUp() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      JobStatus queued = registry.submit(JobSpec.newBuilder().setMethod("svdd").setParticles(2).setCandidates(2)
          .setSteps(3).setSeed(1).build());
      String why = "waiting: no cluster member has role coordinator: jobs wait until one joins (a node started with "
          + "roles coordinator,denoiser,reward)";
      assertEquals(JobState.QUEUED, queued.getState());
      assertEquals(why, queued.getNote(), "the submitter hears why");
      assertTrue(Double.isNaN(queued.getValueMedian()) && Double.isNaN(queued.getValueQ10())
          && Double.isNaN(queued.getValueQ90()), "and no values, not zeros: " + queued);
      assertEquals(why, registry.get(queued.getJobId()).getNote(), "and so does a status");
      assertEquals(why, registry.list().get(0).getNote(), "and a listing");
      List<JobStatus> watchedQueued = new CopyOnWriteArrayList<>();
      registry.watch(queued.getJobId(), watchedQueued::add);
      assertEquals(why, watchedQueued.get(0).getNote(), "and a watcher");
      try (SamplingEngine coordinator = SamplingEngine.join(new NodeDeps(PROCESS, () -> {
            throw new IllegalStateException("a coordinator node loads no model");
          }, (org.svdd.core.reward.RewardOracles) null, SETTINGS, new WorkerStats()), roles("coordinator"), api.address())) {
        String noDenoiser = "waiting: no reachable cluster member has role denoiser: jobs wait until one joins (a "
            + "node started with roles denoiser, or coordinator,denoiser,reward)";
        awaitNote(registry, queued.getJobId(), noDenoiser);
        awaitHeard(watchedQueued, noDenoiser, "a watcher hears what the job waits for next, the job itself unchanged");
        try (SamplingEngine worker = worker(api)) {
          awaitDone(registry, queued.getJobId());
        }
        assertEquals("", watchedQueued.get(watchedQueued.size() - 1).getNote(), "then that it no longer waits");
        // the only worker node gone mid-job: the running job says what it waits for, and goes on when one is back
        String running;
        List<JobStatus> watched = new CopyOnWriteArrayList<>();
        try (SamplingEngine worker = worker(api)) {
          running = registry.submit(JobSpec.newBuilder().setMethod("svdd").setParticles(2).setCandidates(2)
              .setSteps(400).setSeed(2).build()).getJobId();
          long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (registry.get(running).getStepsDone() == 0 && System.nanoTime() < deadline2) {
            Thread.sleep(50);
          }
          registry.watch(running, watched::add);
        }
        awaitNote(registry, running, noDenoiser);
        assertEquals(JobState.RUNNING, registry.get(running).getState());
        awaitHeard(watched, noDenoiser, "a watcher of the stalled job hears why it waits, though no step is done");
        try (SamplingEngine worker = worker(api)) {
          awaitDone(registry, running);
        }
        JobStatus last = watched.get(watched.size() - 1);
        assertEquals(JobState.DONE, last.getState());
        assertEquals("", last.getNote(), "and, in the end, that it no longer waits");
      }
    }
  }

  @Test
  void aJobWhoseRewardNoRewardNodeScores_saysSo_untilOneDoes() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.open("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath(), "sa", "");
        SamplingEngine api = SamplingEngine.start(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
            (org.svdd.core.reward.RewardOracles) null, SETTINGS, new WorkerStats()), roles("api, coordinator, denoiser"));
        JobRegistry registry = new JobRegistry(api, TASK, Clock.systemUTC(), store)) {
      registry.recover();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (api.membersUp() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      String id = registry.submit(JobSpec.newBuilder().setMethod("svdd").setParticles(2).setCandidates(2).setSteps(3)
          .setSeed(1).build()).getJobId();
      assertEquals("waiting: no reachable cluster member has role reward: jobs wait until one joins (a node started "
          + "with roles reward, or coordinator,denoiser,reward)", registry.get(id).getNote());
      List<JobStatus> watched = new CopyOnWriteArrayList<>();
      try (SamplingEngine other = SamplingEngine.join(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
          scoringOnly("count-c"), SETTINGS, new WorkerStats()), roles("reward"), api.address())) {
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (api.membersUp() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        registry.watch(id, watched::add);
        String why = "waiting: no reachable reward node scores reward 'count-b' (they were started with --reward "
            + "count-c): jobs for it wait until one joins (a node with role reward started with --reward count-b, or "
            + "without --reward)";
        assertEquals(why, registry.get(id).getNote());
        assertEquals(why, watched.get(0).getNote());
        List<org.svdd.api.proto.NodeStatus> nodes = registry.nodes();
        assertEquals(2, nodes.size(), nodes.toString());
        org.svdd.api.proto.NodeStatus self = nodes.stream().filter(org.svdd.api.proto.NodeStatus::getAnswering)
            .findFirst().orElseThrow();
        org.svdd.api.proto.NodeStatus scorer = nodes.stream().filter(n -> !n.getAnswering()).findFirst().orElseThrow();
        assertEquals(List.of("api", "coordinator", "denoiser"), self.getRolesList());
        assertEquals(List.of(), self.getRewardsList(), "a node without reward scores nothing it could narrow");
        assertEquals(List.of("reward"), scorer.getRolesList());
        assertEquals(List.of("count-c"), scorer.getRewardsList(), "started with --reward count-c");
        assertTrue(nodes.stream().allMatch(n -> n.getStatus().equals("Up") && n.getReachable()), nodes.toString());
        assertEquals(api.address().getPort().orElseThrow(), Integer.valueOf(self.getAddress().replaceAll(".*:", "")));
        assertEquals(other.address().getPort().orElseThrow(),
            Integer.valueOf(scorer.getAddress().replaceAll(".*:", "")));
        try (SamplingEngine scoring = SamplingEngine.join(new NodeDeps(PROCESS,
            () -> new FactorizedDenoiserFake(P), scoringOnly("count-b"), SETTINGS, new WorkerStats()), roles("reward"),
            api.address())) {
          awaitDone(registry, id);
        }
      }
      assertEquals("", watched.get(watched.size() - 1).getNote());
    }
  }

  /** The oracles of a node started with {@code --reward reward}. */
  private static org.svdd.core.reward.RewardOracles scoringOnly(String reward) {
    org.svdd.core.reward.RewardOracle oracle = new SimulatedLatencyOracle(Duration.ofMillis(5), 4, 1);
    return new org.svdd.core.reward.RewardOracles() {
      @Override
      public org.svdd.core.reward.RewardOracle forReward(String asked) {
        if (!asked.equals(reward)) {
          throw new IllegalArgumentException("this node scores " + reward + " only, not " + asked);
        }
        return oracle;
      }

      @Override
      public java.util.Optional<String> only() {
        return java.util.Optional.of(reward);
      }
    };
  }

  /** A node with the denoiser and reward roles, joined to {@code seed}'s cluster. */
  private static SamplingEngine worker(SamplingEngine seed) {
    return SamplingEngine.join(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
        new SimulatedLatencyOracle(Duration.ofMillis(5), 4, 1), SETTINGS, new WorkerStats()), roles("denoiser, reward"),
        seed.address());
  }

  /** Waits up to 30 s for a watcher to have heard a status with {@code note}; fails if it has not. */
  private static void awaitHeard(List<JobStatus> heard, String note, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (heard.stream().noneMatch(w -> w.getNote().equals(note)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(heard.stream().anyMatch(w -> w.getNote().equals(note)), what + ": " + heard);
  }

  private static void awaitDone(JobRegistry registry, String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (registry.get(id).getState() != JobState.DONE && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    JobStatus done = registry.get(id);
    assertEquals(JobState.DONE, done.getState(), "workers of both kinds joined, so the job ran: " + done);
    assertEquals("", done.getNote(), "nothing left to wait for");
  }
}
