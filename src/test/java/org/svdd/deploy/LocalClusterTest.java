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
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.ListJobsRequest;
import org.svdd.api.proto.SampleRecord;
import org.svdd.api.proto.SamplingServiceGrpc;
import org.svdd.api.proto.SubmitJobRequest;

/**
 * The deploy script's cluster, as separate processes on 127.0.0.1 with PostgreSQL: a job survives
 * {@code kill -9} of a worker node with nothing lost, and a restarted cluster still holds every job and
 * sample.
 */
class LocalClusterTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();
  private Path pgParent;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private String cluster(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("deploy/local/cluster.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "cluster.sh " + String.join(" ", args) + " hung");
    assertEquals(0, p.exitValue(), "cluster.sh " + String.join(" ", args) + ": " + out);
    return out;
  }

  @AfterEach
  void stopCluster() throws Exception {
    if (!env.isEmpty()) {
      cluster("stop");
    }
    if (pgParent != null) {
      try (var files = java.nio.file.Files.walk(pgParent)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void killedWorkerNode_andWholeClusterRestart_loseNothing() throws Exception {
    int base = freePort();
    while (base > 65000) {
      base = freePort();
    }
    int apiPort = freePort();
    env.put("SVDD_DEPLOY_DIR", dir.toString());
    env.put("SVDD_API_PORT", Integer.toString(apiPort));
    env.put("SVDD_BASE_PORT", Integer.toString(base));
    env.put("SVDD_PG_PORT", Integer.toString(freePort()));
    env.put("SVDD_METRICS_BASE_PORT", Integer.toString(Math.min(freePort(), 65000)));
    env.put("SVDD_CLASSPATH", System.getProperty("java.class.path"));
    pgParent = java.nio.file.Files.createTempDirectory("svdd-pg");
    java.nio.file.Files.setPosixFilePermissions(pgParent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("SVDD_PG_DIR", pgParent.resolve("data").toString());
    cluster("start", "3");

    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
    String id;
    try {
      SamplingServiceGrpc.SamplingServiceBlockingStub api = SamplingServiceGrpc.newBlockingStub(channel);
      JobSpec spec = JobSpec.newBuilder().setMethod("svdd").setParticles(16).setCandidates(4).setSteps(64).setSeed(5).build();
      id = api.withDeadlineAfter(60, TimeUnit.SECONDS).submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJobId();
      JobRef ref = JobRef.newBuilder().setJobId(id).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      JobStatus status = api.getJob(ref);
      while (status.getStepsDone() < status.getStepsTotal() / 5 + 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = api.getJob(ref);
      }
      assertEquals(JobState.RUNNING, status.getState(), "the job should still run when a node is killed: " + status);
      cluster("kill", "3");
      List<JobStatus> updates = new ArrayList<>();
      api.withDeadlineAfter(180, TimeUnit.SECONDS).watchJob(ref).forEachRemaining(updates::add);
      JobStatus end = updates.get(updates.size() - 1);
      assertEquals(JobState.DONE, end.getState(), end.toString());
      assertEquals(16 * 64, end.getStepsDone());
      List<SampleRecord> samples = new ArrayList<>();
      api.withDeadlineAfter(60, TimeUnit.SECONDS).getResults(ref).forEachRemaining(samples::add);
      assertEquals(16, samples.size());
    } finally {
      channel.shutdownNow();
    }

    cluster("stop");
    cluster("start", "2");
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
    try {
      SamplingServiceGrpc.SamplingServiceBlockingStub api = SamplingServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS);
      List<JobStatus> jobs = api.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList();
      assertEquals(1, jobs.size());
      assertEquals(JobState.DONE, jobs.get(0).getState());
      List<SampleRecord> samples = new ArrayList<>();
      api.getResults(JobRef.newBuilder().setJobId(id).build()).forEachRemaining(samples::add);
      assertEquals(16, samples.size(), "every sample is still there after the restart");
    } finally {
      channel.shutdownNow();
    }
  }
}
