package org.svdd.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Family membership by a covariance model (Infernal's {@code cmsearch}, Nawrocki and Eddy 2013): a
 * design's reward is the bit score of its best hit on the top strand, 0 without one; it belongs to the
 * family when that hit's E-value is below {@link #PASS_EVALUE}. E-values are computed for a fixed
 * database size ({@code -Z 1}, one megabase), so a design's score never depends on the batch it came in;
 * {@code --max} turns the heuristic filters off, so no weak hit is filtered away. One cmsearch run
 * scores a batch; runs go on a few threads.
 */
public final class CmsearchOracle implements RewardOracle {
  public static final String INSTALL_HINT = "install Infernal: 'apt-get install -y --no-install-recommends infernal'"
      + " (or run bin/install-deps)";
  /** A hit this significant says "a member of the family". */
  public static final double PASS_EVALUE = 1e-3;

  /** A design's best hit: bit score and E-value (0 and +∞ without a hit). */
  public record Hit(double bits, double evalue) {
    public static final Hit NONE = new Hit(0, Double.POSITIVE_INFINITY);

    public boolean passes() {
      return evalue < PASS_EVALUE;
    }
  }

  private final DesignCodec codec;
  private final Path cmsearch;
  private final ProgramVersion version;
  private final Path model;
  private final String modelDigest;
  private final PoolSettings settings;
  /** Searches running now (cmsearch processes). */
  private final java.util.concurrent.atomic.AtomicInteger searching = new java.util.concurrent.atomic.AtomicInteger();
  private final Path work;
  private final ExecutorService runs;

  public CmsearchOracle(DesignCodec codec, Path model, PoolSettings settings) {
    this.codec = codec;
    this.cmsearch = ProcessPool.resolve(settings.binary(), INSTALL_HINT);
    this.version = new ProgramVersion(cmsearch, "-h");
    if (!Files.isReadable(model)) {
      throw new OracleUnavailableException("covariance model " + model + " cannot be read");
    }
    this.model = model;
    try {
      this.modelDigest = ContentDigest.of(model);
    } catch (IOException e) {
      throw new OracleUnavailableException("cannot read covariance model " + model + ": " + e.getMessage());
    }
    this.settings = settings;
    try {
      this.work = ScratchDirs.create("svdd-cmsearch-");
    } catch (IOException e) {
      throw new OracleUnavailableException("cannot create a working folder for cmsearch: " + e.getMessage());
    }
    this.runs = Executors.newFixedThreadPool(settings.processes(), ProcessPool.daemon("cmsearch"));
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    List<String> sequences = designs.stream().map(codec::text).toList();
    return Futures.interruptible(() -> search(sequences), runs)
        .thenApply(hits -> hits.stream().map(CmsearchOracle::reward).toList());
  }

  private static Reward reward(Hit hit) {
    return hit == Hit.NONE ? new Reward(0, "no hit")
        : new Reward(hit.bits(), String.format(Locale.ROOT, "%.1f bits, E=%.2g", hit.bits(), hit.evalue()));
  }

  @Override
  public Slots slots() {
    return new Slots(Math.min(searching.get(), settings.processes()), settings.processes());
  }

  /** Every sequence's best hit, in order, on the calling thread (retried as the settings say). */
  public List<Hit> search(List<String> sequences) {
    searching.incrementAndGet();
    try {
      return searchRetried(sequences);
    } finally {
      searching.decrementAndGet();
    }
  }

  private List<Hit> searchRetried(List<String> sequences) {
    for (int attempt = 0; ; attempt++) {
      try {
        return searchOnce(sequences);
      } catch (IOException | TimeoutException | IllegalStateException e) {
        if (attempt >= settings.retries()) {
          throw new OracleCallException("cmsearch failed on " + sequences.size() + " designs: " + e.getMessage(), e);
        }
      }
    }
  }

  private List<Hit> searchOnce(List<String> sequences) throws IOException, TimeoutException {
    Path dir = Files.createTempDirectory(work, "run-");
    try {
      StringBuilder fasta = new StringBuilder();
      for (int i = 0; i < sequences.size(); i++) {
        if (!sequences.get(i).isEmpty()) {
          fasta.append(">d").append(i).append('\n').append(sequences.get(i)).append('\n');
        }
      }
      if (fasta.length() == 0) {
        return sequences.stream().map(s -> Hit.NONE).toList();
      }
      Files.writeString(dir.resolve("designs.fa"), fasta, StandardCharsets.US_ASCII);
      ProgramRun.Result r = ProgramRun.run(List.of(cmsearch.toString(), "--tblout", "hits.tbl", "--noali", "--toponly",
          "--max", "-Z", "1", "--cpu", "0", model.toString(), "designs.fa"), dir, settings.timeout());
      if (r.exitCode() != 0) {
        throw new IllegalStateException("cmsearch exited with " + r.exitCode() + ": " + r.err().strip());
      }
      Map<Integer, Hit> best = parseTable(Files.readString(dir.resolve("hits.tbl"), StandardCharsets.US_ASCII));
      List<Hit> out = new ArrayList<>(sequences.size());
      for (int i = 0; i < sequences.size(); i++) {
        out.add(best.getOrDefault(i, Hit.NONE));
      }
      return out;
    } finally {
      ScratchDirs.delete(dir);
    }
  }

  /**
   * The best hit per design index from cmsearch's {@code --tblout} table (columns: target name, accession,
   * query name, accession, model type, model from/to, seq from/to, strand, trunc, pass, gc, bias,
   * score, E-value, inc, description).
   */
  static Map<Integer, Hit> parseTable(String table) {
    Map<Integer, Hit> best = new HashMap<>();
    for (String line : table.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length < 16 || !f[0].startsWith("d")) {
        throw new IllegalStateException("cmsearch wrote an unreadable table line: " + line);
      }
      int index = Integer.parseInt(f[0].substring(1));
      Hit hit = new Hit(Double.parseDouble(f[14]), Double.parseDouble(f[15]));
      best.merge(index, hit, (a, b) -> a.bits() >= b.bits() ? a : b);
    }
    return best;
  }

  @Override
  public String identity() {
    return "trna-cm|" + version.name() + "|cmsearch --max -Z 1 --toponly|" + model.getFileName()
        + " " + modelDigest;
  }

  @Override
  public void close() {
    runs.shutdownNow();
    ScratchDirs.delete(work);
  }
}
