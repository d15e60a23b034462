package org.svdd.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.svdd.oracle.CachingOracle;
import org.svdd.task.TaskOracles;

/**
 * A reward node's oracle work in its metrics: per reward (its {@code reward} tag: the job reward's oracle, an early
 * reward's, or a value network's, {@code value:rna-mfe}), the designs sent to its cache, the calls the oracle itself
 * made of them, and those the durable archive answered, so that what a node paid its slow oracle stands apart from
 * cheap guidance, and the oracle itself by name; for the node, its oracles' restarts and programs.
 */
final class OracleMeters {
  private OracleMeters() {}

  /**
   * Caches in front of {@code oracles}, each reward's work counted in {@code meters} as its cache is made, and each
   * reward's oracle named as soon as it can be told.
   */
  static TaskOracles.Cached counted(TaskOracles oracles, MeterRegistry meters) {
    oracles.onIdentified((reward, identity) -> name(meters, reward, identity));
    return oracles.cached((reward, cache) -> register(meters, reward, cache));
  }

  /**
   * Names a reward's oracle ({@code identity}: program, version, every setting that changes a score) in {@code
   * svdd_oracle_info{reward, oracle} 1}, by which nodes that score one reward otherwise show up.
   */
  static void name(MeterRegistry meters, String reward, String identity) {
    Gauge.builder("svdd.oracle.info", () -> 1).tag("reward", reward).tag("oracle", identity)
        .description("the oracle that scores this reward here: program, version, settings that change a score")
        .register(meters);
  }

  /** Counts a reward's work from the moment its cache is made (the node's first job asking for it, or its start). */
  static void register(MeterRegistry meters, String reward, CachingOracle cache) {
    FunctionCounter.builder("svdd.oracle.designs", cache, c -> c.stats().requested()).tag("reward", reward)
        .description("designs sent to this node's reward pools").register(meters);
    FunctionCounter.builder("svdd.oracle.calls", cache, c -> c.stats().delegated()).tag("reward", reward)
        .description("oracle calls after deduplication, memory and archive").register(meters);
    FunctionCounter.builder("svdd.oracle.archive.hits", cache, c -> c.stats().archived()).tag("reward", reward)
        .description("designs answered by the durable oracle archive").register(meters);
  }

  /** The node's oracles together: processes restarted, and programs run at once and working now. */
  static void registerNode(MeterRegistry meters, TaskOracles.Cached cached) {
    FunctionCounter.builder("svdd.oracle.restarts", cached, TaskOracles.Cached::restarts)
        .description("oracle processes killed and replaced after a crash, timeout or garbled answer").register(meters);
    Gauge.builder("svdd.oracle.slots", cached, c -> c.slots().total())
        .description("programs the node's oracles run at once (RNAfold processes, docking slots)").register(meters);
    Gauge.builder("svdd.oracle.slots.busy", cached, c -> c.slots().busy())
        .description("of the oracles' programs, those working now").register(meters);
  }
}
