package org.svdd.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a program that reads files and exits (Vina, Open Babel), never through a shell: its output
 * is collected in files (no pipe to fill up), and past the timeout it is killed with every process it
 * started.
 */
final class ProgramRun {
  /** What the program left: exit code and its standard output and error. */
  record Result(int exitCode, String out, String err) {}

  /** A run stopped at its timeout, with what the program had said by then. */
  static final class TimedOut extends TimeoutException {
    private static final long serialVersionUID = 1L;
    private final String said;

    TimedOut(String message, String said) {
      super(message);
      this.said = said;
    }

    /** Its standard output, then (on a line of its own) its standard error, up to the kill. */
    String said() {
      return said;
    }
  }

  private ProgramRun() {}

  /** What a program killed at its timeout is told: "vina took longer than 4 s" (not Duration's "PT4S"). */
  static String tookLongerThan(String program, Duration timeout) {
    return program + " took longer than "
        + java.math.BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
  }

  static Result run(List<String> command, Path workDir, Duration timeout) throws IOException, TimedOut {
    Path out = Files.createTempFile(workDir, "out-", ".txt");
    Path err = Files.createTempFile(workDir, "err-", ".txt");
    Exiting.holdIfExiting();
    Process process = ProcessStarter.start(new ProcessBuilder(command).directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
        .redirectOutput(out.toFile()).redirectError(err.toFile()));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new TimedOut(tookLongerThan(command.get(0), timeout),
            Files.readString(out, StandardCharsets.UTF_8) + "\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      Exiting.holdIfExiting(); // an end during the exit is the exit hook's kill
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + command.get(0) + " ran", e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Kills a process and its descendants at once, and returns once they are gone ({@link #awaitGone}). */
  static void kill(Process process) {
    List<ProcessHandle> killed = new java.util.ArrayList<>(process.descendants().toList());
    killed.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    awaitGone(process, killed);
  }

  /** How long a kill waits for its processes to be gone. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  /**
   * Waits until the killed processes are gone, up to {@link #KILL_WAIT} and through interrupts (a closing oracle
   * interrupts its slots, whose kill must still finish): a killed program is gone when its kill returns, so nothing
   * counts or holds one that is about to die.
   */
  private static void awaitGone(Process process, List<ProcessHandle> killed) {
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    boolean interrupted = Thread.interrupted();
    // the Process itself, not its handle: the handle's exit is seen a moment before the Process marks itself exited
    while (process.isAlive() && System.nanoTime() < deadline) {
      try {
        process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    for (ProcessHandle p : killed) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        try {
          p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What a program said went wrong, on one line: from the last line that mentions an error to the end (Vina
   * prints the offending input line under its message), or the last line when none does; at most 300 characters.
   */
  static String message(String output) {
    List<String> lines = output.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      return "(no message)";
    }
    int from = lines.size() - 1;
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).toLowerCase(java.util.Locale.ROOT).contains("error")) {
        from = i;
        break;
      }
    }
    String joined = String.join(" ", lines.subList(from, lines.size()));
    return joined.length() <= 300 ? joined : joined.substring(0, 297) + "...";
  }

  static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }
}
