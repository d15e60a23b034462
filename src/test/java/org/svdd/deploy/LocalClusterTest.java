package org.svdd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.ListJobsRequest;
import org.svdd.api.proto.SampleRecord;
import org.svdd.api.proto.SamplingServiceGrpc;
import org.svdd.api.proto.SubmitJobRequest;

/**
 * The deploy script's cluster, as separate processes on 127.0.0.1 with PostgreSQL: {@code kill -9} of
 * the node running a job's coordinator (and half the workers) mid-job; the coordinator restarts on the
 * other node from its checkpoint and the job ends with the samples of an uninterrupted run; a restarted
 * cluster still holds every job and sample.
 */
class LocalClusterTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  /** The script's state (pids, node logs) under target/, kept after the test so a failure can be read. */
  private Path dir;

  @org.junit.jupiter.api.BeforeEach
  void deployDir(org.junit.jupiter.api.TestInfo test) throws IOException {
    dir = HOME.resolve("target/cluster-logs/" + test.getTestMethod().orElseThrow().getName());
    org.svdd.testing.TempTrees.delete(dir);
    java.nio.file.Files.createDirectories(dir);
  }

  private final Map<String, String> env = new HashMap<>();
  private Path pgParent;

  /** Ports below Linux's ephemeral range (32768 on): an outgoing connection of a starting node cannot take them. */
  private static final int PORTS_FROM = 20000;
  private static final int PORTS_TO = 32768;
  private static final java.util.Random PORTS = new java.util.Random();

  /**
   * The first of {@code size} consecutive ports that are free now and none of {@code taken} (which it joins):
   * node n binds base + n - 1, so a block must not run into another block or a busy port. Ports the kernel
   * hands out for connections (ServerSocket(0) among them) are avoided: one could be taken between this
   * check and the node's bind by a connection another node opens.
   */
  private static int freeBlock(int size, java.util.Set<Integer> taken) {
    while (true) {
      int first = PORTS_FROM + PORTS.nextInt(PORTS_TO - PORTS_FROM - size);
      boolean free = true;
      for (int p = first; p < first + size && free; p++) {
        free = !taken.contains(p) && bindable(p);
      }
      if (free) {
        for (int p = first; p < first + size; p++) {
          taken.add(p);
        }
        return first;
      }
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String cluster(String... args) throws IOException, InterruptedException {
    Map.Entry<Integer, String> run = runScript(args);
    assertEquals(0, run.getKey(), "cluster.sh " + String.join(" ", args) + ": " + run.getValue());
    return run.getValue();
  }

  /** The node rows of {@code svdd nodes}, single-spaced, each load average replaced by LOAD. */
  private static List<String> loadRows(String nodes) {
    return nodes.lines().filter(l -> l.startsWith("127.0.0.1:"))
        .map(l -> l.replaceAll(" +", " ").replaceAll(" [0-9.]+/[0-9]+ ", " LOAD ")).toList();
  }

  /** Runs the script; its exit status and its output. */
  private Map.Entry<Integer, String> runScript(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("deploy/local/cluster.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "cluster.sh " + String.join(" ", args) + " hung");
    return Map.entry(p.exitValue(), out);
  }

  @AfterEach
  void stopCluster() throws Exception {
    if (!env.isEmpty()) {
      cluster("stop");
    }
    if (pgParent != null) {
      org.svdd.testing.TempTrees.delete(pgParent);
    }
  }

  private static List<SampleRecord> results(SamplingServiceGrpc.SamplingServiceBlockingStub api, String id) {
    List<SampleRecord> samples = new ArrayList<>();
    api.withDeadlineAfter(60, TimeUnit.SECONDS).getResults(JobRef.newBuilder().setJobId(id).build())
        .forEachRemaining(samples::add);
    return samples;
  }

  /** Whether, within 30 s, the node at {@code address} (null when not listed) as ListNodes reports it passes {@code test}. */
  private static boolean awaitNode(SamplingServiceGrpc.SamplingServiceBlockingStub api, String address,
      java.util.function.Predicate<org.svdd.api.proto.NodeStatus> test) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      org.svdd.api.proto.NodeStatus node = api.withDeadlineAfter(10, TimeUnit.SECONDS)
          .listNodes(org.svdd.api.proto.ListNodesRequest.getDefaultInstance()).getNodesList().stream()
          .filter(n -> n.getAddress().equals(address)).findFirst().orElse(null);
      if (test.test(node)) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static JobStatus awaitEnd(SamplingServiceGrpc.SamplingServiceBlockingStub api, String id) {
    List<JobStatus> updates = new ArrayList<>();
    api.withDeadlineAfter(240, TimeUnit.SECONDS).watchJob(JobRef.newBuilder().setJobId(id).build())
        .forEachRemaining(updates::add);
    return updates.get(updates.size() - 1);
  }

  /** Submits a job and waits until more than a {@code part}-th of its steps are done; its status then. */
  private static JobStatus submitAndRun(SamplingServiceGrpc.SamplingServiceBlockingStub api, JobSpec spec, int part)
      throws InterruptedException {
    String id = api.withDeadlineAfter(60, TimeUnit.SECONDS)
        .submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJobId();
    JobRef ref = JobRef.newBuilder().setJobId(id).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    JobStatus status = api.getJob(ref);
    while (status.getStepsDone() < status.getStepsTotal() / part + 1 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = api.getJob(ref);
    }
    return status;
  }

  private int base;
  private int apiPort;

  /** Starts the script's cluster of {@code nodes} on free ports. */
  private void startCluster(int nodes) throws Exception {
    configure(nodes);
    cluster("start", Integer.toString(nodes));
  }

  /** Free ports and a fresh database folder for a cluster of {@code nodes}, in the script's environment. */
  private void configure(int nodes) throws IOException {
    // blocks of distinct free ports: node n binds base + n - 1 (cluster, api, metrics); no dashboards
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    base = freeBlock(nodes, taken);
    apiPort = freeBlock(nodes, taken);
    env.put("SVDD_DEPLOY_DIR", dir.toString());
    env.put("SVDD_API_PORT", Integer.toString(apiPort));
    env.put("SVDD_BASE_PORT", Integer.toString(base));
    env.put("SVDD_PG_PORT", Integer.toString(freeBlock(1, taken)));
    env.put("SVDD_METRICS_BASE_PORT", Integer.toString(freeBlock(nodes, taken)));
    env.put("SVDD_DASHBOARD_BASE_PORT", "-1");
    env.put("SVDD_CLASSPATH", System.getProperty("java.class.path"));
    pgParent = java.nio.file.Files.createTempDirectory("svdd-pg");
    java.nio.file.Files.setPosixFilePermissions(pgParent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("SVDD_PG_DIR", pgParent.resolve("data").toString());
  }

  /** Arguments the script cannot use are refused before it starts anything, each saying what was wrong. */
  @Test
  void badArguments_areRefused_sayingWhatWasWrong() throws Exception {
    configure(3);
    Map<List<String>, String> refused = new java.util.LinkedHashMap<>();
    refused.put(List.of("start", "three"), "cluster.sh: start takes the number of nodes (a whole number), got 'three'");
    refused.put(List.of("start", "1"), "cluster.sh: a local cluster needs a worker node besides its 1 api node(s)");
    refused.put(List.of("kill", "2"), "cluster.sh: no cluster was started in " + dir + " (start one first: ");
    refused.put(List.of("start-node", "2"), "cluster.sh: no cluster was started in " + dir);
    refused.put(List.of("restart-db", "soon"),
        "cluster.sh: restart-db takes the seconds PostgreSQL stays down (a whole number), got 'soon'");
    refused.put(List.of("sql"), "cluster.sh: sql needs a query, e.g. ");
    for (Map.Entry<List<String>, String> c : refused.entrySet()) {
      Map.Entry<Integer, String> run = runScript(c.getKey().toArray(String[]::new));
      assertEquals(1, run.getKey(), c.getKey() + ": " + run.getValue());
      assertTrue(run.getValue().startsWith(c.getValue()), c.getKey() + " says what was wrong: " + run.getValue());
    }
    assertTrue(!java.nio.file.Files.exists(dir.resolve("nodes")) && !java.nio.file.Files.exists(pgParent.resolve("data")),
        "nothing was started or written");
  }

  /**
   * A node that cannot start fails the start at once, with the node's own error, not after a timeout; started again
   * once its port is free, it joins the others, and the whole cluster, two workers among it, stops without any node
   * waiting out a timeout.
   */
  @Test
  void aNodeThatCannotBindItsPort_failsTheStart_withItsError_andJoinsOnceItsPortIsFree() throws Exception {
    configure(3);
    try (ServerSocket taken = new ServerSocket(base + 2, 1, java.net.InetAddress.getLoopbackAddress())) {
      Map.Entry<Integer, String> start = runScript("start", "3");
      assertEquals(1, start.getKey(), start.getValue());
      assertTrue(start.getValue().contains("node 3 exited during start"), start.getValue());
      assertTrue(start.getValue().contains("svdd: cannot join the cluster on 127.0.0.1:" + (base + 2)
          + ": the port is taken"), "node 3's error is shown: " + start.getValue());
      assertTrue(start.getValue().contains("the nodes that started still run: once the cause is fixed, start the "
          + "others with start-node N"), "and what to do: " + start.getValue());
    }
    cluster("start-node", "3");
    // the failed start ended before node 1 had opened its job API, which a loaded machine can take a while to do
    Path apiLog = dir.resolve("logs/node-1.log");
    long apiBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!java.nio.file.Files.readString(apiLog).contains(" is up in the cluster") && System.nanoTime() < apiBy) {
      Thread.sleep(200);
    }
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
    try {
      SamplingServiceGrpc.SamplingServiceBlockingStub api = SamplingServiceGrpc.newBlockingStub(channel).withWaitForReady();
      for (int n = 2; n <= 3; n++) {
        assertTrue(awaitNode(api, "127.0.0.1:" + (base + n - 1), s -> s != null && s.getStatus().equals("Up") && s.hasLoad()),
            "worker node " + n + " is up and answers for its load");
      }
    } finally {
      channel.shutdownNow();
    }
    cluster("stop");
    for (int n = 1; n <= 3; n++) {
      String log = java.nio.file.Files.readString(dir.resolve("logs/node-" + n + ".log"));
      // were both workers to leave at once, neither would be left to take over their role's shards and singleton,
      // and one would wait out Pekko's cluster-exiting timeout (10 s) before stopping
      assertTrue(log.lines().noneMatch(l -> l.contains("Coordinated shutdown phase") && l.contains("timed out")),
          "node " + n + " stopped without waiting out a timeout: " + log);
      assertTrue(log.contains(" stopped\n"), "node " + n + " stopped cleanly: " + log);
    }
  }

  /**
   * Two single failures that used to lose work: the api node restarted (it rejoins the running cluster
   * through the other seeds, and jobs run), and a cancel sent while the job's coordinator node is dead
   * (the job ends CANCELLED, never DONE).
   */
  @Test
  void restartedApiNode_rejoins_andACancelDuringFailover_isKept() throws Exception {
    startCluster(3);
    // started again by mistake: refused, and the nodes, their pid files and logs are left as they were (the
    // listing below finds every node, and node 1's log counts both its starts)
    Map.Entry<Integer, String> again = runScript("start", "3");
    assertEquals(1, again.getKey(), "a running cluster is not started again: " + again.getValue());
    assertTrue(again.getValue().contains("cluster.sh: node 1 is running (pid ") && again.getValue().contains(
        "the cluster in " + dir + " is started already; stop it first"), again.getValue());
    // no job has asked for a reward yet, so no oracle program runs (slots: a dash); a node that has just
    // started may not answer for its load at once (its reporter is still being announced, or its JVM is
    // busy warming up on a loaded machine), so the listing is asked again until every node answers
    List<String> expected = List.of("127.0.0.1:" + base + " (answering) Up yes - - - - LOAD api",
        "127.0.0.1:" + (base + 1) + " Up yes 0 0 0+0 - LOAD coordinator,denoiser,reward",
        "127.0.0.1:" + (base + 2) + " Up yes 0 0 0+0 - LOAD coordinator,denoiser,reward");
    String nodes = cluster("nodes");
    long answerBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!loadRows(nodes).equals(expected) && System.nanoTime() < answerBy) {
      Thread.sleep(1000);
      nodes = cluster("nodes");
    }
    assertEquals(expected, loadRows(nodes), "every node answered with its load: " + nodes);
    JobSpec spec = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(4).setSteps(48).setSeed(3).build();
    Map.Entry<Integer, String> twice = runScript("start-node", "1");
    assertEquals(1, twice.getKey(), "a running node is not started again: " + twice.getValue());
    assertTrue(twice.getValue().contains("cluster.sh: node 1 is running (pid "), twice.getValue());
    cluster("kill", "1");
    Map.Entry<Integer, String> dead = runScript("kill", "1");
    assertEquals(1, dead.getKey(), dead.getValue());
    assertTrue(dead.getValue().startsWith("cluster.sh: node 1 is not running"), dead.getValue());
    Map.Entry<Integer, String> noNumber = runScript("stop-node", "first");
    assertEquals(1, noNumber.getKey(), noNumber.getValue());
    assertTrue(noNumber.getValue().startsWith("cluster.sh: stop-node needs a node number, 1 to 3 in this cluster; "
        + "got 'first'"), noNumber.getValue());
    cluster("start-node", "1");
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
    try {
      SamplingServiceGrpc.SamplingServiceBlockingStub api = SamplingServiceGrpc.newBlockingStub(channel);
      String id = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (id == null && System.nanoTime() < deadline) {
        try {
          id = api.withDeadlineAfter(10, TimeUnit.SECONDS).submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build())
              .getJobId();
        } catch (io.grpc.StatusRuntimeException notYet) {
          Thread.sleep(500);
        }
      }
      JobRef ref = JobRef.newBuilder().setJobId(id).build();
      JobStatus status = api.getJob(ref);
      while (status.getStepsDone() < status.getStepsTotal() / 4 + 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = api.getJob(ref);
      }
      assertEquals(JobState.RUNNING, status.getState(), "the restarted api node is in the cluster and jobs run: " + status);
      String log = java.nio.file.Files.readString(dir.resolve("logs/node-1.log"));
      assertEquals(2, log.lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* "
          + "svdd: node pekko://svdd@127\\.0\\.0\\.1:" + base + " is up in the cluster")).count(),
          "started, and started again, each says when it is up, after the time (as its logged lines): " + log);
      assertTrue(log.contains("joining the cluster of 127.0.0.1:" + base + ", 127.0.0.1:" + (base + 1)), log);
      int coordinatorPort = Integer.parseInt(status.getCoordinatorNode().replaceAll(".*:", ""));
      cluster("kill", Integer.toString(coordinatorPort - base + 1));
      Thread.sleep(1000);
      api.withDeadlineAfter(30, TimeUnit.SECONDS).cancelJob(ref);
      JobStatus end = awaitEnd(api, id);
      assertEquals(JobState.CANCELLED, end.getState(), "a cancel sent during failover is kept: " + end);
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Two api nodes on one PostgreSQL store: the api node that accepted a job is killed mid-job, and the
   * other takes the job over when its lease lapses, answering for it and ending it with the samples of
   * an undisturbed run.
   */
  @Test
  void twoApiNodes_theOneThatAcceptedAJobIsKilled_theOtherFinishesIt() throws Exception {
    env.put("SVDD_API_NODES", "2");
    startCluster(3);
    JobSpec spec = JobSpec.newBuilder().setMethod("svdd").setParticles(8).setCandidates(4).setSteps(48).setSeed(7).build();
    ManagedChannel first = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
    ManagedChannel second = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort + 1).usePlaintext().build();
    try {
      SamplingServiceGrpc.SamplingServiceBlockingStub viaFirst = SamplingServiceGrpc.newBlockingStub(first);
      SamplingServiceGrpc.SamplingServiceBlockingStub viaSecond = SamplingServiceGrpc.newBlockingStub(second)
          .withWaitForReady();
      String id = submitAndRun(viaFirst, spec, 4).getJobId();
      JobRef ref = JobRef.newBuilder().setJobId(id).build();
      assertEquals(JobState.RUNNING, viaSecond.withDeadlineAfter(60, TimeUnit.SECONDS).getJob(ref).getState(),
          "the second api node answers for the first's running job");
      cluster("kill", "1");

      JobStatus end = awaitEnd(viaSecond, id);
      assertEquals(JobState.DONE, end.getState(), "the second api node took the job over: " + end);
      String reference = viaSecond.withDeadlineAfter(60, TimeUnit.SECONDS)
          .submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJobId();
      assertEquals(JobState.DONE, awaitEnd(viaSecond, reference).getState());
      List<SampleRecord> takenOver = results(viaSecond, id);
      assertEquals(8, takenOver.size());
      assertEquals(results(viaSecond, reference), takenOver, "the job taken over ends as an undisturbed run");
    } finally {
      first.shutdownNow();
      second.shutdownNow();
    }
  }

  /**
   * A job's coordinator node killed, then another job's coordinator node stopped cleanly (a rolling restart), then the
   * whole cluster stopped and started: each job ends DONE with an uninterrupted run's samples, and every one is kept.
   */
  @Test
  void killedOrStoppedCoordinatorNode_andWholeClusterRestart_loseNothing() throws Exception {
    startCluster(3);

    JobSpec spec = JobSpec.newBuilder().setMethod("svdd").setParticles(16).setCandidates(4).setSteps(64).setSeed(5).build();
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
    String interrupted;
    String reference;
    try {
      SamplingServiceGrpc.SamplingServiceBlockingStub api = SamplingServiceGrpc.newBlockingStub(channel);
      JobStatus status = submitAndRun(api, spec, 3);
      interrupted = status.getJobId();
      assertEquals(JobState.RUNNING, status.getState(), "the job should still run when its node is killed: " + status);
      int coordinatorPort = Integer.parseInt(status.getCoordinatorNode().replaceAll(".*:", ""));
      String victim = Integer.toString(coordinatorPort - base + 1);
      assertTrue(victim.equals("2") || victim.equals("3"), "coordinator on " + status.getCoordinatorNode());
      cluster("kill", victim);
      String killed = "127.0.0.1:" + coordinatorPort;
      assertTrue(awaitNode(api, killed, n -> n != null && !n.getReachable()),
          "svdd nodes shows the killed node unreachable before it is downed");

      JobStatus end = awaitEnd(api, interrupted);
      assertEquals(JobState.DONE, end.getState(), end.toString());
      assertTrue(!end.getCoordinatorNode().endsWith(":" + coordinatorPort), "the coordinator moved: " + end);
      assertEquals(org.svdd.oracle.ContentDigest.ofDenoiser(Path.of("models/trna")), end.getModelDigest(),
          "the job records the model the cluster serves (the bundled one)");
      assertTrue(awaitNode(api, killed, java.util.Objects::isNull), "and then no longer lists it (downed, removed)");
      reference = api.withDeadlineAfter(60, TimeUnit.SECONDS)
          .submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJobId();
      assertEquals(JobState.DONE, awaitEnd(api, reference).getState());
      List<SampleRecord> resumed = results(api, interrupted);
      List<SampleRecord> uninterrupted = results(api, reference);
      assertEquals(16, resumed.size());
      assertEquals(uninterrupted, resumed, "a job resumed on another node ends with the samples of an uninterrupted run");

      // a rolling restart: the killed node back, then the coordinator node of a running job stopped cleanly
      cluster("start-node", victim);
      // named (a name changes nothing about the run), to be found by name in PostgreSQL below
      JobStatus rolling = submitAndRun(api, spec.toBuilder().setName("Rolling ÄBL 50%").build(), 8); // early: most of
      // the job is left when its node stops
      assertEquals(JobState.RUNNING, rolling.getState(), "the job should still run when its node stops: " + rolling);
      int rollingPort = Integer.parseInt(rolling.getCoordinatorNode().replaceAll(".*:", ""));
      String stoppedNode = Integer.toString(rollingPort - base + 1);
      cluster("stop-node", stoppedNode);
      String stoppedLog = java.nio.file.Files.readString(dir.resolve("logs/node-" + stoppedNode + ".log"));
      assertTrue(stoppedLog.contains("svdd: node pekko://svdd@127.0.0.1:" + rollingPort + " stopped\n"),
          "the node stopped cleanly: " + stoppedLog);
      JobStatus rolled = awaitEnd(api, rolling.getJobId());
      assertEquals(JobState.DONE, rolled.getState(), rolled.toString());
      assertTrue(!rolled.getCoordinatorNode().endsWith(":" + rollingPort), "the coordinator moved (the job ran "
          + (rolled.getEndedAtMs() - rolled.getStartedAtMs()) + " ms): " + rolled);
      assertEquals(uninterrupted, results(api, rolling.getJobId()),
          "a job whose node left the cluster cleanly ends with the samples of an uninterrupted run");
    } finally {
      channel.shutdownNow();
    }

    cluster("stop");
    String stopped = java.nio.file.Files.readString(dir.resolve("logs/node-1.log"));
    String self = "svdd: node pekko://svdd@127.0.0.1:" + base;
    int stopping = stopped.lastIndexOf(self + " stopping: closing its job API and leaving the cluster\n");
    assertTrue(stopping > 0 && stopped.indexOf(self + " stopped\n", stopping) > stopping,
        "a node stopped by SIGTERM says so in its log, then that it stopped: " + stopped);
    List<String> logged = stopped.lines().filter(l -> l.matches(".*\\b(INFO|WARN|ERROR) [a-z]+\\.[a-z].*")).toList();
    assertTrue(!logged.isEmpty(), "the api node logged the kills it saw: " + stopped);
    for (String line : logged) {
      assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO|WARN|ERROR) .*"),
          "a served node's logged line says when: " + line);
    }
    cluster("start", "2");
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
    try {
      SamplingServiceGrpc.SamplingServiceBlockingStub api = SamplingServiceGrpc.newBlockingStub(channel);
      List<JobStatus> jobs = api.withDeadlineAfter(60, TimeUnit.SECONDS).listJobs(ListJobsRequest.getDefaultInstance())
          .getJobsList();
      assertEquals(3, jobs.size());
      assertTrue(jobs.stream().allMatch(j -> j.getState() == JobState.DONE), jobs.toString());
      assertEquals(16, results(api, interrupted).size(), "every sample is still there after the restart");
      assertEquals(interrupted, api.getJob(JobRef.newBuilder().setJobId(interrupted.substring(0, 8)).build())
          .getJobId(), "PostgreSQL finds a job by the start of its id");
      List<JobStatus> named = api.withDeadlineAfter(60, TimeUnit.SECONDS).listJobs(ListJobsRequest.newBuilder()
          .setNameContains("äbl 50%").build()).getJobsList();
      assertEquals(List.of("Rolling ÄBL 50%"), named.stream().map(j -> j.getSpec().getName()).toList(),
          "PostgreSQL finds the job by part of its name, in any case");
      assertEquals(List.of(), api.listJobs(ListJobsRequest.newBuilder().setNameContains("äbl 5_%").build())
          .getJobsList(), "with _ taken literally");
    } finally {
      channel.shutdownNow();
    }
    // the nodes' shared reward archive in PostgreSQL, as 'svdd archive --store' reads and forgets it
    try (org.svdd.store.JdbcJobStore store = org.svdd.store.JdbcJobStore.open(
        "jdbc:postgresql://127.0.0.1:" + env.get("SVDD_PG_PORT") + "/svdd", "svdd", "")) {
      Map<String, Long> answers = store.archivedAnswers();
      assertEquals(1, answers.size(), "one oracle answered: " + answers.keySet());
      String rnafold = answers.keySet().iterator().next();
      assertTrue(rnafold.matches("rna-mfe\\|RNAfold \\d+\\.\\d+\\.\\d+ --noPS"), rnafold);
      assertTrue(answers.get(rnafold) > 16, "the jobs' designs were archived: " + answers);
      assertEquals(0, store.forgetArchived("rna-mfe%"), "a prefix is compared literally, not as a LIKE pattern");
      assertEquals((long) answers.get(rnafold), store.forgetArchived("rna-mfe|RNAfold"));
      assertEquals(Map.of(), store.archivedAnswers());
    }
  }
}
