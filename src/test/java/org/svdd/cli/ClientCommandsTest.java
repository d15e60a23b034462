package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.ApiServer;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/** submit, watch, status, results and cancel against a real gRPC server on loopback (fake model). */
class ClientCommandsTest {
  private static final double[][] P = {{0.5, 0.2, 0.2, 0.1}, {0.2, 0.5, 0.2, 0.1}, {0.1, 0.2, 0.5, 0.2}};
  private static SamplingEngine engine;
  private static JobRegistry registry;
  private static ApiServer server;
  private static String address;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    Vocabulary abc = Vocabulary.ofCharacters("ABC");
    EngineSettings settings = AbcModel.SETTINGS;
    engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(abc, 3), () -> new FactorizedDenoiserFake(P),
        new org.svdd.testing.NamedOraclesFake(new TableOracleFake(x -> x[0] + x[1] + x[2]), "sum"), settings,
        new WorkerStats()), ConfigFactory.load());
    registry = new JobRegistry(engine, new ServedTask("abc", List.of("sum"), abc), Clock.systemUTC(),
        org.svdd.store.JdbcJobStore.open("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
    server = new ApiServer("127.0.0.1", 0, registry);
    address = "127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
    engine.close();
  }

  @Test
  void submitWatchResults_roundTripThroughTheApi() throws Exception {
    CliRunner.Result submitted = CliRunner.run("submit", "--server", address, "--task", "abc", "--particles", "5",
        "--candidates", "2", "--steps", "3", "--seed", "9", "--name", "abc round 9");
    assertEquals(0, submitted.exitCode(), submitted.err());
    String id = submitted.out().strip();
    assertTrue(submitted.err().contains("follow it with: svdd watch --server " + address + " " + id),
        "the hint reaches the server the job was submitted to: " + submitted.err());
    CliRunner.Result watched = CliRunner.run("watch", "--server", address, id);
    assertEquals(0, watched.exitCode(), watched.err());
    assertTrue(watched.out().contains(id + " DONE"), watched.out());
    assertTrue(watched.out().matches("(?s).*\nwork    .*\noracle  .*\ntime    submitted .* after [0-9.]+ s\n"),
        "the job's oracle work and time once it ends: " + watched.out());
    CliRunner.Result again = CliRunner.run("watch", "--server", address, id);
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains(id + " DONE"), again.out());
    assertEquals("", again.err(), "a job that has ended gets its line, no progress bar");
    CliRunner.Result listed = CliRunner.run("status", "--server", address);
    assertTrue(listed.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("DONE")), listed.out());
    assertTrue(listed.out().lines().findFirst().orElseThrow().contains(" particle-steps "), listed.out());
    assertTrue(listed.out().lines().anyMatch(l -> l.startsWith(id) && l.matches(".* 15/15 .*")),
        "5 particles x 3 steps: " + listed.out());
    assertTrue(listed.out().lines().anyMatch(l -> l.startsWith(id) && l.matches(".*Z  \"abc round 9\"")),
        "its name after when it was submitted: " + listed.out());
    CliRunner.Result one = CliRunner.run("status", "--server", address, id);
    assertEquals(0, one.exitCode(), one.err());
    assertTrue(one.out().matches("(?s).*\nwork    [1-9]\\d* denoiser rows, \\d+ designs scored, 0 could not be\n"
        + "oracle  \\d+ oracle calls \\([0-9.]+ "
        + "oracle-seconds\\), 0 from the archive, \\d+ cache hits\nscorer  sum: TableOracleFake\n"
        + "time    submitted \\S+Z, started \\S+Z, ended \\S+Z after [0-9.]+ s\n"),
        "one job's oracle work, the oracle that scored it and times below its line: " + one.out());
    assertTrue(one.out().matches("(?s).*, [1-9]\\d* designs scored.*"), "the job scored designs: " + one.out());
    CliRunner.Result fasta = CliRunner.run("results", "--server", address, id);
    assertEquals(10, fasta.out().lines().count(), fasta.out());
    Path out = dir.resolve("results");
    CliRunner.Result written = CliRunner.run("results", "--server", address, id, "--out", out.toString());
    assertEquals(0, written.exitCode(), written.err());
    assertTrue(written.err().contains("without naturalness and the task's figures: task abc is not installed here"),
        written.err());
    List<String> records = Files.readAllLines(out.resolve("svdd.jsonl"));
    assertEquals(5, records.size());
    assertTrue(records.stream().noneMatch(l -> l.contains("naturalness")), "not estimated, left out: " + records);
  }

  @Test
  void submit_badSpec_printsTheStatusAndField() {
    CliRunner.Result r = CliRunner.run("submit", "--server", address, "--task", "abc", "--steps", "-4");
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: INVALID_ARGUMENT: steps must be between 1 and 4096, got -4", r.err().strip());
    CliRunner.Result nested = CliRunner.run("submit", "--server", address, "--task", "abc", "--guide-every", "0");
    assertEquals("svdd: INVALID_ARGUMENT: --guide-every: guidance.every must be between 1 and 4096, got 0",
        nested.err().strip());
    CliRunner.Result named = CliRunner.run("submit", "--server", address, "--task", "abc", "--name", "two\nlines");
    assertEquals("svdd: INVALID_ARGUMENT: --name: name must be one line of text, without control characters; got U+000A "
        + "at character 4", named.err().strip());
  }

  @Test
  void cancel_unknownJob_isNotFound() {
    CliRunner.Result r = CliRunner.run("cancel", "--server", address, "missing");
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: NOT_FOUND: no job with id 'missing'", r.err().strip());
  }

  @Test
  void delete_aRunningJobIsRefused_anEndedOneLeavesNoTrace() {
    // long enough to be running when refused (4 particles once ended within the 0.2 s before the cancel below)
    String id = CliRunner.run("submit", "--server", address, "--task", "abc", "--particles", "64", "--steps", "4000")
        .out().strip();
    CliRunner.Result running = CliRunner.run("delete", "--server", address, id);
    assertEquals(2, running.exitCode(), running.err());
    assertTrue(running.err().strip().matches("svdd: FAILED_PRECONDITION: job " + id + " is (QUEUED|RUNNING); cancel it "
        + "first, then delete it once it has ended"), running.err());
    // named by the start of its id, as svdd watch's bar shows it; said back whole
    CliRunner.Result cancelled = CliRunner.run("cancel", "--server", address, id.substring(0, 8));
    assertTrue(cancelled.err().strip().equals("svdd: asked job " + id + " to stop")
        || cancelled.err().contains("has already ended"), cancelled.err());
    CliRunner.run("watch", "--server", address, id.substring(0, 8));
    CliRunner.Result deleted = CliRunner.run("delete", "--server", address, "missing", id, id);
    assertEquals(2, deleted.exitCode(), deleted.err());
    assertEquals(List.of("svdd: NOT_FOUND: no job with id 'missing'", "svdd: deleted job " + id),
        deleted.err().lines().toList(), "a job it cannot delete is named, the others are still deleted (once each)");
    for (String command : List.of("status", "results", "delete")) {
      CliRunner.Result gone = CliRunner.run(command, "--server", address, id);
      assertEquals("svdd: NOT_FOUND: no job with id '" + id + "'", gone.err().strip(), command);
    }
    assertTrue(CliRunner.run("status", "--server", address).out().lines().noneMatch(l -> l.startsWith(id)),
        "the list leaves it out");
  }

  /** {@code submit --watch}: the id first, then the job followed to its end, as {@code svdd watch} shows it. */
  @Test
  void submit_watch_followsTheJobToItsEnd() {
    CliRunner.Result r = CliRunner.run("submit", "--server", address, "--task", "abc", "--particles", "3",
        "--candidates", "2", "--steps", "2", "--watch");
    assertEquals(0, r.exitCode(), r.err());
    String id = r.out().lines().findFirst().orElseThrow();
    assertTrue(id.matches("[0-9a-f-]{36}"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith(id + " DONE")), "its line once it has ended: " + r.out());
    assertTrue(r.out().matches("(?s).*\ntime    submitted .* after [0-9.]+ s\n"), r.out());
    assertTrue(!r.err().contains("follow it with"), "no hint to do what it does: " + r.err());
    CliRunner.Result failing = CliRunner.run("submit", "--server", address, "--task", "abc", "--particles", "-1",
        "--watch");
    assertEquals(2, failing.exitCode(), failing.err());
    assertEquals("", failing.out(), "a refused job prints no id and follows nothing");
  }

  /**
   * {@code svdd nodes}: the one node of this service, every role, up, reachable, marked as the one that answered, and
   * the oracle it has opened.
   */
  @Test
  void nodes_listsTheClustersMembers() {
    CliRunner.Result submitted = CliRunner.run("submit", "--server", address, "--task", "abc", "--particles", "2",
        "--steps", "2", "--seed", "4");
    assertEquals(0, CliRunner.run("watch", "--server", address, submitted.out().strip()).exitCode(), "a job opened it");
    CliRunner.Result r = CliRunner.run("nodes", "--server", address);
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of(NodesCommand.header().strip(), "127.0.0.1:" + engine.address().getPort().orElseThrow()
        + " (answering)"), List.of(r.out().lines().findFirst().orElseThrow().strip(),
        r.out().lines().skip(1).findFirst().orElseThrow().replaceAll("\\s+Up\\s+yes\\s+.*", "")), r.out());
    assertTrue(r.out().lines().skip(1).findFirst().orElseThrow().matches(".* Up {8}yes {7} +[0-9]+ +[0-9]+ +[0-9]+\\+[0-9]+ +-"
        + " +[0-9]+\\.[0-9]{2}/[0-9]+ +api,coordinator,denoiser,reward"), "its load where it answered: " + r.out());
    assertEquals("    scorer  sum: TableOracleFake", r.out().lines().skip(2).findFirst().orElse("none"),
        "under the node, the oracle it scores with: " + r.out());
    assertEquals(3, r.out().lines().count(), r.out());
    CliRunner.Result json = CliRunner.run("nodes", "--server", address, "--json");
    assertEquals(0, json.exitCode(), json.err());
    assertEquals(List.of("{\"address\":\"127.0.0.1:" + engine.address().getPort().orElseThrow() + "\",\"roles\":"
        + "[\"api\",\"coordinator\",\"denoiser\",\"reward\"],\"status\":\"Up\",\"reachable\":true,"
        + "\"answering\":true,\"load\":{"), json.out().lines().map(l -> l.replaceAll("\"load\":\\{.*", "\"load\":{"))
        .toList(), "one line of JSON a node, no header: " + json.out());
    assertTrue(json.out().contains("\"cores\":" + Runtime.getRuntime().availableProcessors() + ",\"oracles\":"
        + "{\"sum\":\"TableOracleFake\"}}"), json.out());
  }

  /** {@code --name} narrows the list to the jobs whose name holds the text, whatever its case, with any other filter. */
  @Test
  void status_name_listsOnlyTheJobsWhoseNameHoldsTheText() throws Exception {
    String tag = "Kinase " + System.nanoTime(); // this test's jobs alone, beside the other tests' on the one server
    List<String> ids = new java.util.ArrayList<>();
    for (String name : List.of(tag + " ÄBL early", tag + " äbl_late", tag + " EGFR", "")) {
      List<String> args = new java.util.ArrayList<>(List.of("submit", "--server", address, "--task", "abc",
          "--particles", "2", "--candidates", "2", "--steps", "2"));
      if (!name.isEmpty()) {
        args.addAll(List.of("--name", name));
      }
      CliRunner.Result submitted = CliRunner.run(args.toArray(String[]::new));
      assertEquals(0, submitted.exitCode(), submitted.err());
      ids.add(submitted.out().strip());
    }
    for (String id : ids) {
      assertEquals(0, CliRunner.run("watch", "--server", address, id).exitCode());
    }
    CliRunner.Result abl = CliRunner.run("status", "--server", address, "--name", tag.toLowerCase(java.util.Locale.ROOT)
        + " äbl", "-q");
    assertEquals(0, abl.exitCode(), abl.err());
    assertEquals(List.of(ids.get(1), ids.get(0)), abl.out().lines().toList(), "newest first, letters of any case");
    CliRunner.Result literal = CliRunner.run("status", "--server", address, "--name", "äbl_", "--state", "done");
    assertEquals(List.of(ids.get(1)), literal.out().lines().skip(1).map(l -> l.substring(0, 36)).toList(),
        "an underscore is itself, not any character: " + literal.out());
    assertTrue(literal.out().lines().skip(1).allMatch(l -> l.endsWith("\"" + tag + " äbl_late\"")), literal.out());
    CliRunner.Result none = CliRunner.run("status", "--server", address, "--name", tag + " insulin", "-q");
    assertEquals(0, none.exitCode(), none.err());
    assertEquals("", none.out(), "no job has that name");
    CliRunner.Result tooLong = CliRunner.run("status", "--server", "127.0.0.1:1", "--name", "x".repeat(101));
    assertEquals(2, tooLong.exitCode(), tooLong.err());
    assertEquals("svdd: --name must be at most 100 characters (no name is longer), got 101",
        tooLong.err().lines().findFirst().orElseThrow(), "refused before the server (down here) is called");
    CliRunner.Result withId = CliRunner.run("status", "--server", address, ids.get(0), "--name", "abl");
    assertEquals(2, withId.exitCode(), withId.err());
    assertTrue(withId.err().startsWith("svdd: --name is for the list of jobs; give it without a job id"),
        withId.err());
  }

  /** {@code --state} narrows the list to jobs in those states; a name that is no state is refused before any call. */
  @Test
  void status_state_listsOnlyTheJobsInThoseStates() throws Exception {
    CliRunner.Result submitted = CliRunner.run("submit", "--server", address, "--task", "abc", "--reward", "sum",
        "--particles", "2", "--candidates", "2", "--steps", "2");
    String id = submitted.out().strip();
    assertEquals(0, CliRunner.run("watch", "--server", address, id).exitCode());
    CliRunner.Result done = CliRunner.run("status", "--server", address, "--state", "Done,failed");
    assertEquals(0, done.exitCode(), done.err());
    assertTrue(done.out().lines().anyMatch(l -> l.startsWith(id + " DONE")), done.out());
    assertTrue(done.out().lines().skip(1).allMatch(l -> l.matches("\\S+ (DONE|FAILED) .*")), done.out());
    assertTrue(done.out().lines().findFirst().orElseThrow().endsWith("submitted"), done.out());
    assertTrue(done.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow()
        .matches(".* \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), "when it was submitted: " + done.out());
    CliRunner.Result running = CliRunner.run("status", "--server", address, "--state", "running");
    assertTrue(running.out().lines().noneMatch(l -> l.startsWith(id)), running.out());
    CliRunner.Result typo = CliRunner.run("status", "--server", "127.0.0.1:1", "--state", "done,runing");
    assertEquals(2, typo.exitCode(), typo.err());
    assertEquals("svdd: --state: 'runing' is not a job state; allowed: queued, running, done, failed, cancelled",
        typo.err().lines().findFirst().orElseThrow(), "refused before the server (down here) is called");
    CliRunner.Result withId = CliRunner.run("status", "--server", address, id, "--state", "done");
    assertEquals(2, withId.exitCode(), withId.err());
    assertTrue(withId.err().startsWith("svdd: --state is for the list of jobs; give it without a job id"),
        withId.err());
    CliRunner.Result ids = CliRunner.run("status", "--server", address, "--state", "Done,failed", "-q");
    assertEquals(0, ids.exitCode(), ids.err());
    assertTrue(ids.out().lines().anyMatch(id::equals), "the job's id alone on its line: " + ids.out());
    assertTrue(ids.out().lines().allMatch(l -> l.matches("[0-9a-f-]{36}")), "ids only, no header: " + ids.out());
    assertEquals(done.out().lines().skip(1).map(l -> l.substring(0, 36)).toList(), ids.out().lines().toList(),
        "the same jobs as the table, in its order");
    CliRunner.Result asJson = CliRunner.run("status", "--server", address, "--state", "Done,failed", "--json");
    assertEquals(0, asJson.exitCode(), asJson.err());
    List<String> jsonIds = new java.util.ArrayList<>();
    for (String line : asJson.out().lines().toList()) {
      org.svdd.api.proto.JobStatus.Builder status = org.svdd.api.proto.JobStatus.newBuilder();
      com.google.protobuf.util.JsonFormat.parser().merge(line, status);
      jsonIds.add(status.getJobId());
      assertTrue(status.getState() == org.svdd.api.proto.JobState.DONE
          || status.getState() == org.svdd.api.proto.JobState.FAILED, line);
    }
    assertEquals(ids.out().lines().toList(), jsonIds, "a status a line, the same jobs in the same order");
    CliRunner.Result oneJson = CliRunner.run("status", "--server", address, id, "--json");
    assertEquals(1, oneJson.out().lines().count(), oneJson.out());
    assertTrue(oneJson.out().startsWith("{\"jobId\":\"" + id + "\",\"state\":\"DONE\""), oneJson.out());
    CliRunner.Result both = CliRunner.run("status", "--server", address, "--json", "-q");
    assertEquals(2, both.exitCode(), both.err());
    assertTrue(both.err().startsWith("svdd: --quiet prints ids, --json whole statuses: choose one"), both.err());
    CliRunner.Result quietWithId = CliRunner.run("status", "--server", address, id, "--quiet");
    assertEquals(2, quietWithId.exitCode(), quietWithId.err());
    assertTrue(quietWithId.err().startsWith("svdd: --quiet is for the list of jobs; give it without a job id"),
        quietWithId.err());
  }

  /** {@code --limit} lists the newest jobs only and says on stderr when more were left out; 0 and a job id are refused. */
  @Test
  void status_limit_listsTheNewestAndSaysWhenMoreAreLeftOut() {
    for (int i = 0; i < 3; i++) {
      String id = CliRunner.run("submit", "--server", address, "--task", "abc", "--particles", "2", "--candidates", "2",
          "--steps", "2").out().strip();
      assertEquals(0, CliRunner.run("watch", "--server", address, id).exitCode());
    }
    List<String> all = CliRunner.run("status", "--server", address, "-q").out().lines().toList();
    assertTrue(all.size() >= 3, all.toString());
    CliRunner.Result two = CliRunner.run("status", "--server", address, "--limit", "2");
    assertEquals(0, two.exitCode(), two.err());
    assertEquals(3, two.out().lines().count(), "the header and two jobs: " + two.out());
    assertEquals(all.subList(0, 2), two.out().lines().skip(1).map(l -> l.substring(0, 36)).toList(), "the newest two");
    assertEquals("svdd: the newest 2 jobs are listed; more are left out (raise --limit, or leave it out for all)",
        two.err().strip());
    CliRunner.Result one = CliRunner.run("status", "--server", address, "-n", "1", "-q");
    assertEquals(all.subList(0, 1), one.out().lines().toList());
    assertTrue(one.err().contains("the newest 1 job is listed"), one.err());
    CliRunner.Result every = CliRunner.run("status", "--server", address, "-q", "--limit", String.valueOf(all.size()));
    assertEquals(all, every.out().lines().toList());
    assertEquals("", every.err(), "nothing was left out");
    CliRunner.Result zero = CliRunner.run("status", "--server", "127.0.0.1:1", "--limit", "0");
    assertEquals(2, zero.exitCode(), zero.err());
    assertTrue(zero.err().startsWith("svdd: --limit must be at least 1, got 0"), "refused before any call: " + zero.err());
    CliRunner.Result withId = CliRunner.run("status", "--server", address, all.get(0), "--limit", "3");
    assertEquals(2, withId.exitCode(), withId.err());
    assertTrue(withId.err().startsWith("svdd: --limit is for the list of jobs; give it without a job id"),
        withId.err());
  }

  /** Two api nodes given, the first down: the client fails over to the second. */
  @Test
  void status_severalServers_firstDown_usesTheNext() {
    CliRunner.Result r = CliRunner.run("status", "--server", "127.0.0.1:1," + address);
    assertEquals(0, r.exitCode(), r.err());
    CliRunner.Result bad = CliRunner.run("status", "--server", address + ",127.0.0.1");
    assertEquals(2, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("--server: '127.0.0.1' is not host:port"), bad.err());
  }

  @Test
  void status_serverDown_saysUnavailableAndWhereToLook() {
    CliRunner.Result r = CliRunner.run("status", "--server", "127.0.0.1:1");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("svdd: cannot reach the job API at 127.0.0.1:1 (UNAVAILABLE"), r.err());
    assertTrue(r.err().strip().endsWith("is 'svdd serve' running there? (--server, env SVDD_SERVER; default 127.0.0.1:50051)"),
        r.err());
    assertEquals("", r.out(), "no table header without an answer");
  }

  @Test
  void tlsCa_missingOrNotPem_isRefusedNamingTheFile() throws java.io.IOException {
    java.nio.file.Path text = java.nio.file.Files.createTempFile("not-a-cert", ".pem");
    try {
      CliRunner.Result r = CliRunner.run("status", "--server", address, "--tls-ca", text.toString());
      assertEquals("svdd: --tls-ca " + text + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", r.err().strip());
      java.nio.file.Files.delete(text);
      r = CliRunner.run("status", "--server", address, "--tls-ca", text.toString());
      assertEquals("svdd: --tls-ca " + text + " cannot be read", r.err().strip());
    } finally {
      java.nio.file.Files.deleteIfExists(text);
    }
  }

  @Test
  void malformedRequestBytes_areInvalidArgument() {
    io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forTarget(address).usePlaintext().build();
    try {
      io.grpc.MethodDescriptor.Marshaller<byte[]> raw = new io.grpc.MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
          return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };
      io.grpc.MethodDescriptor<byte[], byte[]> submit = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(org.svdd.api.proto.SamplingServiceGrpc.getSubmitJobMethod().getFullMethodName())
          .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
      io.grpc.StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
          () -> io.grpc.stub.ClientCalls.blockingUnaryCall(channel, submit, io.grpc.CallOptions.DEFAULT,
              new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}));
      assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertEquals("the request to SubmitJob is not a valid protobuf message", e.getStatus().getDescription());
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * The job API goes away while a job is watched (its api node restarting) and comes back on the same address: the
   * watch keeps trying, follows the job again, and ends with its end. Without --reconnect-for it gives up at once.
   * (A second API server on the same job registry stands for the restarted node.)
   */
  @Test
  void watch_theJobApiGoesAwayAndComesBack_followsTheJobToItsEnd() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    String at = "127.0.0.1:" + port;
    ApiServer first = new ApiServer("127.0.0.1", port, registry);
    ApiServer second = null;
    io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forTarget(at).usePlaintext().build();
    java.util.concurrent.ExecutorService watcher = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var api = org.svdd.api.proto.SamplingServiceGrpc.newBlockingStub(channel);
      java.util.function.Supplier<String> submit = () -> api.submitJob(org.svdd.api.proto.SubmitJobRequest.newBuilder()
          .setSpec(org.svdd.api.proto.JobSpec.newBuilder().setTask("abc").setParticles(1024).setSteps(4000)).build())
          .getJobId();
      String id = submit.get();
      String gaveUp = submit.get();
      var watched = watcher.submit(() -> CliRunner.run("watch", "--server", at, id, "--reconnect-for", "1m"));
      awaitSteps(channel, id);
      first.close();
      Thread.sleep(2000);
      second = new ApiServer("127.0.0.1", port, registry);
      awaitSteps(channel, id);
      api.cancelJob(org.svdd.api.proto.JobRef.newBuilder().setJobId(id).build());
      CliRunner.Result result = watched.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(1, result.exitCode(), result.err());
      assertTrue(result.out().contains(id + " CANCELLED"), "the watch followed the job to its end: " + result.out());

      var impatient = watcher.submit(() -> CliRunner.run("watch", "--server", at, gaveUp, "--reconnect-for", "0"));
      awaitSteps(channel, gaveUp);
      Thread.sleep(500);
      second.close();
      second = null;
      CliRunner.Result alone = impatient.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(2, alone.exitCode(), alone.err());
      assertTrue(alone.err().strip().endsWith("svdd: this api node is stopping; the job runs on in the cluster: watch it "
          + "again (through another api node, if there is one)"), "the stopping node tells its watchers: " + alone.err());
      for (String bad : List.of("-1", "5x", "1.5m")) {
        CliRunner.Result refused = CliRunner.run("watch", "--server", at, id, "--reconnect-for", bad);
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("'" + bad + "' is not a time: give seconds (90), or a number with s, m or h"),
            refused.err());
      }
      CliRunner.Result cancelled = CliRunner.run("cancel", "--server", address, gaveUp);
      assertEquals(0, cancelled.exitCode(), cancelled.err());
      assertEquals(1, CliRunner.run("watch", "--server", address, gaveUp).exitCode(), "ended: the engine is free");
    } finally {
      watcher.shutdownNow();
      channel.shutdownNow();
      if (second != null) {
        second.close();
      }
    }
  }

  /** Waits until job {@code id} has run some steps since this was called. */
  private static void awaitSteps(io.grpc.ManagedChannel channel, String id) throws InterruptedException {
    var api = org.svdd.api.proto.SamplingServiceGrpc.newBlockingStub(channel);
    org.svdd.api.proto.JobRef ref = org.svdd.api.proto.JobRef.newBuilder().setJobId(id).build();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    long from = -1;
    Object seen = null;
    while (System.nanoTime() < deadline) {
      try {
        org.svdd.api.proto.JobStatus status = api.withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS).getJob(ref);
        seen = status.getState() + " " + status.getStepsDone() + "/" + status.getStepsTotal();
        long done = status.getStepsDone();
        if (from < 0) {
          from = done;
        } else if (done > from) {
          return;
        }
      } catch (io.grpc.StatusRuntimeException notYet) {
        seen = notYet;
        channel.resetConnectBackoff(); // the API is coming back: ask again at once
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + id + " ran no steps for 30 s: " + seen);
  }
}
