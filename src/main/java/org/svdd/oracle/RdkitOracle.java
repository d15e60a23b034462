package org.svdd.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Drug-likeness rewards from RDKit, computed by a pool of long-lived Python workers ({@code
 * rdkit_worker.py}, one SMILES per line): {@code qed} is RDKit's QED in [0, 1]; {@code sa} is the
 * paper's (10 − SA)/9 from Ertl and Schuffenhauer's synthetic accessibility score, so higher is easier
 * to make (arXiv 2408.08252, Sec. 7). An invalid molecule scores 0 and its detail says why. Starting a
 * worker costs about a second; a call, under a millisecond.
 */
public final class RdkitOracle implements RewardOracle {
  public static final String INSTALL_HINT =
      "install RDKit: 'apt-get install -y --no-install-recommends python3-rdkit rdkit-data' (or run bin/install-deps --molecules)";
  /** How long Python may take to import RDKit and answer the worker's check. */
  private static final long CHECK_SECONDS = 60;

  /** Which score becomes the reward. */
  public enum Score {
    QED("qed"),
    SA("sa");

    private final String label;

    Score(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What the worker says of one molecule: RDKit's canonical SMILES, QED and raw SA score, or why it is invalid. */
  public record Assessment(boolean valid, String smiles, double qed, double sa, String reason) {
    /** Parses one reply line of the worker. */
    static Assessment parse(String line) {
      String[] f = line.split("\t", -1);
      if (f.length == 2 && f[0].equals("invalid")) {
        return new Assessment(false, "", 0, 0, f[1]);
      }
      if (f.length == 4 && f[0].equals("ok")) {
        return new Assessment(true, f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), "");
      }
      throw unanswered(line);
    }

    Reward reward(Score score) {
      if (!valid) {
        return new Reward(0, "invalid: " + reason);
      }
      double value = score == Score.QED ? qed : (10 - sa) / 9;
      return new Reward(value, String.format(Locale.ROOT, "qed %.3f, sa %.2f", qed, sa));
    }
  }

  private final DesignCodec codec;
  private final Score score;
  private final Path script;
  private final String version;
  private final ProcessPool pool;

  /** Starts nothing yet but checks that Python can import RDKit; fails with the install line if not. */
  public RdkitOracle(DesignCodec codec, Score score, PoolSettings settings) {
    this.codec = codec;
    this.score = score;
    Path python = ProcessPool.resolve(settings.binary(), INSTALL_HINT);
    this.script = writeScript();
    try {
      this.version = check(python, script, CHECK_SECONDS);
    } catch (RuntimeException e) {
      ScratchDirs.delete(script.getParent());
      throw e;
    }
    this.pool = new ProcessPool("RDKit worker", List.of(python.toString(), script.toString()), settings);
  }

  /** Debian's Python, which sees Debian's python3-rdkit; one worker per core, 30 s per call, two retries. */
  public static PoolSettings defaults() {
    return PoolSettings.defaults("/usr/bin/python3");
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    List<CompletableFuture<Reward>> calls = new ArrayList<>(designs.size());
    for (State design : designs) {
      calls.add(Futures.orFailed(assess(codec.text(design)).thenApply(a -> a.reward(score))));
    }
    return Futures.inOrder(calls);
  }

  /** What RDKit says of a SMILES string (an empty one is invalid without a call). */
  public CompletableFuture<Assessment> assess(String smiles) {
    if (smiles.isBlank()) {
      return CompletableFuture.completedFuture(new Assessment(false, "", 0, 0, "no atoms"));
    }
    if (smiles.contains("\n") || smiles.contains("\r")) {
      return CompletableFuture.completedFuture(new Assessment(false, "", 0, 0, "a line break in the SMILES"));
    }
    return pool.submit(smiles, 1, reply -> Assessment.parse(reply[0]), "'" + smiles + "'");
  }

  /**
   * How many random starts ETKDG tries before it gives up on a molecule (RDKit's default is ten per atom). A ring too
   * strained to close, which the molecule model samples now and then (13 of 400 pre-trained samples), then fails in
   * about 3 s instead of 10 to 30 s per try. A start that succeeds is the same start either way: of 387 pre-trained
   * samples and 300 held-out molecules that embedded, every conformer came out identical with and without the cap
   * (2026-12-03, RDKit 2022.09). Part of what a conformer depends on, so docking results name it.
   */
  public static final int EMBED_ATTEMPTS = 100;

