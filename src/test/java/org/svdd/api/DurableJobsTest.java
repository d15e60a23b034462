package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SampleRecord;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.method.SequentialSampler;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * A service stopped mid-job and started again on the same H2 file keeps its finished jobs and samples
 * and resumes the unfinished job from its checkpoint, ending with the samples of an uninterrupted run.
 */
class DurableJobsTest {

  @TempDir Path dir;

  private record Service(SamplingEngine engine, JobRegistry registry, JdbcJobStore store, WorkerStats stats)
      implements AutoCloseable {
    @Override
    public void close() {
      registry.close();
      engine.close();
      store.close();
    }

    /** Stops as a crash would: nothing is persisted after this point, whatever the actors still do. */
    void crash() {
      store.close();
      engine.close();
    }
  }

  /** The digest of the model the services here serve, unless a test says another. */
  private static final String MODEL = "0123456789abcdef";

  /** The registry of an api node named "api-1" serving {@code model}, whatever address its engine has after a restart. */
  private static JobRegistry registry(SamplingEngine engine, JdbcJobStore store, String model) {
    return registry(engine, store, TASK.withModelDigest(model));
  }

  /** The registry of an api node named "api-1" serving {@code task}. */
  private static JobRegistry registry(SamplingEngine engine, JdbcJobStore store, ServedTask task) {
    return new JobRegistry(engine, task, Clock.systemUTC(), store, ApiPolicy.open(),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new JobLeases("api-1", JobLeases.DEFAULT_TTL));
  }

  private static JobRegistry registry(SamplingEngine engine, JdbcJobStore store) {
    return registry(engine, store, MODEL);
  }

  private Service start(Duration oracleLatency) {
    return start(oracleLatency, MODEL);
  }

  /** A service on this test's H2 file serving the model of digest {@code model}. */
  private Service start(Duration oracleLatency, String model) {
    return start(oracleLatency, TASK.withModelDigest(model));
  }

  /** A service on this test's H2 file serving {@code task}. */
  private Service start(Duration oracleLatency, ServedTask task) {
    return start(new SimulatedLatencyOracle(oracleLatency, 4, 1), task);
  }

