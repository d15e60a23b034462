package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * programs it started with it: no Vina keeps docking on an orphaned core, and no scratch folder is left behind. Nor
 * does it report the docks the exit killed as failed designs, or begin writing results from them.
 */
class InterruptedRunTest {
  @TempDir Path dir;

  /** The run docks for real: no durable archive (as in every test JVM) answers for earlier runs' docks. */
  @Test
  void evalKilledWhileDocking_leavesNoVinaRunning_andNoScratchFolder() throws Exception {
    Process eval = eval(40, 8, "");
    List<ProcessHandle> docks = new ArrayList<>();
    try {
      docks.addAll(awaitVina(eval, "--exhaustiveness 1 "));
      Matcher scratch = Pattern.compile("(/\\S*/svdd-vina-\\d+-\\d+)/").matcher(arguments(docks.get(0)));
      assertTrue(scratch.find(), "Vina's files lie in the oracle's scratch folder");
      Path folder = Path.of(scratch.group(1));
      eval.destroy(); // SIGTERM to the JVM alone, as timeout(1) and kill(1) send it
      assertTrue(eval.waitFor(30, TimeUnit.SECONDS), "the JVM exits");
      for (ProcessHandle dock : docks) {
        dock.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(dock.isAlive(), "Vina " + dock.pid() + " stopped with the run");
      }
      assertFalse(Files.exists(folder), folder + " removed");
      String log = Files.readString(dir.resolve("eval.log"));
      assertTrue(log.contains("svdd: stopped before its end; nothing was written.\n"),
          "it says it stopped, and that no archive keeps its answers (none is open in this test): " + log);
    } finally {
      eval.destroyForcibly();
      docks.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * Killed while its held-out judge re-docks the scored designs (at exhaustiveness 2 here, to tell its Vinas
   * apart): before, the judge's docks failed at once as the exit stopped them, the run printed "could not judge
   * N of N designs: … svdd is exiting" and began staging a results folder it never finished.
   */
  @Test
  void evalKilledWhileJudging_reportsNoFailures_andWritesNothing() throws Exception {
    Process eval = eval(4, 2, "jdbc:h2:file:" + dir.resolve("rewards") + ";AUTO_SERVER=TRUE");
    List<ProcessHandle> docks = new ArrayList<>();
    try {
      docks.addAll(awaitVina(eval, "--exhaustiveness 2 "));
      eval.destroy();
      assertTrue(eval.waitFor(30, TimeUnit.SECONDS), "the JVM exits");
      String log = Files.readString(dir.resolve("eval.log"));
      assertFalse(log.contains("exiting") || log.contains("could not"),
          "the exit's kills are not reported as the designs' failures: " + log);
      assertTrue(log.contains("svdd: stopped before its end; nothing was written. The oracle answers it paid for are "
          + "kept in " + dir.resolve("rewards") + " (svdd archive): the same command again reads them instead of asking "
          + "the oracle again.\n"), "and where the answers it paid for are: " + log);
      Path out = dir.resolve("out");
      assertTrue(!Files.exists(out) || listing(out).isEmpty(), "nothing written, not even a folder being staged: "
          + (Files.exists(out) ? listing(out) : ""));
    } finally {
      eval.destroyForcibly();
      docks.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** A run that ends on its own, done, says nothing of having been stopped as its JVM exits. */
  @Test
  void evalThatEnds_saysNothingOfAStop() throws Exception {
    Process eval = eval(3, 0, "jdbc:h2:file:" + dir.resolve("rewards") + ";AUTO_SERVER=TRUE", "qed");
    try {
      assertTrue(eval.waitFor(120, TimeUnit.SECONDS), "the JVM exits");
      String log = Files.readString(dir.resolve("eval.log"));
      assertTrue(eval.exitValue() == 0 && Files.isDirectory(dir.resolve("out")), log);
      assertFalse(log.contains("stopped before its end"), log);
    } finally {
      eval.destroyForcibly();
    }
  }

  /**
   * A training stopped midway leaves no model folder (an empty one once stayed, without a word) and says where the
   * state after its last finished epoch is kept: beside {@code --out}. The same command goes on from there to the very
   * weights of a run that never stopped (dropout, EMA and a cosine schedule included); another command is refused
   * rather than started from it.
   */
  @Test
  void trainStopped_keepsItsLastEpochBesideOut_andTheSameCommandGoesOnToTheModelOfAnUnstoppedRun() throws Exception {
    Path model = dir.resolve("model");
    Path kept = dir.resolve("model.checkpoint");
    // the network of TrainingCheckpointTest's sequence run: two runs of the default one that never stopped can differ
    // now and then in this JVM on some CPUs (libtorch's convolution backward pass, README "Training on a CPU")
    List<String> train = List.of("train", "--task", "trna", "--data", "models/trna/data/heldout.fa", "--epochs", "60",
        "--hidden", "16", "--blocks", "2", "--kernel", "3", "--dropout", "0.1", "--ema", "0.99", "--cosine",
        "--judge-samples", "0", "--seed", "3");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dsvdd.home=" + Path.of("").toAbsolutePath(),
        "-Dsvdd.progress=off", "-Dai.djl.pytorch.num_threads=1", Main.class.getName()));
    command.addAll(train); // libtorch's threads as in this JVM, where the runs below go on: sums in the same order
    command.addAll(List.of("--out", model.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("train.log").toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    Process stopped = builder.start();
    int done;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && stopped.isAlive() && epochsKept(kept) < 2) {
        Thread.sleep(20);
      }
      assertTrue(stopped.isAlive() && epochsKept(kept) >= 2, "training, its state kept after each epoch: "
          + Files.readString(dir.resolve("train.log")));
      stopped.destroy();
      assertTrue(stopped.waitFor(30, TimeUnit.SECONDS), "the JVM exits");
      done = epochsKept(kept);
      assertTrue(done < 60, "stopped midway: " + done);
      String log = Files.readString(dir.resolve("train.log"));
      assertTrue(log.contains("svdd: stopped before its end; " + model + " was not made; the training's state after "
          + "epoch " + done + " of 60 is kept in " + kept + ": the same command again goes on from there.\n"), log);
      assertFalse(Files.exists(model), "no model folder: " + (Files.exists(model) ? listing(model) : ""));
    } finally {
      stopped.destroyForcibly();
    }

    List<String> longer = new ArrayList<>(train);
    longer.set(longer.indexOf("60"), "61");
    longer.addAll(List.of("--out", model.toString()));
    CliRunner.Result refused = CliRunner.run(longer.toArray(String[]::new));
    assertTrue(refused.exitCode() != 0 && refused.err().contains(kept + " keeps " + done + " epoch(s) of another training "
        + "(training: TrainingSettings[epochs=60,") && refused.err().contains("there, TrainingSettings[epochs=61,")
        && refused.err().contains("delete " + kept + " to train from the start"), refused.err());
    assertEquals(done, epochsKept(kept), "the refused run leaves the kept state alone");

    // as if the stopped run had trained for hours: the card's training time adds it
    Path state = kept.resolve("checkpoint.properties");
    Files.writeString(state, Files.readString(state).replaceFirst("(?m)^seconds=.*$", "seconds=5000.0"));
    List<String> same = new ArrayList<>(train);
    same.addAll(List.of("--out", model.toString()));
    CliRunner.Result resumed = CliRunner.run(same.toArray(String[]::new));
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.err().contains("svdd: going on from the state after epoch " + done + " of 60 kept in " + kept),
        resumed.err());
    assertFalse(Files.exists(kept), "the kept state is removed once the model is written");
    java.util.regex.Matcher time = Pattern.compile("training time: (\\d+)s").matcher(resumed.out());
    assertTrue(time.find() && Integer.parseInt(time.group(1)) >= 5000, resumed.out());
    List<String> straight = new ArrayList<>(train);
    straight.addAll(List.of("--out", dir.resolve("straight").toString()));
    assertEquals(0, CliRunner.run(straight.toArray(String[]::new)).exitCode());
    assertArrayEquals(Files.readAllBytes(dir.resolve("straight/denoiser-0000.params")),
        Files.readAllBytes(model.resolve("denoiser-0000.params")), "the weights of a run that never stopped");
    assertEquals(Files.readString(dir.resolve("straight/training.tsv")), Files.readString(model.resolve("training.tsv")));
  }

  /** The epochs whose state {@code svdd train} keeps in {@code folder} (0: none yet). */
  private static int epochsKept(Path folder) throws IOException {
    Path state = folder.resolve("checkpoint.properties");
    if (!Files.isRegularFile(state)) {
      return 0;
    }
    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newBufferedReader(state)) {
      p.load(in);
    } catch (java.nio.file.NoSuchFileException replacedMeanwhile) {
      return 0;
    }
    return Integer.parseInt(p.getProperty("epochs.done"));
  }