  /**
   * Writes a 3-D conformer of {@code smiles} to {@code file} (MOL): RDKit's ETKDG with a fixed seed (at most
   * {@link #EMBED_ATTEMPTS} starts, then as many from random coordinates), then MMFF94, so the same molecule and seed
   * always give the same coordinates. Completes with null on success, or with the reason the molecule cannot be
   * embedded.
   */
  public CompletableFuture<String> embed(String smiles, long seed, Path file) {
    if (smiles.isBlank() || smiles.contains("\t") || smiles.contains("\n")) {
      return CompletableFuture.completedFuture(smiles.isBlank() ? "no atoms" : "a tab or line break in the SMILES");
    }
    return pool.submit("embed\t" + smiles + "\t" + seed + "\t" + EMBED_ATTEMPTS + "\t" + file, 1, reply -> {
      String[] f = reply[0].split("\t", 2);
      if (f.length == 2 && f[0].equals("ok") && f[1].equals(file.toString())) {
        return null;
      }
      if (f.length == 2 && f[0].equals("invalid")) {
        return f[1];
      }
      throw unanswered(reply[0]);
    }, "embedding '" + smiles + "'");
  }

  /**
   * A reply that is no answer about the molecule: the worker's machine failed ({@code error}), or the line cannot be
   * read. The call counts as a failed attempt, tried again, and never kept as the molecule's answer.
   */
  private static IllegalStateException unanswered(String line) {
    String[] f = line.split("\t", 2);
    return f.length == 2 && f[0].equals("error") ? new IllegalStateException("the RDKit worker failed: " + f[1])
        : new IllegalStateException("cannot read an RDKit worker reply: '" + line + "'");
  }

  @Override
  public long restarts() {
    return pool.restarts();
  }

  @Override
  public Slots slots() {
    return pool.slots();
  }

  @Override
  public String identity() {
    return score.label() + "|" + version;
  }

  /** How the workers' RDKit names its version ({@code RDKit 2022.09.5}), which conformers and scores depend on. */
  public String version() {
    return version;
  }

  /** Worker processes started so far. */
  public long processesStarted() {
    return pool.processesStarted();
  }

  @Override
  public void close() {
    pool.close();
    ScratchDirs.delete(script.getParent());
  }

  private static Path writeScript() {
    try (InputStream in = RdkitOracle.class.getResourceAsStream("rdkit_worker.py")) {
      Path dir = ScratchDirs.create("svdd-rdkit-");
      Path file = dir.resolve("rdkit_worker.py");
      dir.toFile().deleteOnExit(); // an oracle never closed (a test's) leaves nothing: the file goes first, then this
      file.toFile().deleteOnExit();
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException | NullPointerException e) {
      throw new OracleUnavailableException("cannot write the RDKit worker script: " + e.getMessage());
    }
  }

  /**
   * Scores one molecule with the worker script and returns the RDKit version it names; a worker that cannot say
   * within {@code limitSeconds} is stopped.
   */
  static String check(Path python, Path script, long limitSeconds) {
    ProgramRun.Result run;
    try {
      run = ProgramRun.run(List.of(python.toString(), script.toString(), "--check"), script.getParent(),
          Duration.ofSeconds(limitSeconds));
    } catch (ProgramRun.TimedOut e) {
      throw new OracleUnavailableException(python + " did not answer the RDKit worker's check within " + limitSeconds
          + " s (" + lastLine(e.said()) + ")");
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new OracleUnavailableException("interrupted while checking the RDKit worker");
      }
      throw new OracleUnavailableException("cannot start " + python + ": " + e.getMessage() + "; " + INSTALL_HINT);
    }
    String out = run.out().strip();
    if (run.exitCode() != 0 || !out.startsWith("ok")) {
      throw new OracleUnavailableException(python + " cannot run the RDKit worker (" + lastLine(run.out() + "\n" + run.err())
          + "); " + INSTALL_HINT);
    }
    return out.lines().filter(l -> l.startsWith("RDKit ")).findFirst().orElseThrow(
        () -> new OracleUnavailableException(python + " ran the RDKit worker but it named no RDKit version: " + out));
  }

  private static String lastLine(String output) {
    String said = output.strip();
    return said.isEmpty() ? "no output" : said.lines().reduce((first, next) -> next).orElse(said);
  }
}