  /** A service on this test's H2 file serving {@code task}, its designs scored by {@code oracle}. */
  private Service start(org.svdd.core.reward.RewardOracle oracle, ServedTask task) {
    JdbcJobStore store = JdbcJobStore.open("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath(), "sa", "");
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofSeconds(30), 2);
    WorkerStats stats = new WorkerStats();
    SamplingEngine engine = SamplingEngine.start(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
        oracle, settings, stats, store.checkpoints()), ConfigFactory.load());
    return new Service(engine, registry(engine, store, task), store, stats);
  }

  /** The simulated oracle under another identity: as a program upgraded, or run with other settings, would be. */
  private static final class UpgradedOracle implements org.svdd.core.reward.RewardOracle {
    private final SimulatedLatencyOracle inner = new SimulatedLatencyOracle(Duration.ofMillis(1), 4, 1);

    @Override
    public java.util.concurrent.CompletionStage<List<org.svdd.core.reward.Reward>> score(
        List<org.svdd.core.diffusion.State> designs) {
      return inner.score(designs);
    }

    @Override
    public String identity() {
      return "SimulatedLatencyOracle|v2";
    }
  }

  @Test
  void restart_keepsFinishedJobsAndResumesTheRunningOneToIdenticalSamples() throws Exception {
    JobSpec small = JobSpec.newBuilder().setMethod("svdd").setParticles(3).setCandidates(2).setSteps(2).setSeed(1).build();
    JobSpec big = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3).setSteps(12).setSeed(5).build();
    String finishedId;
    String interruptedId;
    List<SampleRecord> finishedSamples;
    JobStatus finishedStatus;
    long stepsAtStop;
    Service first = start(Duration.ofMillis(15));
    try {
      finishedId = first.registry().submit(small).getJobId();
      finishedStatus = RegistryWaits.awaitEnd(first.registry(), finishedId);
      assertEquals(JobState.DONE, finishedStatus.getState());
      finishedSamples = first.registry().results(finishedId);
      interruptedId = first.registry().submit(big).getJobId();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (first.registry().get(interruptedId).getStepsDone() < 40 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      stepsAtStop = first.registry().get(interruptedId).getStepsDone();
      assertTrue(stepsAtStop >= 40 && stepsAtStop < 96, "stopped at " + stepsAtStop + " of 96 particle-steps");
    } finally {
      first.crash();
    }
    SequentialSampler.Result smallReference = reference(small);
    assertEquals(smallReference.denoisedRows(), finishedStatus.getDenoisedRows(), "the job counts the rows it was denoised");
    SequentialSampler.Result reference = reference(big);
    try (Service second = start(Duration.ofMillis(1))) {
      assertTrue(second.store().checkpoints().latest(interruptedId).values().stream().allMatch(t -> t.step() >= 2 && t.step() % 2 == 0),
          "checkpoints were saved every 2 steps");
      assertEquals(new JobRegistry.Recovery(1, Map.of()), second.registry().recover(), "the unfinished job resumes");
      JobStatus listed = second.registry().list().stream().filter(s -> s.getJobId().equals(finishedId)).findFirst()
          .orElseThrow();
      assertEquals(List.of(JobState.DONE, 3L), List.of(listed.getState(), (long) listed.getSamples()),
          "a finished job listed from the store, with the samples it stored");
      assertEquals(JobState.DONE, second.registry().get(finishedId).getState());
      assertEquals(finishedSamples, second.registry().results(finishedId), "finished samples survive the restart");
      JobStatus kept = second.registry().get(finishedId);
      assertTrue(finishedStatus.getDesignsScored() > 0 && finishedStatus.getStartedAtMs() > 0
          && finishedStatus.getEndedAtMs() >= finishedStatus.getStartedAtMs(), finishedStatus.toString());
      assertEquals(List.of(finishedStatus.getDenoisedRows(), finishedStatus.getDesignsScored(),
              finishedStatus.getOracleCalls(), finishedStatus.getStartedAtMs(), finishedStatus.getEndedAtMs()),
          List.of(kept.getDenoisedRows(), kept.getDesignsScored(), kept.getOracleCalls(), kept.getStartedAtMs(),
              kept.getEndedAtMs()),
          "a finished job's oracle counts and times survive the restart");
      assertEquals(List.of(finishedStatus.getValueQ10(), finishedStatus.getValueMedian(), finishedStatus.getValueQ90()),
          List.of(kept.getValueQ10(), kept.getValueMedian(), kept.getValueQ90()), "and its values' quantiles");
      assertEquals(JobState.DONE, RegistryWaits.awaitEnd(second.registry(), interruptedId).getState());
      SampleAssertions.assertSameSamples(reference.samples(), second.registry().results(interruptedId), ABC);
      assertEquals(List.of(MODEL, MODEL, MODEL), List.of(finishedStatus.getModelDigest(), kept.getModelDigest(),
          second.registry().get(interruptedId).getModelDigest()), "each job records the model that ran it");
      assertTrue(second.registry().get(interruptedId).getDenoisedRows() >= reference.denoisedRows(), "the resumed job "
          + "counts on from its checkpoint: " + second.registry().get(interruptedId).getDenoisedRows() + " rows, a whole "
          + "run " + reference.denoisedRows() + ", " + second.stats().rows() + " after the restart");
      assertTrue(second.stats().rows() < reference.denoisedRows(),
          "resumed from checkpoints: " + second.stats().rows() + " rows denoised after restart vs "
              + reference.denoisedRows() + " for a whole run");
    }
  }

  /** The designs an oracle was asked to score, by their text. */
  private static final class RecordingOracle implements org.svdd.core.reward.RewardOracle {
    private final SimulatedLatencyOracle inner;
    private final java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong repeats = new java.util.concurrent.atomic.AtomicLong();

    RecordingOracle(Duration latency) {
      inner = new SimulatedLatencyOracle(latency, 4, 1);
    }

    @Override
    public java.util.concurrent.CompletionStage<List<org.svdd.core.reward.Reward>> score(
        List<org.svdd.core.diffusion.State> designs) {
      designs.forEach(d -> {
        if (!asked.add(ABC.text(d))) {
          repeats.incrementAndGet();
        }
      });
      return inner.score(designs);
    }

    @Override
    public String identity() {
      return "count-b";
    }
  }

  private Service startArchived(RecordingOracle oracle, org.svdd.oracle.CachingOracle[] cache) {
    JdbcJobStore store = JdbcJobStore.open("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath(), "sa", "");
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofSeconds(30), 2);
    cache[0] = new org.svdd.oracle.CachingOracle(oracle, ABC::text, store.rewardArchive(), 10_000);
    WorkerStats stats = new WorkerStats();
    SamplingEngine engine = SamplingEngine.start(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
        cache[0], settings, stats, store.checkpoints()), ConfigFactory.load());
    return new Service(engine, registry(engine, store), store, stats);
  }

  @Test
  void restart_resumedJobAsksTheOracleForNoDesignTheArchiveHolds() throws Exception {
    JobSpec big = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3).setSteps(12).setSeed(9).build();
    RecordingOracle before = new RecordingOracle(Duration.ofMillis(15));
    org.svdd.oracle.CachingOracle[] cache = new org.svdd.oracle.CachingOracle[1];
    Service first = startArchived(before, cache);
    String id;
    try {
      id = first.registry().submit(big).getJobId();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (first.registry().get(id).getStepsDone() < 40 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(first.registry().get(id).getStepsDone() < 96, "stopped mid-job");
    } finally {
      first.engine().close();
      cache[0].close();
      first.store().close();
    }
    RecordingOracle after = new RecordingOracle(Duration.ofMillis(1));
    try (Service second = startArchived(after, cache)) {
      java.util.Set<String> archived = second.store().rewardArchive().find("count-b", List.copyOf(before.asked)).keySet();
      assertTrue(archived.size() > 10, "the first run's answers are archived: " + archived.size());
      assertEquals(1, second.registry().recover().resumed());
      JobStatus done = RegistryWaits.awaitEnd(second.registry(), id);
      assertEquals(JobState.DONE, done.getState());
      java.util.Set<String> paidTwice = new java.util.HashSet<>(after.asked);
      paidTwice.retainAll(archived);
      assertEquals(java.util.Set.of(), paidTwice, "no design is scored again after the restart");
      assertEquals(0, after.repeats.get() + before.repeats.get(), "no design is scored twice within a run");
      assertTrue(cache[0].stats().archived() > 0, "the resumed steps were answered by the archive");
      assertEquals(cache[0].stats().archived(), done.getArchiveAnswers(), "the job counts the archive's answers");
      assertTrue(done.getOracleCalls() > after.asked.size(), "the resumed job counts on from its checkpoint's tally: "
          + done.getOracleCalls() + " oracle calls, " + after.asked.size() + " of them after the restart");
      cache[0].close();
    }
  }

  /**
   * A job stored by an earlier build whose spec this build's checks refuse (here smc at alpha 1e-7, refused since
   * alpha's floor for smc came in): the unfinished one ends FAILED saying why instead of stranding the node's
   * recovery, and the finished one is still listed and read with its stored counts.
   */
  @Test
  void storedJobsWhoseSpecsThisBuildRefuses_failSayingWhy_andFinishedOnesStillRead() throws Exception {
    JobSpec small = JobSpec.newBuilder().setMethod("smc").setParticles(3).setSteps(2).setSeed(1).build();
    JobSpec big = JobSpec.newBuilder().setMethod("smc").setParticles(8).setSteps(400).setSeed(5).build();
    Stopped stopped = finishOneAndCrashMidAnother(small, big);
    String finishedId = stopped.finishedId();
    String interruptedId = stopped.interruptedId();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath(),
        "sa", ""); java.sql.PreparedStatement update = c.prepareStatement(
            "UPDATE svdd_jobs SET spec = ?, sample_count = NULL WHERE id = ?")) { // the count too, as an earlier build
      for (String id : List.of(finishedId, interruptedId)) {
        JobSpec stored = JobSpecs.parseJson(specOf(c, id), id);
        update.setString(1, JobSpecs.toJson(stored.toBuilder().setAlpha(1e-7).build()));
        update.setString(2, id);
        assertEquals(1, update.executeUpdate());
      }
    }
    try (Service second = start(Duration.ofMillis(1))) {
      JobRegistry.Recovery recovered = second.registry().recover();
      assertEquals(0, recovered.resumed(), "the unfinished job is taken back, not resumed");
      JobStatus failed = RegistryWaits.awaitEnd(second.registry(), interruptedId);
      assertEquals(JobState.FAILED, failed.getState());
      assertTrue(failed.getError().startsWith("this build cannot resume the job: alpha must be at least 1e-6 for smc"),
          failed.getError());
      assertEquals(Map.of(interruptedId, failed.getError()), recovered.ended(), "said at start, with why");
      JobStatus done = second.registry().get(finishedId);
      assertEquals(JobState.DONE, done.getState());
      assertEquals(3, second.registry().results(finishedId).size());
      assertEquals(2, second.registry().list().size());
      assertEquals(3, second.registry().list().stream().filter(s -> s.getJobId().equals(finishedId)).findFirst()
          .orElseThrow().getSamples(), "listed with its samples, counted where the row does not record them");
    }
    try (Service third = start(Duration.ofMillis(1))) {
      assertEquals(new JobRegistry.Recovery(0, Map.of()), third.registry().recover(), "its failure was stored");
      assertEquals(JobState.FAILED, third.registry().get(interruptedId).getState());
    }
  }

  /**
   * The whole service restarted under another model (retrained, or another version) while a job runs: the job's steps
   * so far came from the old model, so it ends FAILED saying so rather than finishing under the new one; a finished
   * job still says which model drew its samples.
   */
  @Test
  void restartUnderAnotherModel_endsTheUnfinishedJobSayingSo_andFinishedOnesKeepTheirModel() throws Exception {
    Stopped stopped = finishOneAndCrashMidAnother(FINISHED, INTERRUPTED);
    String finishedId = stopped.finishedId();
    String interruptedId = stopped.interruptedId();
    try (Service second = start(Duration.ofMillis(1), "fedcba9876543210")) {
      JobRegistry.Recovery recovered = second.registry().recover();
      assertEquals(0, recovered.resumed(), "the unfinished job is taken back, not resumed");
      JobStatus failed = RegistryWaits.awaitEnd(second.registry(), interruptedId);
      assertEquals(JobState.FAILED, failed.getState());
      assertEquals("the job began under model " + MODEL + " and this service runs model fedcba9876543210 now: one "
          + "model's steps cannot be finished by another's; submit the job again to run it under this model",
          failed.getError());
      assertEquals(Map.of(interruptedId, failed.getError()), recovered.ended(), "said at start, with why");
      assertEquals(MODEL, second.registry().get(finishedId).getModelDigest(), "the model that drew its samples");
      JobStatus again = second.registry().submit(FINISHED);
      assertEquals("fedcba9876543210", again.getModelDigest(), "a new job: the model served now");
      assertEquals(JobState.DONE, RegistryWaits.awaitEnd(second.registry(), again.getJobId()).getState());
    }
    try (Service third = start(Duration.ofMillis(1), "fedcba9876543210")) {
      assertEquals(new JobRegistry.Recovery(0, Map.of()), third.registry().recover(), "its failure was stored");
    }
  }

  /**
   * The value network that steered a job removed (or fitted again to another model) while the service was down: the
   * job ends FAILED at the restart, saying why, rather than after the reward nodes' wait for one that can open it.
   */
  @Test
  void restartWithoutTheValueNetworkThatSteeredAJob_endsItSayingWhy() throws Exception {
    Stopped stopped = finishOneAndCrashMidAnother(FINISHED, INTERRUPTED.toBuilder().setValueEstimator("mc").build());
    ServedTask without = TASK.withModelDigest(MODEL).withValueNetworkCheck(reward -> {
      throw new IllegalArgumentException("value mc needs a value network for reward '" + reward + "' at /models/x");
    });
    try (Service second = start(Duration.ofMillis(1), without)) {
      JobRegistry.Recovery recovered = second.registry().recover();
      String why = "the job cannot resume: value mc needs a value network for reward 'count-b' at /models/x";
      assertEquals(new JobRegistry.Recovery(0, Map.of(stopped.interruptedId(), why)), recovered);
      JobStatus failed = RegistryWaits.awaitEnd(second.registry(), stopped.interruptedId());
      assertEquals(List.of(JobState.FAILED, why), List.of(failed.getState(), failed.getError()));
      assertEquals(JobState.DONE, second.registry().get(stopped.finishedId()).getState(), "the finished job kept");
    }
  }

  /**
   * Each job records the oracle that scored it, kept through a restart; a job resumed where its reward is now scored by
   * another oracle (a program upgraded while the service was down) fails at its first scores, naming both, rather than
   * finish with rewards of two oracles.
   */
  @Test
  void restartWithAnotherOracle_failsTheResumedJobNamingBoth_andFinishedJobsKeepTheirOracle() throws Exception {
    Stopped stopped = finishOneAndCrashMidAnother(FINISHED, INTERRUPTED);
    Map<String, String> before = Map.of("count-b", "SimulatedLatencyOracle");
    try (Service second = start(new UpgradedOracle(), TASK.withModelDigest(MODEL))) {
      assertEquals(before, second.registry().get(stopped.finishedId()).getOraclesMap(), "kept by the store");
      assertEquals(1, second.registry().recover().resumed());
      JobStatus failed = RegistryWaits.awaitEnd(second.registry(), stopped.interruptedId());
      assertEquals(JobState.FAILED, failed.getState());
      assertTrue(failed.getError().startsWith("reward 'count-b' is scored by another oracle than the one the job "
          + "began with: the job's run before it resumed with SimulatedLatencyOracle, "), failed.getError());
      assertTrue(failed.getError().endsWith(" with SimulatedLatencyOracle|v2 (in full: SimulatedLatencyOracle; "
          + "SimulatedLatencyOracle|v2), and one oracle's scores cannot be carried on by another's: submit the job "
          + "again to run it with this one"), failed.getError());
      assertEquals(before, failed.getOraclesMap(), "the oracle it was scored with");
      JobStatus again = second.registry().submit(FINISHED);
      assertEquals(Map.of("count-b", "SimulatedLatencyOracle|v2"),
          RegistryWaits.awaitEnd(second.registry(), again.getJobId()).getOraclesMap(), "a new job: the oracle now");
    }
  }

  /** A job that {@link #finishOneAndCrashMidAnother} finishes, and one far from its end when the service crashes. */
  private static final JobSpec FINISHED = JobSpec.newBuilder().setMethod("svdd").setParticles(3).setCandidates(2)
      .setSteps(2).setSeed(1).build();
  private static final JobSpec INTERRUPTED = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3)
      .setSteps(400).setSeed(5).build();

  /** The jobs of {@link #finishOneAndCrashMidAnother}. */
  private record Stopped(String finishedId, String interruptedId) {}

  /** A service that runs {@code small} to its end, then crashes once {@code big} has done 8 particle-steps. */
  private Stopped finishOneAndCrashMidAnother(JobSpec small, JobSpec big) throws Exception {
    Service first = start(Duration.ofMillis(15));
    try {
      String finishedId = first.registry().submit(small).getJobId();
      assertEquals(JobState.DONE, RegistryWaits.awaitEnd(first.registry(), finishedId).getState());
      String interruptedId = first.registry().submit(big).getJobId();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (first.registry().get(interruptedId).getStepsDone() < 8 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return new Stopped(finishedId, interruptedId);
    } finally {
      first.crash();
    }
  }

  private static String specOf(java.sql.Connection c, String id) throws java.sql.SQLException {
    try (java.sql.PreparedStatement q = c.prepareStatement("SELECT spec FROM svdd_jobs WHERE id = ?")) {
      q.setString(1, id);
      try (java.sql.ResultSet r = q.executeQuery()) {
        assertTrue(r.next());
        return r.getString(1);
      }
    }
  }
}
