package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.svdd.api.AbcTask.ABC;
import static org.svdd.api.AbcTask.P;
import static org.svdd.api.AbcTask.PROCESS;
import static org.svdd.api.AbcTask.TASK;
import static org.svdd.api.AbcTask.reference;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * Two api nodes on one job store, in one JVM on loopback, with a worker node that coordinates: either
 * api node answers for the other's jobs (status, list, watch, cancel, results), and when one dies the
 * other takes its running job over once the lease lapses, ending it with the samples of an
 * undisturbed run. The job store's database is an H2 server on loopback, which a test can stop as a PostgreSQL
 * restart looks to the nodes.
 */
class TwoApiNodesTest {
  private static final EngineSettings SETTINGS =
      new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofSeconds(30), 2);
  private static final Duration LEASE = Duration.ofSeconds(1);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private SamplingEngine worker;

  /** An api node: its own engine (role api only), store connection and registry. */
  private record ApiNode(SamplingEngine engine, JdbcJobStore store, JobRegistry registry, SimpleMeterRegistry meters) {
    /** Dies as a killed process would: nothing reaches the store or the cluster from here on. */
    void crash() {
      store.close();
      engine.close();
    }
  }

  private org.h2.tools.Server database;

  private org.h2.tools.Server serveDatabase(int port) throws java.sql.SQLException {
    return org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(),
        "-ifNotExists").start();
  }

  private String url() {
    return "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/jobs";
  }

  private JdbcJobStore store() {
    JdbcJobStore store = JdbcJobStore.open(url(), "sa", "", Duration.ofMillis(500));
    open.add(store);
    return store;
  }

  private static Config roles(String roles) {
    return ConfigFactory.parseString("svdd.roles = [" + roles + "]").withFallback(ConfigFactory.load());
  }

  @BeforeEach
  void formCluster() throws Exception {
    database = serveDatabase(0);
    worker = SamplingEngine.start(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
        new SimulatedLatencyOracle(Duration.ofMillis(40), 4, 1), SETTINGS, new WorkerStats(), store().checkpoints()),
        roles("coordinator, denoiser, reward"));
    open.add(worker);
  }

  private ApiNode apiNode(String name) throws InterruptedException {
    return apiNode(name, Duration.ofSeconds(3));
  }

  /** An api node whose job manager reminds each job's coordinator every {@code keepAlive}. */
  private ApiNode apiNode(String name, Duration keepAlive) throws InterruptedException {
    return apiNode(name, keepAlive, LEASE);
  }

  /** An api node that also holds its jobs' leases for {@code lease}. */
  private ApiNode apiNode(String name, Duration keepAlive, Duration lease) throws InterruptedException {
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofSeconds(30), 2,
        keepAlive);
    SamplingEngine engine = SamplingEngine.join(new NodeDeps(PROCESS, () -> {
      throw new IllegalStateException("an api node loads no model");
    }, (org.svdd.core.reward.RewardOracles) null, settings, new WorkerStats()), roles("api"), worker.address());
    open.add(0, engine);
    JdbcJobStore store = store();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    JobRegistry registry = new JobRegistry(engine, TASK, Clock.systemUTC(), store, ApiPolicy.open(), meters,
        new JobLeases(name, lease));
    open.add(0, registry);
    registry.recover();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!engine.canRunJobs() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(engine.canRunJobs(), name + " did not join the cluster");
    return new ApiNode(engine, store, registry, meters);
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already closed by a crash
      }
    }
    database.stop();
  }

  private static void awaitSteps(JobRegistry registry, String id, long steps) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (registry.get(id).getStepsDone() < steps && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(registry.get(id).getStepsDone() >= steps, "job " + id + " made no progress");
  }

  @Test
  void eitherApiNode_answersForTheOthersJobs_statusListWatchCancelResults() throws Exception {
    ApiNode a = apiNode("api-a");
    ApiNode b = apiNode("api-b");
    JobSpec small = JobSpec.newBuilder().setMethod("svdd").setParticles(3).setCandidates(2).setSteps(2).setSeed(1).build();
    String done = a.registry().submit(small).getJobId();
    assertEquals(JobState.DONE, RegistryWaits.awaitEnd(a.registry(), done).getState());
    assertEquals(JobState.DONE, b.registry().get(done).getState(), "b reads a's finished job from the store");
    assertEquals(a.registry().results(done), b.registry().results(done));

    JobSpec big = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3).setSteps(40).setSeed(5).build();
    String running = a.registry().submit(big).getJobId();
    awaitSteps(a.registry(), running, 8);
    assertEquals(List.of(running, done), b.registry().list().stream().map(JobStatus::getJobId).toList(),
        "b lists a's jobs, newest first");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (b.registry().get(running).getStepsDone() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    JobStatus seenFromB = b.registry().get(running);
    assertTrue(seenFromB.getStepsDone() > 0 && seenFromB.getStepsTotal() == 8L * 40,
        "b reads the progress a writes to the store: " + seenFromB);
    CompletableFuture<JobStatus> seenByB = new CompletableFuture<>();
    b.registry().watch(running, s -> {
      if (JobRecord.ended(s.getState())) {
        seenByB.complete(s);
      }
    });
    b.registry().cancel(running);
    assertEquals(JobState.CANCELLED, RegistryWaits.awaitEnd(a.registry(), running).getState(), "a hears the cancel b sent");
    assertEquals(JobState.CANCELLED, seenByB.get(30, TimeUnit.SECONDS).getState(), "b's watcher hears the end");
    assertTrue(a.registry().get(running).getStepsDone() < 8L * 40, "cancelled before it finished");
  }

  /**
   * Another api node's cancel whose message to the job's coordinator was lost (found by the docking drill: sent just
   * as the coordinator's node was killed) still stops the job: the node that follows it reads the cancel from the
   * store and cancels it too. Before, the follower's reminders restarted the job, which ended DONE.
   */
  @Test
  void cancelWhoseMessageWasLost_isReadFromTheStore_byTheApiNodeFollowingTheJob() throws Exception {
    ApiNode a = apiNode("api-a");
    JobSpec big = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3).setSteps(40).setSeed(5).build();
    String id = a.registry().submit(big).getJobId();
    awaitSteps(a.registry(), id, 8);
    // all that reaches the cluster of another node's cancel when its message is lost: the store's word
    store().updateState(id, JobState.CANCELLED.name(), "cancel requested");
    JobStatus end = RegistryWaits.awaitEnd(a.registry(), id);
    assertEquals(JobState.CANCELLED, end.getState(), end.toString());
    assertTrue(end.getStepsDone() < 8L * 40, "stopped before it finished");
    assertEquals(JobState.CANCELLED.name(), a.store().job(id).orElseThrow().state());
  }

  /**
   * A job cancelled through api node b just after a, which followed it, died: no node followed a cancelled job, so its
   * end was never stored (no end time, its checkpoints kept, never removed by retention). Once a's lease lapses, b
   * ends it.
   */
  @Test
  void jobCancelledAfterItsApiNodeDied_isEndedByAnotherOnceTheLeaseLapses() throws Exception {
    Duration lease = Duration.ofSeconds(4); // long enough that b cannot take the job over before it cancels it
    ApiNode a = apiNode("api-a", Duration.ofSeconds(3), lease);
    ApiNode b = apiNode("api-b", Duration.ofSeconds(3), lease);
    JobSpec big = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3).setSteps(40).setSeed(5).build();
    String id = a.registry().submit(big).getJobId();
    awaitSteps(a.registry(), id, 8);
    a.crash();
    b.registry().cancel(id);
    assertEquals("api-a", b.store().leases().owner(id), "b cancelled a job it did not follow");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (b.store().job(id).orElseThrow().endedAtMs() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    org.svdd.store.StoredJob end = b.store().job(id).orElseThrow();
    assertEquals(JobState.CANCELLED.name(), end.state());
    assertTrue(end.endedAtMs() > 0, "its end is stored: " + end);
    assertTrue(end.error().startsWith("cancelled"), end.error());
    assertTrue(b.store().checkpoints().latest(id).isEmpty(), "its checkpoints are dropped");
  }

  @Test
  void apiNodeKilledMidJob_theOtherTakesItOver_identicalSamples() throws Exception {
    ApiNode a = apiNode("api-a");
    ApiNode b = apiNode("api-b");
    JobSpec big = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3).setSteps(24).setSeed(5).build();
    String id = a.registry().submit(big).getJobId();
    awaitSteps(a.registry(), id, 16);
    a.crash();
    assertTrue(JobState.DONE != b.registry().get(id).getState(), "the job was still running when a died");
    JobStatus end = RegistryWaits.awaitEnd(b.registry(), id);
    assertEquals(JobState.DONE, end.getState(), end.toString());
    assertEquals("api-b", b.store().leases().owner(id), "b holds the lease now");

    SequentialSampler.Result reference = reference(big);
    SampleAssertions.assertSameSamples(reference.samples(), b.registry().results(id), ABC);
  }

  /**
   * An api node that was unreachable past its lease finds its job taken over and lets go: its job
   * manager stops reminding the coordinator (every 100 ms here, so that otherwise it would be the one
   * the coordinator reports to, and the new owner would never hear the end), and it reads the job's
   * state from the store like any other node's.
   */
  @Test
  void apiNodeThatLostItsLease_letsGo_andTheNewOwnerHearsTheEnd() throws Exception {
    ApiNode a = apiNode("api-a", Duration.ofMillis(100));
    ApiNode b = apiNode("api-b");
    JobSpec big = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(3).setSteps(40).setSeed(5).build();
    String id = a.registry().submit(big).getJobId();
    awaitSteps(a.registry(), id, 8);
    assertTrue(a.meters().find("svdd.job.progress").tag("job", id).gauge() != null, "a reports the job's progress");
    // as if b had taken the job while a was away: a's lease gone, the lapsed lease b's to take
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(
        url(), "sa", "");
        java.sql.PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET owner = 'api-b', lease_until = 0 WHERE id = ?")) {
      s.setString(1, id);
      assertEquals(1, s.executeUpdate());
    }
    assertEquals(JobState.DONE, RegistryWaits.awaitEnd(b.registry(), id).getState(), "b follows the job to its end");
    assertEquals(JobState.DONE, RegistryWaits.awaitEnd(a.registry(), id).getState(), "a reads the end from the store");
    assertEquals(8, b.registry().results(id).size());
    assertEquals(null, a.meters().find("svdd.job.progress").tag("job", id).gauge(),
        "a no longer reports the progress of a job it does not follow");
  }

  /**
   * The store's database stops for longer than a lease, so neither live api node can renew and every lease lapses.
   * When it is back, each keeps following its own jobs (the first node through took the other's).
   */
  @Test
  void storeDownPastTheLeases_eachApiNodeKeepsItsOwnJobs() throws Exception {
    java.util.Map<String, ApiNode> nodes = java.util.Map.of("api-a", apiNode("api-a"), "api-b", apiNode("api-b"));
    java.util.Map<String, String> ownerOf = new java.util.LinkedHashMap<>();
    for (int seed = 1; seed <= 4; seed++) {
      String name = seed % 2 == 1 ? "api-a" : "api-b";
      JobSpec spec = JobSpec.newBuilder().setMethod("svdd").setParticles(4).setCandidates(2).setSteps(60).setSeed(seed)
          .build();
      ownerOf.put(nodes.get(name).registry().submit(spec).getJobId(), name);
    }
    for (java.util.Map.Entry<String, String> job : ownerOf.entrySet()) {
      awaitSteps(nodes.get(job.getValue()).registry(), job.getKey(), 4);
    }
    int port = database.getPort();
    database.stop();
    Thread.sleep(3 * LEASE.toMillis()); // every lease lapses
    database = serveDatabase(port);
    for (java.util.Map.Entry<String, String> job : ownerOf.entrySet()) {
      ApiNode follower = nodes.get(job.getValue());
      assertEquals(JobState.DONE, RegistryWaits.awaitEnd(follower.registry(), job.getKey()).getState());
      assertEquals(job.getValue(), follower.store().leases().owner(job.getKey()),
          "job " + job.getKey() + " stayed with the live api node that followed it");
    }
  }
}
