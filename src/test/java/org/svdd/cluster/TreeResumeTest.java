package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Spend;
import org.svdd.core.method.Trajectory;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * A tree-search job moved to another node keeps no tree (it searches again from the root, with the same result), but
 * its tally: it counts on from what it spent, is scored by the oracles it began with, and, its oracle budget spent
 * before the move, ends after the same round as it would have.
 */
class TreeResumeTest {
  private static final int LENGTH = 8;
  /** Four rollouts a round, six rounds at most. */
  private static final SamplingPlan TREE = SamplingPlan.of(Method.TREE, 4, 6, 0, LENGTH, 3);

  /**
   * Test fake: reward = how many A's; a design in {@code archived} is answered as a durable archive would (no oracle
   * call, no oracle-seconds), every other costs one call and one oracle-second. Records the designs asked, in order.
   */
  static final class ArchivedOracleFake implements RewardOracle {
    private final TableOracleFake table = new TableOracleFake(x -> Arrays.stream(x).filter(c -> c == 0).count());
    private final Set<String> archived;
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    ArchivedOracleFake(Set<String> archived) {
      this.archived = archived;
    }

    static String key(State design) {
      return Arrays.toString(((TokenState) design).tokens());
    }

    @Override
    public CompletionStage<List<Reward>> score(List<State> designs) {
      return table.score(designs);
    }

    @Override
    public CompletionStage<Scoring> scoreCounting(List<State> designs) {
      designs.forEach(d -> asked.add(key(d)));
      int paid = (int) designs.stream().filter(d -> !archived.contains(key(d))).count();
      return table.score(designs).thenApply(r -> new Scoring(r, paid, paid, designs.size() - paid));
    }
  }

  /** Test fake: a store holding no trajectory and the tally {@code before}; records the tallies saved. */
  static final class TallyStoreFake implements Checkpoints {
    private final Tally before;
    final List<Tally> saved = Collections.synchronizedList(new ArrayList<>());

    TallyStoreFake(Tally before) {
      this.before = before;
    }

    @Override
    public void save(String jobId, List<Trajectory> trajectories, Tally tally) {
      saved.add(tally);
    }

    @Override
    public void saveTally(String jobId, Tally tally) {
      saved.add(tally);
    }

    @Override
    public Map<Integer, Trajectory> latest(String jobId) {
      return Map.of();
    }

    @Override
    public Tally tally(String jobId) {
      return before;
    }
  }

