package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Docking reward from AutoDock Vina: reward = max(−affinity, 0) in kcal/mol, as in the SVDD paper's
 * molecule experiments (arXiv 2408.08252, Sec. 7), where docking every candidate synchronously is what
 * makes guidance slow. Per design: a 3-D conformer by RDKit (ETKDG + MMFF, fixed seed) and PDBQT by Open
 * Babel on a preparing thread, then {@code vina --cpu 1 --seed S --exhaustiveness E} against a fixed receptor
 * and box on one of {@code slots} docking slots, which dock queued ligands up to {@code batch} at a time
 * against one receptor grid ({@link DockingSlots}). Docks past the timeout are killed with their children
 * and fail (a crashed one is retried). Every step is deterministic for a design and settings, which makes caching and resumed jobs
 * sound. A molecule that cannot be docked (no conformer, all-zero coordinates, Vina failing after its
 * retries) scores 0, and its detail says why.
 */
public final class VinaOracle implements RewardOracle {
  public static final String INSTALL_HINT =
      "install AutoDock Vina and Open Babel: 'apt-get install -y --no-install-recommends autodock-vina openbabel' "
          + "(or run bin/install-deps --molecules)";

  /** A docking target: receptor (PDBQT) and the search box centre and size in Å. */
  public record Target(String name, Path receptor, double[] center, double[] size) {
    public Target {
      if (center.length != 3 || size.length != 3) {
        throw new IllegalArgumentException("a docking box needs 3 centre and 3 size values");
      }
      for (double s : size) {
        if (!(s > 0 && s <= 126)) {
          throw new IllegalArgumentException("docking box sizes must be in (0, 126] Å, got " + s);
        }
      }
      if (!Files.isReadable(receptor)) {
        throw new IllegalArgumentException("receptor " + receptor + " of target " + name + " cannot be read");
      }
    }
  }

  /**
   * @param vina Vina binary
   * @param obabel Open Babel binary
   * @param slots docks at once (each one Vina process on one core)
   * @param exhaustiveness Vina's search effort (1 is fast and noisy, 8 is Vina's default)
   * @param seed Vina's random seed
   * @param conformerSeed RDKit's embedding seed
   * @param timeout limit for one dock
   * @param retries extra attempts after a crash (a dock that overruns {@code timeout} is not tried again: the seeded
   *     search would do the same work)
   * @param batch ligands one Vina process may dock against one receptor grid (1: a process per ligand, as
   *     the paper's code docks; same affinities and poses either way)
   */
  public record Settings(String vina, String obabel, int slots, int exhaustiveness, long seed, long conformerSeed,
      Duration timeout, int retries, int batch) {
    public Settings {
      if (batch < 1 || batch > 64) {
        throw new IllegalArgumentException("docking batch must be in 1..64, got " + batch);
      }
      if (slots < 1) {
        throw new IllegalArgumentException("docking slots must be at least 1, got " + slots);
      }
      if (exhaustiveness < 1 || exhaustiveness > 64) {
        throw new IllegalArgumentException("exhaustiveness must be in 1..64, got " + exhaustiveness);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("docking timeout must be positive, got " + timeout.toMillis() + " ms");
      }
      if (retries < 0) {
        throw new IllegalArgumentException("docking retries must be >= 0, got " + retries);
      }
    }

    /** These settings searching with another effort (refused outside 1..64 like any). */
    public Settings withExhaustiveness(int effort) {
      return new Settings(vina, obabel, slots, effort, seed, conformerSeed, timeout, retries, batch);
    }

    /** These settings with another batch (refused outside 1..64 like any). */
    public Settings withBatch(int ligands) {
      return new Settings(vina, obabel, slots, exhaustiveness, seed, conformerSeed, timeout, retries, ligands);
    }

    /**
     * One slot per core, exhaustiveness 1, Vina seed 1, conformer seed 42, 5 minutes per dock, one retry, up
     * to 8 ligands per Vina process.
     */
    public static Settings defaults() {
      return new Settings("vina", "obabel", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 1, 42,
          Duration.ofMinutes(5), 1, 8);
    }
  }

