package org.svdd.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Inverse folding toward a target shape: a design's reward is minus the tree edit distance (ViennaRNA's
 * {@code RNAdistance}, full representation) between its minimum-free-energy structure (RNAfold) and the
 * target structure, so 0 is a design that folds into the target. Tree edit distance compares shapes of
 * any lengths, which suits a family whose members differ in loop lengths (tRNAs: 62-93 nt against a
 * 71-column consensus cloverleaf). RNAdistance runs as long-lived processes, one pair per query.
 */
public final class StructureTargetOracle implements RewardOracle {
  private final RnaFoldOracle folding;
  private final ProgramVersion rnadistance;
  private final ProcessPool distances;
  private final String target;
  private final String name;

  /**
   * @param folding folds the designs; this oracle closes it
   * @param target the target structure in dot-bracket
   */
  public StructureTargetOracle(String name, RnaFoldOracle folding, PoolSettings rnadistance, String target) {
    if (!target.matches("[().]+") || target.chars().filter(c -> c == '(').count() != target.chars().filter(c -> c == ')').count()) {
      folding.close();
      throw new IllegalArgumentException("target structure must be balanced dot-bracket, got '" + target + "'");
    }
    this.name = name;
    this.folding = folding;
    this.target = target;
    try {
      java.nio.file.Path binary = ProcessPool.resolve(rnadistance.binary(), RnaFoldOracle.INSTALL_HINT);
      this.distances = new ProcessPool("RNAdistance", List.of(binary.toString()), rnadistance);
      this.rnadistance = new ProgramVersion(binary, "--version");
    } catch (RuntimeException e) {
      folding.close();
      throw e;
    }
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    return folding.score(designs).thenCompose(folds -> {
      List<CompletableFuture<Reward>> calls = new ArrayList<>(folds.size());
      for (Reward fold : folds) {
        String structure = fold.detail();
        calls.add(fold.failed() || structure.isEmpty() ? CompletableFuture.completedFuture(fold)
            : Futures.orFailed(distances.submit(structure + "\n" + target, 1, reply -> toReward(structure, reply[0]),
                "a structure of " + structure.length() + " nt")));
      }
      return Futures.inOrder(calls);
    });
  }

  /** RNAdistance answers "f: 12" for a pair. */
  static Reward toReward(String structure, String reply) {
    String line = reply.strip();
    if (!line.startsWith("f:")) {
      throw new IllegalStateException("RNAdistance answered '" + line + "'");
    }
    int distance = Integer.parseInt(line.substring(2).strip());
    return new Reward(-distance, structure + " d=" + distance);
  }

  @Override
  public long restarts() {
    return folding.restarts() + distances.restarts();
  }

  @Override
  public Slots slots() {
    return folding.slots().plus(distances.slots());
  }

  @Override
  public String identity() {
    return name + "|" + folding.version() + " --noPS|" + rnadistance.name() + " -Df|" + target;
  }

  @Override
  public void close() {
    distances.close();
    folding.close();
  }
}
