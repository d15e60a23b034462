package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Reward = -MFE (kcal/mol) from ViennaRNA's RNAfold: higher means a more stable fold. A bounded pool of
 * long-lived {@code RNAfold --noPS} processes is fed one sequence per line on stdin (a fresh process per
 * call costs ~10× more). Each call has a timeout; a process that times out, crashes or answers out of
 * step is killed and replaced, and the call retried. ViennaRNA is licensed for non-commercial use.
 */
public final class RnaFoldOracle implements RewardOracle {
  /** Install hint shown when the binary is missing. */
  public static final String INSTALL_HINT =
      "install ViennaRNA: enable Debian's non-free component, then "
          + "'apt-get install -y --no-install-recommends vienna-rna' (or run bin/install-deps)";

  /**
   * @param binary program name on PATH or a path to it
   * @param processes concurrent RNAfold processes
   * @param timeout limit for one sequence
   * @param retries extra attempts after a failed one
   */
  public record Settings(String binary, int processes, Duration timeout, int retries) {
    public Settings {
      if (processes < 1) {
        throw new IllegalArgumentException("oracle processes must be at least 1, got " + processes);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("oracle timeout must be positive, got " + timeout);
      }
      if (retries < 0) {
        throw new IllegalArgumentException("oracle retries must be >= 0, got " + retries);
      }
    }

    public static Settings defaults() {
      return new Settings("RNAfold", Math.max(1, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(30), 2);
    }
  }

  private final Vocabulary vocabulary;
  private final Settings settings;
  private final List<String> command;
  private final ExecutorService callers;
  private final ScheduledExecutorService watchdog;
  private final LinkedBlockingQueue<ExternalProcess> idle = new LinkedBlockingQueue<>();
  private final AtomicLong processesStarted = new AtomicLong();
  private final AtomicLong folds = new AtomicLong();

  public RnaFoldOracle(Vocabulary vocabulary, Settings settings) {
    this.vocabulary = vocabulary;
    this.settings = settings;
    this.command = List.of(resolve(settings.binary()).toString(), "--noPS");
    this.callers = Executors.newFixedThreadPool(settings.processes(), daemon("rnafold-caller"));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("rnafold-watchdog"));
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    List<CompletableFuture<Reward>> calls = new ArrayList<>(designs.size());
    for (State design : designs) {
      String sequence = vocabulary.decode((TokenState) design);
      calls.add(CompletableFuture.supplyAsync(() -> toReward(fold(sequence)), callers));
    }
    return Futures.inOrder(calls);
  }

  /** Folds one sequence on the calling thread, with timeout, restart and retries. */
  public Fold fold(String sequence) {
    if (sequence.isEmpty()) {
      return new Fold("", 0);
    }
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
        String[] reply = process.exchange(sequence, 2);
        alarm.cancel(false);
        Fold fold = RnaFoldParser.parse(sequence, reply[0], reply[1]);
        idle.add(process);
        folds.incrementAndGet();
        return fold;
      } catch (IOException | RuntimeException e) {
        if (alarm != null) {
          alarm.cancel(false);
        }
        if (process != null) {
          process.kill();
        }
        last = timedOut.get()
            ? new java.util.concurrent.TimeoutException("RNAfold took longer than " + settings.timeout())
            : e;
      }
    }
    throw new OracleCallException(
        "RNAfold failed on a sequence of " + sequence.length() + " nt after " + (settings.retries() + 1)
            + " attempts: " + last.getMessage(), last);
  }

  /** RNAfold processes started so far (more than the pool size means restarts happened). */
  public long processesStarted() {
    return processesStarted.get();
  }

  /** Sequences folded successfully. */
  public long folds() {
    return folds.get();
  }

  @Override
  public void close() {
    callers.shutdownNow();
    watchdog.shutdownNow();
    ExternalProcess p;
    while ((p = idle.poll()) != null) {
      p.close();
    }
  }

  private Reward toReward(Fold fold) {
    return new Reward(fold.mfe() == 0 ? 0 : -fold.mfe(), fold.structure());
  }

  private ExternalProcess borrow() throws IOException {
    ExternalProcess p = idle.poll();
    while (p != null && !p.alive()) {
      p = idle.poll();
    }
    if (p != null) {
      return p;
    }
    processesStarted.incrementAndGet();
    return new ExternalProcess(command);
  }

  /** Finds the binary, or fails with the install command. */
  static Path resolve(String binary) {
    if (binary.contains("/")) {
      Path path = Path.of(binary);
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return path;
      }
      throw new OracleUnavailableException("RNAfold binary '" + binary + "' is not an executable file; " + INSTALL_HINT);
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, binary);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new OracleUnavailableException("'" + binary + "' was not found on PATH; " + INSTALL_HINT);
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
