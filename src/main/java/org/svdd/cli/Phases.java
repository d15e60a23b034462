package org.svdd.cli;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Wall time per phase of one command, for {@code --timings}: where a run's seconds go outside sampling.
 * The first phase, {@code jvm}, runs from the JVM's start to the command's.
 */
final class Phases {
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private long last = System.nanoTime();

  Phases() {
    long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    nanos.put("jvm", Math.max(0, sinceJvmStart) * 1_000_000L);
  }

  /** Ends the current phase under {@code name} (times add up when a name repeats). */
  void end(String name) {
    long now = System.nanoTime();
    nanos.merge(name, now - last, Long::sum);
    last = now;
  }

  double seconds(String name) {
    return nanos.getOrDefault(name, 0L) / 1e9;
  }

  double totalSeconds() {
    return nanos.values().stream().mapToLong(Long::longValue).sum() / 1e9;
  }

  /** "jvm 0.41 s, model 0.52 s, … total 3.10 s". */
  @Override
  public String toString() {
    StringJoiner line = new StringJoiner(", ");
    nanos.forEach((name, ns) -> line.add(String.format(Locale.ROOT, "%s %.2f s", name, ns / 1e9)));
    return line + String.format(Locale.ROOT, "; total %.2f s", totalSeconds());
  }
}