  /**
   * One dock's outcome: the reward and, when docked, the best pose (PDBQT, first model), the seconds a
   * slot worked on it (0 when answered from memory), and whether a failure would repeat if docked again (an
   * overrun: the seeded search does the same work), so that this oracle does not dock it again.
   */
  public record Dock(Reward reward, String pose, double seconds, boolean wouldRepeat) {
    public Dock(Reward reward, String pose, double seconds) {
      this(reward, pose, seconds, false);
    }

    Dock(Reward reward, String pose) {
      this(reward, pose, 0);
    }

    Dock fromMemory() {
      return new Dock(reward, pose, 0, wouldRepeat);
    }
  }

  /** At most this long a free slot waits for ligands being prepared to fill its share (each takes ~0.2 s). */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private final DesignCodec codec;
  private final Target target;
  private final Settings settings;
  private final RdkitOracle rdkit;
  private final Path obabel;
  /** Vina docks, Open Babel writes the ligand's PDBQT, RDKit embeds its conformer: each version changes answers. */
  private final ProgramVersion vinaVersion;
  private final ProgramVersion obabelVersion;
  private final Path work;
  private final ExecutorService preparers;
  private final DockingSlots slots;
  private final AtomicLong ligandNames = new AtomicLong();
  private final AtomicLong docks = new AtomicLong();
  private final AtomicLong dockNanos = new AtomicLong();
  private final java.util.Set<CompletableFuture<Dock>> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final String receptorDigest;
  /** Recent docks with their poses, so the output files need not dock the final designs again. */
  private final com.github.benmanes.caffeine.cache.Cache<String, Dock> recent =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(4096).build();

  /** @param rdkit embeds conformers; this oracle closes it */
  public VinaOracle(DesignCodec codec, Target target, Settings settings, RdkitOracle rdkit) {
    this.codec = codec;
    this.target = target;
    this.settings = settings;
    this.rdkit = rdkit;
    Path vina = ProcessPool.resolve(settings.vina(), INSTALL_HINT);
    this.obabel = ProcessPool.resolve(settings.obabel(), INSTALL_HINT);
    this.vinaVersion = new ProgramVersion(vina, "--version");
    this.obabelVersion = new ProgramVersion(obabel, "-V");
    this.receptorDigest = digest(target.receptor());
    try {
      this.work = ScratchDirs.create("svdd-vina-");
    } catch (IOException e) {
      throw new OracleUnavailableException("cannot create a working folder for docking: " + e.getMessage());
    }
    List<String> command = List.of(vina.toString(), "--receptor", target.receptor().toString(), "--center_x",
        num(target.center()[0]), "--center_y", num(target.center()[1]), "--center_z", num(target.center()[2]),
        "--size_x", num(target.size()[0]), "--size_y", num(target.size()[1]), "--size_z", num(target.size()[2]),
        "--exhaustiveness", Integer.toString(settings.exhaustiveness()), "--cpu", "1", "--seed",
        Long.toString(settings.seed()));
    this.preparers = Executors.newFixedThreadPool(settings.slots(), ProcessPool.daemon("vina-prep-" + target.name()));
    this.slots = new DockingSlots("vina-" + target.name(), settings.slots(), settings.batch(), settings.retries(),
        LINGER, (ligands, positions) -> new VinaRun(command, ligands, positions, newFolder("run-"), settings.timeout()),
        new DockingSlots.Answers() {
          @Override
          public Dock docked(double affinity, String pose, double seconds) {
            return new Dock(new Reward(Math.max(-affinity, 0), String.format(Locale.ROOT, "affinity %.3f kcal/mol",
                affinity)), pose, seconds);
          }

          @Override
          public Dock failed(String reason, int attempts, double seconds, boolean worthRetrying) {
            return new Dock(Reward.failed("docking failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                + reason + (worthRetrying ? "" : " (not docked again by this node: the seeded search would take as long "
                + "again)")), "", seconds, !worthRetrying);
          }
        });
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    return Futures.mapped(scoreCounting(designs), Scoring::rewards);
  }