  private static HeardJob run(SamplingPlan plan, RewardOracle oracle, Checkpoints store) throws Exception {
    double[][] p = new double[LENGTH][];
    Arrays.fill(p, new double[] {0.3, 0.3, 0.3, 0.1});
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 64, 10_000, Duration.ofSeconds(30));
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(AbcModel.process(LENGTH),
        () -> new FactorizedDenoiserFake(p), oracle, settings, new WorkerStats(), store), ConfigFactory.load())) {
      return HeardJob.run(engine, plan);
    }
  }

  @Test
  void resumed_countsOnFromItsTally_andSavesItAfterEachRound() throws Exception {
    Spend before = new Spend(500, 40, 2, 37, 0, 3, 37, "RNAfold exited with 139");
    TallyStoreFake store = new TallyStoreFake(new Checkpoints.Tally(before, ""));
    HeardJob resumed = run(TREE, new ArchivedOracleFake(Set.of()), store);
    assertEquals(4, assertInstanceOf(JobCoordinator.Finished.class, resumed.end()).samples().size());
    Spend after = resumed.last().spent();
    assertEquals(List.of(40L + 24, 37L + 24, 2L, 3L), List.of(after.designsScored(), after.oracleCalls(),
        after.designsFailed(), after.archiveAnswers()), "six rounds of four rollouts, counted on from the tally: " + after);
    assertEquals(37 + 24, after.oracleSeconds(), 1e-9);
    assertTrue(after.denoisedRows() > 500, "rows counted on from 500: " + after.denoisedRows());
    assertEquals(5, store.saved.size(), "a tally saved as each round but the last ends: " + store.saved);
    assertEquals(37 + 20, store.saved.get(4).spent().oracleCalls(), "the last saved after five rounds");
  }

  @Test
  void resumed_isScoredByTheOraclesItBeganWith() throws Exception {
    TallyStoreFake store = new TallyStoreFake(new Checkpoints.Tally(Spend.NONE, "", Map.of("", "rna-mfe|RNAfold 0.9")));
    HeardJob resumed = run(TREE, new ArchivedOracleFake(Set.of()), store);
    String why = assertInstanceOf(JobCoordinator.Failed.class, resumed.end()).reason();
    assertTrue(why.contains("is scored by another oracle than the one the job began with")
        && why.contains("rna-mfe|RNAfold 0.9") && why.contains("ArchivedOracleFake"), why);
  }

  /**
   * Spent during its second round, the job ends after that round. Moved while it ran, its budget already spent: the
   * first round, replayed from the archive, pays nothing, so the second runs too, and the job ends as it would have.
   */
  @Test
  void resumedAfterItsBudgetWasSpent_replaysTheRoundsItHadPaidFor_andEndsWhereItWouldHave() throws Exception {
    ArchivedOracleFake first = new ArchivedOracleFake(Set.of());
    HeardJob whole = run(TREE.withOracleSeconds(6), first, Checkpoints.NONE);
    List<org.svdd.core.method.Sample> samples = assertInstanceOf(JobCoordinator.Finished.class, whole.end()).samples();
    assertEquals(8, first.asked.size(), "two rounds of four rollouts: " + first.asked);
    String note = whole.last().note();
    assertTrue(note.contains("no rollout round after round 2 of 6"), note);

    // moved during round 2, after the budget was spent: round 1's designs are in the archive, round 2's only partly
    Set<String> archived = Set.copyOf(first.asked.subList(0, 5));
    ArchivedOracleFake again = new ArchivedOracleFake(archived);
    Spend spentThen = new Spend(64, 6, 0, 6, 0, 0, 6, "");
    HeardJob resumed = run(TREE.withOracleSeconds(6), again, new TallyStoreFake(new Checkpoints.Tally(spentThen, note)));
    assertEquals(samples.toString(), assertInstanceOf(JobCoordinator.Finished.class, resumed.end()).samples().toString(),
        "the samples of the job that did not move");
    assertEquals(List.of(sorted(first.asked.subList(0, 4)), sorted(first.asked.subList(4, 8))),
        List.of(sorted(again.asked.subList(0, 4)), sorted(again.asked.subList(4, again.asked.size()))),
        "the same two rounds asked (in any order within a round)");
    long paidAgain = first.asked.subList(4, 8).stream().filter(d -> !archived.contains(d)).count();
    assertTrue(paidAgain > 0, "round 2 had designs the archive did not hold");
    assertEquals(6 + paidAgain, resumed.last().spent().oracleCalls(), "only round 2's unarchived designs paid again");
    assertEquals(note, resumed.last().note(), "the budget's note stays");
  }

  private static List<String> sorted(List<String> designs) {
    return designs.stream().sorted().toList();
  }

  /** Its budget spent before the move and nothing archived: the first round pays, and the job ends after it. */
  @Test
  void resumedAfterItsBudgetWasSpent_withNothingArchived_endsAfterTheFirstRoundThatPays() throws Exception {
    ArchivedOracleFake oracle = new ArchivedOracleFake(Set.of());
    Spend spentThen = new Spend(64, 6, 0, 6, 0, 0, 6, "");
    HeardJob resumed = run(TREE.withOracleSeconds(6), oracle, new TallyStoreFake(new Checkpoints.Tally(spentThen,
        "oracle budget spent: 6.00 of 6.00 oracle-seconds after 6 oracle calls (every reward the job asks); no rollout"
            + " round after round 2 of 6; the samples come from the tree searched so far")));
    assertEquals(4, assertInstanceOf(JobCoordinator.Finished.class, resumed.end()).samples().size());
    assertEquals(4, oracle.asked.size(), "one round, then no more: the budget was spent: " + oracle.asked);
  }
}
