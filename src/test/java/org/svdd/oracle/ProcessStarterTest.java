package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProcessStarterTest {

  /** Run in a JVM of its own: starts a long sleep as an oracle starts its programs, says its pid, and waits. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      Process echo = ProcessStarter.start(new ProcessBuilder("echo", args[0]));
      System.out.println("tethered=" + ProcessStarter.tethered() + " said=" + lines(echo));
      return;
    }
    Process sleep = ProcessStarter.start(new ProcessBuilder("sleep", "300"));
    System.out.println("pid=" + sleep.pid());
    System.out.flush();
    Thread.sleep(300_000);
  }

  @Test
  void aProgramDiesWithAJvmKilledOutright() throws Exception {
    assertTrue(ProcessStarter.tethered(), "/usr/bin/setpriv (util-linux) is missing");
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ProcessStarterTest.class.getName()).redirectErrorStream(true).start();
    long pid = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (pid < 0 && (line = out.readLine()) != null) {
        if (line.startsWith("pid=")) {
          pid = Long.parseLong(line.substring(4));
        }
      }
      assertTrue(pid > 0, "the child JVM said no pid");
      assertTrue(running(pid), "the sleep is running while its JVM is");
      jvm.destroyForcibly(); // SIGKILL: no exit hook runs
      jvm.waitFor(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (running(pid) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(running(pid), "the sleep outlived its JVM");
    } finally {
      jvm.destroyForcibly();
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** The kernel kills a tethered program when the thread that started it ends: a caller's thread ending must not. */
  @Test
  void aProgramOutlivesTheThreadThatAskedForIt() throws Exception {
    AtomicReference<Process> started = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        started.set(ProcessStarter.start(new ProcessBuilder("sleep", "30")));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    caller.start();
    caller.join();
    Process sleep = started.get();
    try {
      assertFalse(sleep.waitFor(1, TimeUnit.SECONDS), "the program ended with the thread that asked for it");
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void theProgramsOwnOutputExitCodeAndFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("here.txt"), "x");
    Process p = ProcessStarter.start(new ProcessBuilder("sh", "-c", "ls; echo probe; exit 3").directory(dir.toFile())
        .redirectErrorStream(true));
    p.getOutputStream().close();
    assertEquals(List.of("here.txt", "probe"), lines(p));
    assertEquals(3, p.waitFor());
    ProcessBuilder withEnv = new ProcessBuilder("sh", "-c", "echo \"$SVDD_PROBE\"");
    withEnv.environment().put("SVDD_PROBE", "set");
    assertEquals(List.of("set"), lines(ProcessStarter.start(withEnv)));
  }

  /** A setpriv that cannot set the signal (a sandbox forbidding prctl) must not keep every oracle from running. */
  @Test
  void aSetprivThatFails_leavesProgramsUntethered_butRunning() throws Exception {
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dsvdd.setpriv=/bin/false", "-cp", System.getProperty("java.class.path"), ProcessStarterTest.class.getName(),
        "hello").redirectErrorStream(true).start();
    List<String> out = lines(jvm);
    assertEquals(0, jvm.waitFor());
    assertTrue(out.contains("tethered=false said=[hello]"), String.join("\n", out));
    assertTrue(out.stream().anyMatch(l -> l.contains("/bin/false cannot set a parent-death signal here")),
        String.join("\n", out));
  }

  @Test
  void aMissingProgram_failsNamingIt_asProcessBuilderDoes() {
    IOException e = assertThrows(IOException.class,
        () -> ProcessStarter.start(new ProcessBuilder("svdd-no-such-program", "--version")));
    assertTrue(e.getMessage().startsWith("Cannot run program \"svdd-no-such-program\""), e.getMessage());
  }

  private static List<String> lines(Process p) throws IOException {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      return out.lines().toList();
    }
  }

  /** Alive and not a zombie (a container's init may be slow to reap an orphan). */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }
}