  /** The rewards, the molecules docked for them (not answered from memory), and the seconds their slots worked. */
  @Override
  public CompletableFuture<Scoring> scoreCounting(List<State> designs) {
    List<CompletableFuture<Dock>> calls = new ArrayList<>(designs.size());
    for (State design : designs) {
      calls.add(dock(codec.text(design)));
    }
    return Futures.mapped(Futures.inOrder(calls), ds -> new Scoring(ds.stream().map(Dock::reward).toList(),
        (int) ds.stream().filter(d -> d.seconds() > 0).count(), ds.stream().mapToDouble(Dock::seconds).sum()));
  }

  /**
   * Docks one molecule; a molecule docked lately is answered from memory with its pose. Cancelling the
   * answer stops the dock: a queued one never starts (a Vina docking others first ends before it), a running
   * one's Vina is killed.
   */
  public CompletableFuture<Dock> dock(String smiles) {
    Dock known = recent.getIfPresent(smiles);
    if (known != null) {
      return CompletableFuture.completedFuture(known.fromMemory());
    }
    return dockAgain(smiles);
  }

  /**
   * Docks one molecule even when it was docked lately: what code that docks every candidate pays (the
   * reference shape the benchmarks compare against). Cancellable like {@link #dock}.
   */
  public CompletableFuture<Dock> dockAgain(String smiles) {
    // the slots answer `answer`; the caller is told through `told`, once the dock is counted and remembered
    // (a caller asking again the moment it hears must be answered from memory), and cancels through it
    CompletableFuture<Dock> answer = new CompletableFuture<>();
    CompletableFuture<Dock> told = new CompletableFuture<>();
    told.whenComplete((d, e) -> {
      if (told.isCancelled()) {
        answer.cancel(true);
      }
    });
    outstanding.add(answer);
    java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
    slots.expect();
    CompletableFuture<Void> preparing = Futures.interruptible(() -> {
      prepare(smiles, answer, settled);
      return null;
    }, preparers);
    answer.whenComplete((d, e) -> {
      outstanding.remove(answer);
      if (settled.compareAndSet(false, true)) {
        slots.abandon();
      }
      if (answer.isCancelled()) {
        preparing.cancel(true);
        told.cancel(true);
        return;
      }
      if (d != null) {
        docks.incrementAndGet();
        dockNanos.addAndGet((long) (d.seconds() * 1e9));
        if (!d.reward().failed() || d.wouldRepeat()) {
          recent.put(smiles, d);
        }
        told.complete(d);
      } else {
        told.completeExceptionally(e);
      }
    });
    return told;
  }

  /** A conformer and its PDBQT, then a place in the docking queue; an invalid molecule is answered at once. */
  private void prepare(String smiles, CompletableFuture<Dock> answer, java.util.concurrent.atomic.AtomicBoolean settled) {
    if (answer.isDone()) {
      return;
    }
    long started = System.nanoTime();
    Path dir = newFolder("dock-");
    answer.whenComplete((d, e) -> ScratchDirs.delete(dir));
    try {
      String invalid = rdkit.embed(smiles, settings.conformerSeed(), dir.resolve("ligand.mol")).join();
      invalid = invalid != null ? invalid : toPdbqt(dir);
      double seconds = Math.max(1, System.nanoTime() - started) / 1e9;
      if (invalid != null) {
        answer.complete(new Dock(new Reward(0, "invalid: " + invalid), "", seconds));
        return;
      }
      // a name of its own: a Vina run docking several ligands names each one's poses after its file
      Path ligand = Files.move(dir.resolve("ligand.pdbqt"), dir.resolve("l" + ligandNames.incrementAndGet() + ".pdbqt"));
      if (settled.compareAndSet(false, true)) {
        slots.offer(new DockingSlots.Ligand(ligand, answer, seconds));
      }
    } catch (IOException | RuntimeException e) {
      answer.complete(new Dock(Reward.failed("docking failed: " + org.svdd.core.reward.Failures.describe(e)), "",
          Math.max(1, System.nanoTime() - started) / 1e9));
    }
  }

