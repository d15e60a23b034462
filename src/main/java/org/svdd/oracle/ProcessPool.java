package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded pool of long-lived programs that answer one request line with a fixed number of reply lines
 * (RNAfold, the RDKit worker). A fresh process per call would cost 10 to 1000 times more. Each call has
 * a timeout; a process that times out, crashes or answers out of step is killed with its children and
 * replaced, and the call retried.
 */
final class ProcessPool implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final PoolSettings settings;
  private final ExecutorService callers;
  private final ScheduledExecutorService watchdog;
  private final LinkedBlockingQueue<ExternalProcess> idle = new LinkedBlockingQueue<>();
  /** Every process started and not yet ended, idle or busy: closing the pool ends them all. */
  private final java.util.Set<ExternalProcess> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final AtomicLong processesStarted = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  /** Calls holding a process now. */
  private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

  /** @param command the program (already resolved) and its arguments */
  ProcessPool(String name, List<String> command, PoolSettings settings) {
    this.name = name;
    this.command = List.copyOf(command);
    this.settings = settings;
    this.callers = Executors.newFixedThreadPool(settings.processes(), daemon(name + "-caller"));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon(name + "-watchdog"));
  }

  /** Runs {@link #call} on one of the pool's threads. */
  <T> CompletableFuture<T> submit(String line, int replyLines, Function<String[], T> parse, String what) {
    return CompletableFuture.supplyAsync(() -> call(line, replyLines, parse, what), callers);
  }

  /**
   * Sends one line, reads {@code replyLines} back and parses them, on the calling thread; a parse
   * failure counts as a failed attempt. Fails with {@link OracleCallException} after the retries.
   */
  <T> T call(String line, int replyLines, Function<String[], T> parse, String what) {
    busy.incrementAndGet();
    try {
      return callWithRetries(line, replyLines, parse, what);
    } finally {
      busy.decrementAndGet();
    }
  }

  /** The pool's processes, and how many calls are using one now. */
  org.svdd.core.reward.RewardOracle.Slots slots() {
    return new org.svdd.core.reward.RewardOracle.Slots(Math.min(busy.get(), settings.processes()), settings.processes());
  }

  private <T> T callWithRetries(String line, int replyLines, Function<String[], T> parse, String what) {
    Exception last = null;
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      ExternalProcess process = null;
      AtomicBoolean timedOut = new AtomicBoolean();
      ScheduledFuture<?> alarm = null;
      try {
        process = borrow();
        ExternalProcess watched = process;
        alarm = watchdog.schedule(() -> {
          timedOut.set(true);
          watched.kill();
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        String[] reply = process.exchange(line, replyLines);
        alarm.cancel(false);
        T result = parse.apply(reply);
        idle.add(process);
        answered.incrementAndGet();
        return result;
      } catch (IOException | RuntimeException e) {
        if (alarm != null) {
          alarm.cancel(false);
        }
        if (process != null) {
          process.kill();
          live.remove(process);
          restarts.incrementAndGet();
        }
        last = timedOut.get() ? new TimeoutException(ProgramRun.tookLongerThan(name, settings.timeout())) : e;
      }
    }
    throw new OracleCallException(name + " failed on " + what + " after " + (settings.retries() + 1) + " attempts: "
        + last.getMessage(), last);
  }

  /** Processes started so far (more than the pool size means restarts happened). */
  long processesStarted() {
    return processesStarted.get();
  }

  /** Processes killed after a crash, timeout or garbled answer (each replaced on the next call). */
  long restarts() {
    return restarts.get();
  }

  /** Calls answered successfully. */
  long answered() {
    return answered.get();
  }

  /** Ends every process, busy ones too (their callers fail), with the processes they started. */
  @Override
  public void close() {
    closed = true;
    callers.shutdownNow();
    watchdog.shutdownNow();
    idle.clear();
    for (ExternalProcess p : List.copyOf(live)) {
      p.close();
      live.remove(p);
    }
  }

  private ExternalProcess borrow() throws IOException {
    ExternalProcess p = idle.poll();
    while (p != null && !p.alive()) {
      live.remove(p);
      p = idle.poll();
    }
    if (p != null) {
      return p;
    }
    if (closed) {
      throw new IOException(name + " pool is closed");
    }
    processesStarted.incrementAndGet();
    ExternalProcess started = new ExternalProcess(command);
    live.add(started);
    if (closed) {
      started.close();
      live.remove(started);
      throw new IOException(name + " pool is closed");
    }
    return started;
  }

  /** Finds a program on PATH (or checks a path), or fails with {@code installHint}. */
  static Path resolve(String binary, String installHint) {
    return find(binary).orElseThrow(() -> new OracleUnavailableException("'" + binary + (binary.contains("/")
        ? "' is not an executable file; " : "' was not found on PATH; ") + installHint));
  }

  /** The executable file {@code binary} names: a path (with a slash), or a name found on PATH; empty if none. */
  static java.util.Optional<Path> find(String binary) {
    if (binary.contains("/")) {
      return java.util.Optional.of(Path.of(binary)).filter(ProcessPool::executableFile);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && executableFile(Path.of(dir, binary))) {
        return java.util.Optional.of(Path.of(dir, binary));
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean executableFile(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
