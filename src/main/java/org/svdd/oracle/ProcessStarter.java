package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts the external programs oracles run so that none outlives this JVM, even a JVM killed outright (SIGKILL, the
 * kernel's out-of-memory killer), which runs no exit hook. Without this, a reward node killed mid-dock left its Vina
 * processes docking for the rest of their batch (minutes at a high exhaustiveness), beside the Vinas of the node
 * restarted in its place.
 *
 * <p>On Linux each program is started through util-linux's {@code setpriv --pdeathsig KILL}, which asks the kernel
 * to kill it when the thread that started it ends; so every program is started by one thread that lives as long as
 * the JVM. Where {@code setpriv} is missing or may not set the signal (a sandbox forbidding prctl), programs are
 * started as they are, and only the exit hook ends them.
 */
final class ProcessStarter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessStarter.class);
  /** util-linux's setpriv; another path for tests only (a setpriv that fails). */
  private static final Path SETPRIV = Path.of(System.getProperty("svdd.setpriv", "/usr/bin/setpriv"));
  private static final List<String> TETHER = tether();
  /** The thread that starts every program; it never ends before the JVM does. */
  private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "svdd-process-starter");
    t.setDaemon(true);
    return t;
  });

  /** setpriv's words for "kill this program when its starter ends", if setpriv is here and may say them. */
  private static List<String> tether() {
    List<String> tether = List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--");
    String why = "is missing";
    if (Files.isExecutable(SETPRIV)) {
      try {
        // a sandbox that forbids prctl would make setpriv fail every program it starts: tried once first
        List<String> probe = new ArrayList<>(tether);
        probe.add("true");
        Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        if (p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0) {
          return tether;
        }
        p.destroyForcibly();
        why = "cannot set a parent-death signal here";
      } catch (IOException e) {
        why = "cannot run (" + e.getMessage() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        why = "was interrupted";
      }
    }
    LOG.warn("{} {}: programs the oracles start outlive a JVM killed outright", SETPRIV, why);
    return List.of();
  }

  private ProcessStarter() {}

  /** Whether programs started here die with this JVM. */
  static boolean tethered() {
    return !TETHER.isEmpty();
  }

  /**
   * Starts {@code builder}'s command as {@link ProcessBuilder#start} does, tethered to this JVM. A program that cannot
   * be found fails here as there, with the IOException that names it.
   */
  static Process start(ProcessBuilder builder) throws IOException {
    String program = builder.command().get(0);
    if (runnable(program, builder.directory())) {
      List<String> command = new ArrayList<>(TETHER);
      command.addAll(builder.command());
      builder.command(command);
    }
    Future<Process> started = STARTER.submit(builder::start);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return started.get(); // as ProcessBuilder.start, not interruptible: it takes milliseconds
        } catch (InterruptedException e) {
          interrupted = true; // kept for the caller, who would have seen it after start
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether {@code program} names an executable file: a path (from {@code dir} if relative), or a name on PATH. */
  private static boolean runnable(String program, java.io.File dir) {
    boolean relativePath = program.contains("/") && !Path.of(program).isAbsolute();
    return ProcessPool.find(relativePath && dir != null ? dir.toPath().resolve(program).toString() : program).isPresent();
  }
}