  /** The Open Babel program this oracle converts with. */
  public String obabel() {
    return obabel.toString();
  }

  /** Vina processes run so far (retries included). */
  public long vinaRuns() {
    return slots.runs();
  }

  /**
   * Molecules docked so far (from memory not counted), and the seconds they took in all, each from its
   * preparation to its answer (what a job's oracle-seconds count).
   */
  public long docks() {
    return docks.get();
  }

  public double dockSeconds() {
    return dockNanos.get() / 1e9;
  }

  /** Seconds Vina processes ran so far, summed over slots: how busy the slots were (preparation not counted). */
  public double slotSeconds() {
    return slots.vinaSeconds();
  }

  /**
   * Open Babel's MOL to PDBQT; the reason the molecule cannot be converted, or null. Open Babel exits 0 even when it
   * converts nothing: an empty or missing PDBQT is the molecule's fault. A crash (any other exit) or a timeout is the
   * program's: a crash is tried again, as a Vina crash is, and the last one fails the dock (asked again later)
   * instead of marking the molecule invalid for good.
   */
  private String toPdbqt(Path dir) throws IOException {
    Path pdbqt = dir.resolve("ligand.pdbqt");
    ProgramRun.Result r = null;
    for (int attempt = 0; attempt <= settings.retries() && (r == null || r.exitCode() != 0); attempt++) {
      Files.deleteIfExists(pdbqt); // what a crashed try left
      try {
        r = ProgramRun.run(List.of(obabel.toString(), "ligand.mol", "-O", "ligand.pdbqt"), dir, settings.timeout());
      } catch (TimeoutException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    if (r.exitCode() != 0) {
      throw new IOException("Open Babel exited with code " + r.exitCode() + " on each of " + (settings.retries() + 1)
          + " attempts to convert the ligand to PDBQT: " + r.err().strip());
    }
    if (!Files.isRegularFile(pdbqt) || Files.size(pdbqt) == 0) {
      return "Open Babel could not write PDBQT: " + r.err().strip();
    }
    return Pdbqt.allZero(Files.readString(pdbqt)) ? "all-zero coordinates in the ligand" : null;
  }

  private Path newFolder(String prefix) {
    try {
      return Files.createTempDirectory(work, prefix);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create a docking folder: " + e.getMessage(), e);
    }
  }

  /** Vina runs beyond one per dock (a crash or timeout retried), and the RDKit embedder's restarts. */
  @Override
  public long restarts() {
    return slots.failures() + rdkit.restarts();
  }

  /** No slot starts a Vina while {@code cancels} run: a slot freed by the first starts on none of the others. */
  @Override
  public void withdrawTogether(Runnable cancels) {
    slots.together(cancels);
  }

  /** The docking slots, and those running a Vina now (the RDKit embedder, minutes less busy, is left out). */
  @Override
  public Slots slots() {
    return slots.slots();
  }

  /** The target (receptor content, box) and every setting that changes an affinity. */
  @Override
  public String identity() {
    return String.format(Locale.ROOT,
        "vina|%s|%s|%s|%s|receptor %s|box %s %s|exhaustiveness %d|seed %d|conformer %d|embed attempts %d",
        target.name(), vinaVersion.name(), obabelVersion.name(), rdkit.version(), receptorDigest, java.util.Arrays.toString(target.center()), java.util.Arrays.toString(target.size()),
        settings.exhaustiveness(), settings.seed(), settings.conformerSeed(), RdkitOracle.EMBED_ATTEMPTS);
  }

  @Override
  public void close() {
    preparers.shutdownNow();
    slots.close();
    for (CompletableFuture<Dock> left : List.copyOf(outstanding)) {
      left.complete(new Dock(Reward.failed("docking stopped: the docking oracle was closed"), ""));
    }
    rdkit.close();
    ScratchDirs.delete(work);
  }

  /** The receptor's {@link ContentDigest}: a changed receptor is another oracle. */
  private static String digest(Path file) {
    try {
      return ContentDigest.of(file);
    } catch (IOException e) {
      throw new OracleUnavailableException("cannot read receptor " + file + ": " + e.getMessage());
    }
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
