package org.svdd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/svdd runs a per-build copy of the jar, so a rebuild while a node runs (a developer changes the sources
 * with a local cluster up) does not pull the classes from under it. The launcher is run for real, from a
 * home of its own holding a tiny program in place of the project's jar.
 */
class LauncherTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  @TempDir Path dir;

  /** A jar whose main prints its version and jar, waits for a line, then loads a second class and prints it. */
  private byte[] jar(String version) throws IOException {
    return jarOf("src-" + version, java.util.Map.of("Probe", "public class Probe { public static void main(String[] a) "
        + "throws Exception { System.out.println(\"" + version + " \" + Probe.class.getProtectionDomain().getCodeSource()"
        + ".getLocation().getPath()); System.out.flush(); new java.io.BufferedReader(new java.io.InputStreamReader("
        + "System.in)).readLine(); System.out.println(Late.SAID); } }",
        "Late", "public class Late { static final String SAID = \"late " + version + "\" + \"x\".repeat("
        + version.length() * 2000 + "); }"));
  }

  /** A jar of the given classes (simple name to source), Probe its main class. */
  private byte[] jarOf(String name, java.util.Map<String, String> sources) throws IOException {
    Path src = Files.createDirectories(dir.resolve(name));
    List<String> args = new java.util.ArrayList<>(List.of("-d", src.toString()));
    for (var e : sources.entrySet()) {
      args.add(Files.writeString(src.resolve(e.getKey() + ".java"), e.getValue()).toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
    var bytes = new java.io.ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
      for (String cls : sources.keySet()) {
        out.putNextEntry(new JarEntry(cls + ".class"));
        out.write(Files.readAllBytes(src.resolve(cls + ".class")));
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Writes the jar over the old one in place, as a build does: same file, new bytes. */
  private static void build(Path home, byte[] jar) throws IOException {
    Files.write(home.resolve("target/svdd.jar"), jar, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    Files.setLastModifiedTime(home.resolve("target/svdd.jar"), FileTime.from(Instant.now().plusSeconds(3600)));
  }

  private static Process launch(Path home) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/svdd").toString(), "version").redirectErrorStream(true);
    pb.environment().put("SVDD_JAVA_OPTS", "-Xmx64m");
    return pb.start();
  }

  /** A home of its own for the launcher: its bin/svdd, an empty source tree, and a target/ for {@link #build}. */
  private Path home() throws IOException {
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("src/main"));
    Files.createDirectories(home.resolve("proto"));
    Files.createDirectories(home.resolve("target"));
    Files.writeString(home.resolve("pom.xml"), "<project/>");
    Files.copy(HOME.resolve("bin/svdd"), home.resolve("bin/svdd"));
    assertTrue(home.resolve("bin/svdd").toFile().setExecutable(true));
    return home;
  }

  /** Standard error here is a pipe, as in a log: the launcher asks for plain progress lines unless told otherwise. */
  @Test
  void progressStyle_linesWhenStandardErrorIsNotATerminal_elseAsSvddProgressSays() throws Exception {
    Path home = home();
    build(home, jarOf("src-progress", java.util.Map.of("Probe",
        "public class Probe { public static void main(String[] a) { System.out.println(System.getProperty(\"svdd.progress\")); } }")));
    assertEquals("lines", runOnce(home, java.util.Map.of()));
    assertEquals("off", runOnce(home, java.util.Map.of("SVDD_PROGRESS", "off")));
    assertEquals("bars", runOnce(home, java.util.Map.of("SVDD_PROGRESS", "bars")));
  }

  /** Java reads its home from the password database; the launcher follows $HOME (where ~/.svdd then lies). */
  @Test
  void userHome_followsTheHomeVariable_unlessJavaOptionsSayOtherwise() throws Exception {
    Path home = home();
    build(home, jarOf("src-home", java.util.Map.of("Probe",
        "public class Probe { public static void main(String[] a) { System.out.println(System.getProperty(\"user.home\")); } }")));
    Path elsewhere = Files.createDirectories(dir.resolve("a home with spaces"));
    assertEquals(elsewhere.toString(), runOnce(home, java.util.Map.of("HOME", elsewhere.toString())));
    assertEquals("/srv/x", runOnce(home, java.util.Map.of("HOME", elsewhere.toString(),
        "SVDD_JAVA_OPTS", "-Xmx64m -Duser.home=/srv/x")));
  }

  private static String runOnce(Path home, java.util.Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/svdd").toString(), "version");
    pb.environment().put("SVDD_JAVA_OPTS", "-Xmx64m");
    pb.environment().remove("SVDD_PROGRESS");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  /**
   * The first sample of a build runs the JVM as the launcher's child (to record its class archive): a TERM sent to
   * the launcher alone, as kill and timeout send it, reaches the JVM, whose exit hooks run.
   */
  @Test
  void aSignalToTheLauncher_reachesTheJvmItRuns() throws Exception {
    signalTheLauncher(false);
  }

  /** The same launcher killed outright (kill -9), which can pass nothing on: the kernel sends the JVM TERM. */
  @Test
  void aLauncherKilledOutright_takesTheJvmItRunsWithIt() throws Exception {
    signalTheLauncher(true);
  }

  private void signalTheLauncher(boolean outright) throws Exception {
    Path home = home();
    Path marker = dir.resolve("hooks-ran");
    build(home, jarOf("src-signal", java.util.Map.of("Probe", "public class Probe { public static void main(String[] a) "
        + "throws Exception { Runtime.getRuntime().addShutdownHook(new Thread(() -> { try { java.nio.file.Files"
        + ".writeString(java.nio.file.Path.of(\"" + marker + "\"), \"ran\"); } catch (Exception e) { } })); "
        + "System.out.println(ProcessHandle.current().pid()); System.out.flush(); Thread.sleep(120_000); } }")));
    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/svdd").toString(), "sample");
    pb.environment().put("SVDD_JAVA_OPTS", "-Xmx64m");
    Process launcher = pb.start();
    long jvm = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
      jvm = Long.parseLong(out.readLine().strip());
      assertNotEquals(launcher.pid(), jvm, "the JVM is the launcher's child on this path");
      if (outright) {
        launcher.destroyForcibly();
      } else {
        launcher.destroy();
      }
      assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the launcher exits");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false), "the JVM outlived its launcher");
      assertEquals("ran", Files.readString(marker), "the JVM got the signal and ran its exit hooks");
    } finally {
      launcher.destroyForcibly();
      ProcessHandle.of(jvm).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aRebuildWhileANodeRuns_leavesItsClassesInPlace_andTheNextRunGetsTheNewBuild() throws Exception {
    Path home = home();
    build(home, jar("v1"));

    Process first = launch(home);
    try (BufferedReader firstOut = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        OutputStream firstIn = first.getOutputStream()) {
      String started = firstOut.readLine();
      assertTrue(started != null && started.startsWith("v1 "), "first run: " + started);
      Path firstJar = Path.of(started.substring(3));
      assertNotEquals(home.resolve("target/svdd.jar").toRealPath(), firstJar.toRealPath(),
          "the launcher runs a copy, not the file a build rewrites");

      build(home, jar("v2"));
      Process second = launch(home);
      second.getOutputStream().close();
      String secondStarted = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
          .findFirst().orElse("");
      assertTrue(second.waitFor(60, TimeUnit.SECONDS));
      assertTrue(secondStarted.startsWith("v2 "), "the run after the rebuild gets the new build: " + secondStarted);
      assertNotEquals(firstJar, Path.of(secondStarted.substring(3)));

      firstIn.write('\n');
      firstIn.flush();
      String late = firstOut.readLine();
      assertTrue(late != null && late.startsWith("late v1"), "the first run loads its later classes from its own build: "
          + (late == null ? null : late.substring(0, Math.min(200, late.length()))));
      assertTrue(first.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, first.exitValue());
    } finally {
      first.destroyForcibly();
    }
  }
}
