package org.svdd.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Reward = -MFE (kcal/mol) from ViennaRNA's RNAfold: higher means a more stable fold. A pool of
 * long-lived {@code RNAfold --noPS} processes is fed one sequence per line on stdin (a fresh process per
 * call costs ~10× more). ViennaRNA is licensed for non-commercial use.
 */
public final class RnaFoldOracle implements RewardOracle {
  /** Install hint shown when the binary is missing. */
  public static final String INSTALL_HINT =
      "install ViennaRNA: enable Debian's non-free component, then "
          + "'apt-get install -y --no-install-recommends vienna-rna' (or run bin/install-deps)";

  private final DesignCodec codec;
  private final ProcessPool pool;
  private final ProgramVersion version;

  public RnaFoldOracle(DesignCodec codec, PoolSettings settings) {
    this.codec = codec;
    java.nio.file.Path binary = ProcessPool.resolve(settings.binary(), INSTALL_HINT);
    this.pool = new ProcessPool("RNAfold", List.of(binary.toString(), "--noPS"), settings);
    this.version = new ProgramVersion(binary, "--version");
  }

  /** One process per core, 30 s per sequence, two retries. */
  public static PoolSettings defaults() {
    return PoolSettings.defaults("RNAfold");
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    List<CompletableFuture<Reward>> calls = new ArrayList<>(designs.size());
    for (State design : designs) {
      String sequence = codec.text(design);
      calls.add(sequence.isEmpty()
          ? CompletableFuture.completedFuture(new Reward(0, ""))
          : Futures.orFailed(pool.submit(sequence, 2, reply -> toReward(RnaFoldParser.parse(sequence, reply[0], reply[1])),
              "a sequence of " + sequence.length() + " nt")));
    }
    return Futures.inOrder(calls);
  }

  /** Folds one sequence on the calling thread, with timeout, restart and retries. */
  public Fold fold(String sequence) {
    if (sequence.isEmpty()) {
      return new Fold("", 0);
    }
    return pool.call(sequence, 2, reply -> RnaFoldParser.parse(sequence, reply[0], reply[1]),
        "a sequence of " + sequence.length() + " nt");
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
    return "rna-mfe|" + version() + " --noPS";
  }

  /** How RNAfold names its version ({@code RNAfold 2.5.1}), asked on first use. */
  public String version() {
    return version.name();
  }

  /** RNAfold processes started so far (more than the pool size means restarts happened). */
  public long processesStarted() {
    return pool.processesStarted();
  }

  /** Sequences folded successfully. */
  public long folds() {
    return pool.answered();
  }

  @Override
  public void close() {
    pool.close();
  }

  private static Reward toReward(Fold fold) {
    return new Reward(fold.mfe() == 0 ? 0 : -fold.mfe(), fold.structure());
  }
}
