package org.svdd.cli;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.svdd.oracle.Exiting;
import org.svdd.oracle.ScratchDirs;

/**
 * The programs a one-shot command starts (Vina, RNAfold, RDKit's workers, cmsearch, Open Babel) end with it: on
 * Ctrl-C or a kill signal the JVM's exit kills every process it started, and theirs, instead of leaving a dock
 * running on an orphaned core, then removes the oracles' scratch folders. ({@code serve} closes its oracles itself
 * as the node leaves.)
 */
final class ChildProcesses {
  private static final AtomicBoolean REGISTERED = new AtomicBoolean();

  private ChildProcesses() {}

  /** Registers, once per JVM, the exit hook that kills the descendants still running. */
  static void stopOnExit() {
    if (REGISTERED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "svdd-stop-children"));
    }
  }

  /** Kills every descendant of this process (children and theirs), waits briefly for them, removes scratch folders. */
  static void killAll() {
    Exiting.begin();
    StopNotice.printIfSet();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    while (!children.isEmpty() && System.nanoTime() < deadline) { // a start that raced the stop is caught next round
      children.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle child : children) {
        try {
          child.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException | TimeoutException e) {
          // gone or going
        }
      }
      children = ProcessHandle.current().descendants().toList();
    }
    ScratchDirs.deleteAll();
  }
}
