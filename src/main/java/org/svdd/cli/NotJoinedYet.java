package org.svdd.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Says in a served node's log, after a while and then now and then, that the node has not joined its cluster yet and
 * which seed nodes it keeps asking, until it is up or stops. (Pekko's own warning at every round of asking, every 2 s
 * here, is filtered out: {@link org.svdd.cluster.JoinWarningsFilter}.)
 */
final class NotJoinedYet implements AutoCloseable {
  static final Duration FIRST = Duration.ofSeconds(10);
  static final Duration EVERY = Duration.ofSeconds(30);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "svdd-not-joined-yet");
    t.setDaemon(true);
    return t;
  });

  /**
   * Says {@code say} "node NODE is not in a cluster yet after N s: ..." at {@code first}, then every {@code every},
   * while {@code joinedOrStopped} is false.
   */
  NotJoinedYet(String node, List<String> seeds, BooleanSupplier joinedOrStopped, Consumer<String> say, Duration first,
      Duration every) {
    long started = System.nanoTime();
    timer.scheduleAtFixedRate(() -> {
      if (joinedOrStopped.getAsBoolean()) {
        timer.shutdown();
        return;
      }
      say.accept(String.format("node %s is not in a cluster yet after %d s: none of its seed nodes (%s) has let it "
          + "join; it keeps asking them (are they running, and reachable from here?)", node,
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), String.join(", ", seeds)));
    }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether it has stopped saying anything: the node was seen joined (or stopped), or this was closed. */
  boolean done() {
    return timer.isShutdown();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