  /**
   * {@code svdd eval} of the first {@code molecules} held-out molecules, docked on Abl, judged at {@code judgeEffort},
   * keeping its answers at {@code archiveUrl} ("": none).
   */
  private Process eval(int molecules, int judgeEffort, String archiveUrl) throws IOException {
    return eval(molecules, judgeEffort, archiveUrl, "vina-abl");
  }

  private Process eval(int molecules, int judgeEffort, String archiveUrl, String reward) throws IOException {
    Path library = Files.write(dir.resolve("lib.smi"),
        Files.readAllLines(Path.of("models/molecules/data/heldout.smi")).subList(0, molecules));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "-Dsvdd.home=" + Path.of("").toAbsolutePath(),
        "-Dsvdd.progress=off", "-Dsvdd.reward.archive-url=" + archiveUrl, "-Dsvdd.reward.vina.judge-exhaustiveness=" + judgeEffort,
        Main.class.getName(), "eval", "--task", "molecules", "--reward", reward, "--designs", library.toString(),
        "--out", dir.resolve("out").toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("eval.log").toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    return builder.start();
  }

  /** The run's Vina processes whose arguments contain {@code marker}, once there is one (two minutes at most). */
  private List<ProcessHandle> awaitVina(Process eval, String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && eval.isAlive()) {
      List<ProcessHandle> docks = eval.descendants()
          .filter(p -> p.info().command().orElse("").endsWith("/vina") && arguments(p).contains(marker)).toList();
      if (!docks.isEmpty()) {
        return docks;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("eval started no Vina with " + marker + ": " + Files.readString(dir.resolve("eval.log")));
  }

  private static String arguments(ProcessHandle process) {
    return String.join(" ", process.info().arguments().orElse(new String[0])) + " ";
  }

  private static List<Path> listing(Path folder) throws IOException {
    try (var entries = Files.list(folder)) {
      return entries.toList();
    }
  }
}
