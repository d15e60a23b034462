package org.svdd.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's Python client (clients/python/svdd_client.py) run as a user runs it: Debian's python3-grpcio, and
 * messages that Debian's protoc generates from proto/ into a folder of the test's.
 */
public final class PythonClient {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  /** What one run printed (standard output and error together) and its exit code. */
  public record Outcome(int exitCode, String output) {}

  private final Path generated;

  private PythonClient(Path generated) {
    this.generated = generated;
  }

  /** Generates the messages into {@code dir}. */
  public static PythonClient generatedIn(Path dir) throws IOException, InterruptedException {
    List<String> protoc = new ArrayList<>(List.of("protoc", "-I", HOME.resolve("proto").toString(),
        "--python_out=" + dir));
    try (var files = Files.list(HOME.resolve("proto/svdd/v1"))) {
      files.filter(f -> f.toString().endsWith(".proto")).sorted().forEach(f -> protoc.add(f.toString()));
    }
    assertEquals(0, outcome(new ProcessBuilder(protoc).redirectErrorStream(true).start()).exitCode(),
        "protoc (Debian's protobuf-compiler) must generate the messages");
    return new PythonClient(dir);
  }

  /**
   * The client against the job API at {@code server} (null: none given, as SVDD_SERVER in {@code env} may say), started
   * with {@code env} added and left running.
   */
  public Process start(String server, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-B",
        HOME.resolve("clients/python/svdd_client.py").toString(), "--generated", generated.toString()));
    if (server != null) {
      command.addAll(List.of("--server", server));
    }
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The client run to its end against the job API at {@code server}. */
  public Outcome run(String server, String... args) throws IOException, InterruptedException {
    return outcome(start(server, Map.of(), args));
  }

  /** A Python program run with the client importable as {@code svdd_client} (no messages needed). */
  public static Outcome script(String code) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-B", "-c", code).redirectErrorStream(true);
    builder.environment().put("PYTHONPATH", HOME.resolve("clients/python").toString());
    return outcome(builder.start());
  }

  /** What a started client printed, once it ends (within two minutes). */
  public static Outcome outcome(Process p) throws IOException, InterruptedException {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the client did not finish");
    return new Outcome(p.exitValue(), out);
  }
}
