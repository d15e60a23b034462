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
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SearchRound;
import org.svdd.core.method.Spend;
import org.svdd.core.method.Trajectory;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * A tree-search job moved to another node grows its tree again from the rounds it had saved, runs again only the round
 * that was in flight, and ends with the samples it would have had; it counts on from its tally, is scored by the
 * oracles it began with, and, its oracle budget spent in the round in flight, ends after that round.
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

  /**
   * Test fake: a store holding no trajectory, the tree rounds {@code before} and the tally {@code tally}; records the
   * rounds and tallies saved (a round's tally in {@link #saved} too).
   */
  static final class TreeStoreFake implements Checkpoints {
    private final List<SearchRound.Rollout> before;
    private final Tally tally;
    final List<Tally> saved = Collections.synchronizedList(new ArrayList<>());
    final List<List<SearchRound.Rollout>> rounds = Collections.synchronizedList(new ArrayList<>());

    TreeStoreFake(List<SearchRound.Rollout> before, Tally tally) {
      this.before = before;
      this.tally = tally;
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
    public void saveRound(String jobId, List<SearchRound.Rollout> rollouts, Tally tally) {
      rounds.add(rollouts);
      saved.add(tally);
    }

    @Override
    public List<SearchRound.Rollout> rounds(String jobId) {
      return before;
    }

    @Override
    public Map<Integer, Trajectory> latest(String jobId) {
      return Map.of();
    }

    @Override
    public Tally tally(String jobId) {
      return tally;
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

  /** The rounds a job saved as it ran, one after the other, its oracle having answered {@code asked}. */
  private static List<SearchRound.Rollout> firstRounds(TreeStoreFake ran, int rounds) {
    return ran.rounds.subList(0, rounds).stream().flatMap(List::stream).toList();
  }

  @Test
  void moved_growsItsTreeFromTheSavedRounds_asksOnlyForTheRest_andEndsWithTheSameSamples() throws Exception {
    ArchivedOracleFake first = new ArchivedOracleFake(Set.of());
    TreeStoreFake ran = new TreeStoreFake(List.of(), Checkpoints.Tally.NONE);
    HeardJob whole = run(TREE, first, ran);
    List<Sample> samples = assertInstanceOf(JobCoordinator.Finished.class, whole.end()).samples();
    assertEquals(5, ran.rounds.size(), "each round but the last saved: " + ran.rounds);
    assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(),
        firstRounds(ran, 5).stream().map(SearchRound.Rollout::particle).toList(), "four rollouts a round, in order");
    assertEquals(24, first.asked.size());
    List<Long> done = whole.progress().stream().map(JobCoordinator.Progress::stepsDone).toList();
    assertEquals(List.of(4L * 6 * LENGTH), List.of(whole.last().stepsTotal()));
    assertEquals(whole.last().stepsTotal(), whole.last().stepsDone(), "every rollout a whole chain: " + done);
    assertEquals(done.stream().sorted().toList(), done, "progress only grows");

    // moved during round 2: rounds 0 and 1 saved, with the tally as of round 1's end; nothing archived
    ArchivedOracleFake again = new ArchivedOracleFake(Set.of());
    TreeStoreFake moved = new TreeStoreFake(firstRounds(ran, 2), ran.saved.get(1));
    HeardJob resumed = run(TREE, again, moved);
    assertEquals(samples, assertInstanceOf(JobCoordinator.Finished.class, resumed.end()).samples(),
        "the samples of the job that did not move");
    assertEquals(sorted(first.asked.subList(8, 24)), sorted(again.asked), "only rounds 2 to 5 asked again");
    assertEquals(whole.last().spent().oracleCalls(), resumed.last().spent().oracleCalls(), "nothing paid twice");
    JobCoordinator.Progress a = whole.last();
    JobCoordinator.Progress b = resumed.last();
    assertEquals(List.of(a.stepsDone(), a.finished(), a.q10Value(), a.medianValue(), a.q90Value()),
        List.of(b.stepsDone(), b.finished(), b.q10Value(), b.medianValue(), b.q90Value()),
        "the saved rounds' steps, rollouts and rewards counted as the moved job's own");
    assertEquals(List.of(2, 3, 4), moved.rounds.stream().map(r -> r.get(0).particle() / 4).toList(),
        "it saves the rounds after those it had");
  }

  /** A round whose save was lost (the store down then) and the rounds after it are run again. */
  @Test
  void aRoundWhoseSaveWasLost_isRunAgain_withThoseAfterIt() throws Exception {
    ArchivedOracleFake first = new ArchivedOracleFake(Set.of());
    TreeStoreFake ran = new TreeStoreFake(List.of(), Checkpoints.Tally.NONE);
    List<Sample> samples = assertInstanceOf(JobCoordinator.Finished.class, run(TREE, first, ran).end()).samples();
    List<SearchRound.Rollout> gap = new ArrayList<>(ran.rounds.get(0));
    gap.addAll(ran.rounds.get(2));
    ArchivedOracleFake again = new ArchivedOracleFake(Set.of());
    HeardJob resumed = run(TREE, again, new TreeStoreFake(gap, ran.saved.get(2)));
    assertEquals(samples, assertInstanceOf(JobCoordinator.Finished.class, resumed.end()).samples());
    assertEquals(sorted(first.asked.subList(4, 24)), sorted(again.asked), "rounds 1 to 5 asked again");
  }

  @Test
  void resumed_countsOnFromItsTally_andSavesItWithEachRound() throws Exception {
    Spend before = new Spend(500, 40, 2, 37, 0, 3, 37, "RNAfold exited with 139");
    TreeStoreFake store = new TreeStoreFake(List.of(), new Checkpoints.Tally(before, ""));
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
    TreeStoreFake store = new TreeStoreFake(List.of(), new Checkpoints.Tally(Spend.NONE, "",
        Map.of("", "rna-mfe|RNAfold 0.9")));
    HeardJob resumed = run(TREE, new ArchivedOracleFake(Set.of()), store);
    String why = assertInstanceOf(JobCoordinator.Failed.class, resumed.end()).reason();
    assertTrue(why.contains("is scored by another oracle than the one the job began with")
        && why.contains("rna-mfe|RNAfold 0.9") && why.contains("ArchivedOracleFake"), why);
  }

  /**
   * Spent during its second round, the job ends after that round. Moved while that round ran, its budget already spent
   * and nothing archived: it grows round 1's tree from the store, runs the second round again (paying for it again),
   * and ends as it would have.
   */
  @Test
  void movedInTheRoundThatSpentItsBudget_runsThatRoundAgain_andEndsWhereItWouldHave() throws Exception {
    ArchivedOracleFake first = new ArchivedOracleFake(Set.of());
    TreeStoreFake ran = new TreeStoreFake(List.of(), Checkpoints.Tally.NONE);
    HeardJob whole = run(TREE.withOracleSeconds(6), first, ran);
    List<Sample> samples = assertInstanceOf(JobCoordinator.Finished.class, whole.end()).samples();
    assertEquals(8, first.asked.size(), "two rounds of four rollouts: " + first.asked);
    assertEquals(1, ran.rounds.size(), "round 1 saved; round 2 spent the budget and ended the job");
    String note = whole.last().note();
    assertTrue(note.contains("no rollout round after round 2 of 6"), note);

    ArchivedOracleFake again = new ArchivedOracleFake(Set.of());
    Spend spentThen = new Spend(64, 6, 0, 6, 0, 0, 6, "");
    HeardJob resumed = run(TREE.withOracleSeconds(6), again, new TreeStoreFake(firstRounds(ran, 1),
        new Checkpoints.Tally(spentThen, note)));
    assertEquals(samples, assertInstanceOf(JobCoordinator.Finished.class, resumed.end()).samples(),
        "the samples of the job that did not move");
    assertEquals(sorted(first.asked.subList(4, 8)), sorted(again.asked), "round 2 alone asked again");
    assertEquals(6 + 4, resumed.last().spent().oracleCalls(), "round 2 paid again, nothing else");
    assertEquals(note, resumed.last().note(), "the budget's note stays");
  }

  /** Saved rounds that do not fit this job's tree (another version's search) are left, and it searches again. */
  @Test
  void savedRoundsThatDoNotFit_areLeft_andTheJobSearchesAgainFromTheRoot() throws Exception {
    ArchivedOracleFake first = new ArchivedOracleFake(Set.of());
    TreeStoreFake ran = new TreeStoreFake(List.of(), Checkpoints.Tally.NONE);
    List<Sample> samples = assertInstanceOf(JobCoordinator.Finished.class, run(TREE, first, ran).end()).samples();
    List<SearchRound.Rollout> saved = new ArrayList<>(firstRounds(ran, 2));
    SearchRound.Rollout r = saved.get(5);
    saved.set(5, new SearchRound.Rollout(r.particle(), r.start() + 1, r.path().subList(1, r.path().size()),
        r.reward()));
    ArchivedOracleFake again = new ArchivedOracleFake(Set.of());
    HeardJob resumed = run(TREE, again, new TreeStoreFake(saved, Checkpoints.Tally.NONE));
    assertEquals(samples, assertInstanceOf(JobCoordinator.Finished.class, resumed.end()).samples());
    assertEquals(sorted(first.asked), sorted(again.asked), "every round asked again");
  }

  private static List<String> sorted(List<String> designs) {
    return designs.stream().sorted().toList();
  }
}
