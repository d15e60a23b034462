package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot command stopped by a signal (Ctrl-C on its JVM alone, {@code timeout}, {@code kill PID}) takes the
 * programs it started with it: no Vina keeps docking on an orphaned core, and no scratch folder is left behind.
 */
class InterruptedRunTest {
  @TempDir Path dir;

  /** The run docks for real: no durable archive (as in every test JVM) answers for earlier runs' docks. */
  @Test
  void evalKilledWhileDocking_leavesNoVinaRunning_andNoScratchFolder() throws Exception {
    Path library = Files.write(dir.resolve("lib.smi"),
        Files.readAllLines(Path.of("models/molecules/data/heldout.smi")).subList(0, 40));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "-Dsvdd.home=" + Path.of("").toAbsolutePath(),
        "-Dsvdd.progress=off", "-Dsvdd.reward.archive-url=", Main.class.getName(), "eval", "--task", "molecules", "--reward", "vina-abl",
        "--designs", library.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("eval.log").toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    Process eval = builder.start();
    List<ProcessHandle> docks = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (docks.isEmpty() && System.nanoTime() < deadline && eval.isAlive()) {
        eval.descendants().filter(p -> p.info().command().orElse("").endsWith("/vina")).forEach(docks::add);
        Thread.sleep(100);
      }
      assertFalse(docks.isEmpty(), "eval started no Vina: " + Files.readString(dir.resolve("eval.log")));
      Matcher scratch = Pattern.compile("(/\\S*/svdd-vina-\\d+)/").matcher(
          String.join(" ", docks.get(0).info().arguments().orElse(new String[0])));
      assertTrue(scratch.find(), "Vina's files lie in the oracle's scratch folder");
      Path folder = Path.of(scratch.group(1));
      eval.destroy(); // SIGTERM to the JVM alone, as timeout(1) and kill(1) send it
      assertTrue(eval.waitFor(30, TimeUnit.SECONDS), "the JVM exits");
      for (ProcessHandle dock : docks) {
        dock.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(dock.isAlive(), "Vina " + dock.pid() + " stopped with the run");
      }
      assertFalse(Files.exists(folder), folder + " removed");
    } finally {
      eval.destroyForcibly();
      docks.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
