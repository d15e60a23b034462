package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.ApiPolicy;
import org.svdd.api.ApiServer;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;

/** Bearer token, per-job limits, per-client job caps and TLS on a real gRPC server (self-signed certificate). */
class ApiSecurityTest {
  private static final double[][] P = {{0.5, 0.2, 0.2, 0.1}, {0.2, 0.5, 0.2, 0.1}};
  @TempDir static Path dir;
  private static SamplingEngine engine;
  private static ApiServer server;
  private static String address;
  private static Path cert;

  @BeforeAll
  static void start() throws Exception {
    cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost", "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
    openssl.getInputStream().readAllBytes();
    assertEquals(0, openssl.waitFor(), "openssl could not make a test certificate");
    Vocabulary ab = Vocabulary.ofCharacters("ABC");
    EngineSettings settings = AbcModel.SETTINGS;
    engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(ab, 2), () -> new FactorizedDenoiserFake(P),
        new SimulatedLatencyOracle(Duration.ofMillis(20), 2, 1), settings, new WorkerStats()), ConfigFactory.load());
    ApiPolicy policy = new ApiPolicy(java.util.Map.of("s3cret-alice", "alice", "s3cret-bob", "bob"), 10, 8, 500, 1,
        Optional.of(cert), Optional.of(key));
    JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    server = new ApiServer("127.0.0.1", 0,
        new JobRegistry(engine, new ServedTask("abc", List.of("count-b"), ab), Clock.systemUTC(), store, policy), policy);
    address = "127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
    engine.close();
  }

  private static CliRunner.Result call(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = address;
    all[args.length + 2] = "--tls-ca";
    all[args.length + 3] = cert.toString();
    return CliRunner.run(all);
  }

  @Test
  void submit_withoutOrWithWrongToken_isUnauthenticated() {
    CliRunner.Result none = call("submit", "--task", "abc");
    assertNotEquals(0, none.exitCode());
    assertEquals("svdd: UNAUTHENTICATED: missing bearer token (authorization: Bearer <token>)", none.err().strip());
    CliRunner.Result wrong = call("submit", "--task", "abc", "--token", "guess");
    assertEquals("svdd: UNAUTHENTICATED: invalid bearer token", wrong.err().strip());
    CliRunner.Result read = call("status");
    assertEquals("svdd: UNAUTHENTICATED: missing bearer token (authorization: Bearer <token>)", read.err().strip(),
        "with tokens set, reads need one too");
    assertEquals(0, call("status", "--token", "s3cret-bob").exitCode());
  }

  /** RFC 6750 names the scheme case-insensitively: "bearer" and "BEARER" are as good as "Bearer". */
  @Test
  void submit_lowerCaseScheme_isAccepted() throws Exception {
    for (String scheme : List.of("bearer", "BEARER")) {
      io.grpc.Metadata headers = new io.grpc.Metadata();
      headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), scheme + " s3cret-alice");
      headers.put(io.grpc.Metadata.Key.of("x-svdd-client", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "case-" + scheme);
      io.grpc.ManagedChannel channel = io.grpc.Grpc.newChannelBuilder(address,
          io.grpc.TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build())
          .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)).build();
      try {
        var stub = org.svdd.api.proto.SamplingServiceGrpc.newBlockingStub(channel);
        var status = stub.submitJob(org.svdd.api.proto.SubmitJobRequest.newBuilder()
            .setSpec(org.svdd.api.proto.JobSpec.newBuilder().setTask("abc").setParticles(2).setSteps(2)).build());
        stub.cancelJob(org.svdd.api.proto.JobRef.newBuilder().setJobId(status.getJobId()).build());
      } catch (io.grpc.StatusRuntimeException e) {
        assertTrue(e.getStatus().getCode() != io.grpc.Status.Code.UNAUTHENTICATED, scheme + ": " + e.getStatus());
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /**
   * The Python client talks TLS with --tls-ca and sends the token of SVDD_API_TOKEN (or --token); without the
   * certificate it cannot reach the service, and a file that holds none is refused before any call.
   */
  @Test
  void pythonClient_talksTlsWithTheTokenOfItsEnvironment() throws Exception {
    org.svdd.testing.PythonClient python = org.svdd.testing.PythonClient.generatedIn(
        java.nio.file.Files.createDirectories(dir.resolve("python")));
    var done = org.svdd.testing.PythonClient.outcome(python.start(address, java.util.Map.of("SVDD_API_TOKEN",
        "s3cret-alice"), "--tls-ca", cert.toString(), "run", "--task", "abc", "--particles", "2", "--steps", "2"));
    assertEquals(0, done.exitCode(), done.output());
    assertTrue(done.output().contains("\"state\": \"DONE\""), done.output());
    var noToken = python.run(address, "--tls-ca", cert.toString(), "jobs");
    assertEquals(3, noToken.exitCode(), noToken.output());
    assertTrue(noToken.output().contains("\"error\": \"UNAUTHENTICATED\""), noToken.output());
    var plaintext = python.run(address, "--token", "s3cret-alice", "jobs");
    assertEquals(3, plaintext.exitCode(), plaintext.output());
    assertTrue(plaintext.output().contains("\"error\": \"UNAVAILABLE\""), "TLS only: " + plaintext.output());
    Path notPem = java.nio.file.Files.writeString(dir.resolve("not.pem"), "hello\n");
    var refused = python.run(address, "--tls-ca", notPem.toString(), "jobs");
    assertEquals(2, refused.exitCode(), refused.output());
    assertEquals("{\"error\": \"BAD_OPTION\", \"message\": \"--tls-ca " + notPem + " holds no PEM certificate "
        + "(-----BEGIN CERTIFICATE-----)\"}", refused.output().strip());
    var missing = python.run(address, "--tls-ca", dir.resolve("none.pem").toString(), "jobs");
    assertEquals(2, missing.exitCode(), missing.output());
    assertEquals("{\"error\": \"BAD_OPTION\", \"message\": \"--tls-ca " + dir.resolve("none.pem") + " cannot be read "
        + "(No such file or directory)\"}", missing.output().strip());
  }

  @Test
  void submit_overALimit_namesTheLimit() {
    CliRunner.Result r = call("submit", "--task", "abc", "--token", "s3cret-alice", "--particles", "20");
    assertEquals("svdd: INVALID_ARGUMENT: particles 20 exceeds this service's limit svdd.api.limits.max-particles = 10",
        r.err().strip());
  }

  @Test
  void submit_beyondTheClientsShare_isResourceExhaustedForThatClientOnly() {
    CliRunner.Result first = call("submit", "--task", "abc", "--token", "s3cret-alice", "--particles", "4", "--steps", "400");
    assertEquals(0, first.exitCode(), "out=" + first.out() + " err=" + first.err());
    // the token, not the header a caller chooses, names the client
    CliRunner.Result second = call("submit", "--task", "abc", "--token", "s3cret-alice", "--particles", "4", "--client-id", "bob");
    assertNotEquals(0, second.exitCode());
    assertTrue(second.err().startsWith("svdd: RESOURCE_EXHAUSTED: client alice has 1 unfinished jobs; "
        + "svdd.api.limits.max-jobs-per-client = 1"), second.err());
    CliRunner.Result other = call("submit", "--task", "abc", "--token", "s3cret-bob", "--particles", "4", "--steps", "400");
    assertEquals(0, other.exitCode(), other.err());
    assertEquals(0, call("cancel", first.out().strip(), "--token", "s3cret-alice").exitCode());
    assertEquals(0, call("cancel", other.out().strip(), "--token", "s3cret-bob").exitCode());
  }

  /** With tokens, a client deletes its own jobs only. */
  @Test
  void delete_anotherClientsJob_isPermissionDenied() {
    String id = call("submit", "--task", "abc", "--token", "s3cret-alice", "--particles", "2", "--steps", "2").out().strip();
    assertEquals(0, call("watch", id, "--token", "s3cret-alice").exitCode());
    CliRunner.Result bob = call("delete", id, "--token", "s3cret-bob");
    assertEquals("svdd: PERMISSION_DENIED: job " + id + " belongs to client alice, not bob", bob.err().strip());
    assertEquals(0, call("status", id, "--token", "s3cret-bob").exitCode(), "still there");
    assertEquals(0, call("delete", id, "--token", "s3cret-alice").exitCode());
  }

  @Test
  void plaintextClient_cannotTalkToATlsServer() {
    CliRunner.Result r = CliRunner.run("status", "--server", address);
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("svdd: cannot reach the job API at " + address + " (UNAVAILABLE"), r.err());
  }
}
