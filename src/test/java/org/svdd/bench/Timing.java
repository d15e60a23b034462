package org.svdd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Wall seconds and process CPU-seconds of one timed run, and of those CPU-seconds the share of the
 * JIT compiler threads (read from /proc/self/task), which a benchmark alternating two code paths in
 * one JVM pays again and again but a long-lived server pays once.
 */
record Timing(double wall, double cpu, double jitCpu) {
  private static final double TICK = 0.01;

  static Timing of(Runnable run) {
    return of(() -> {
      run.run();
      return null;
    });
  }

  static Timing of(Callable<?> run) {
    java.util.Map<String, long[]> t0 = Boolean.getBoolean("svdd.bench.threads") ? ticksByThread() : null;
    long jit = compilerTicks();
    double cpu = processCpu();
    long start = System.nanoTime();
    try {
      run.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    if (t0 != null) {
      StringBuilder line = new StringBuilder("thread user/system ticks, minor faults:");
      ticksByThread().forEach((thread, now) -> {
        long[] before = t0.getOrDefault(thread, new long[3]);
        long user = now[0] - before[0];
        long system = now[1] - before[1];
        if (user + system >= 3) {
          line.append(String.format(java.util.Locale.ROOT, " %s %d/%d %d;", thread, user, system, now[2] - before[2]));
        }
      });
      System.out.println(line);
    }
    return new Timing(wall, processCpu() - cpu, (compilerTicks() - jit) * TICK);
  }

  /** CPU-seconds less the JIT compiler's. */
  double cpuWithoutJit() {
    return cpu - jitCpu;
  }

  /** Per live thread: user ticks, system ticks, minor page faults. */
  private static java.util.Map<String, long[]> ticksByThread() {
    java.util.Map<String, long[]> out = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + "#" + task.getFileName();
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.put(name, new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[7])});
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * CPU-seconds (user + system) of this process's child processes that have ended and been reaped so far (a Vina
   * run, an RDKit worker), from /proc/self/stat: what the oracles' programs cost, apart from the JVM's own.
   */
  static double reapedChildrenCpu() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * TICK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU-seconds of this JVM itself, every thread, now. */
  static double processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        / 1e9;
  }

  /** Clock ticks (user + system) of the threads named "C1/C2 CompilerThread…", now. */
  private static long compilerTicks() {
    return ticksByThread().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToLong(e -> e.getValue()[0] + e.getValue()[1]).sum();
  }
}
