package org.svdd.core.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.State;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.core.reward.Reward;
import org.svdd.core.select.SoftValueSelector;

/**
 * One denoising step of one particle as a pure state machine. It says what it needs next (denoiser
 * outputs, rewards) and is fed the answers; whoever drives it (the sequential reference sampler, or a
 * Particle actor exchanging messages with worker pools) gets identical results.
 *
 * <p>SVDD (arXiv 2408.08252, Alg. 1): draw M children from the pre-trained reverse step, value each by
 * the reward of its x̂_0 (PM), of K completions (rollout) or by a value network that reads the child
 * itself (MC, no denoiser call for the children), keep one with probability
 * softmax(v / alpha). SMC proposes one child and records its value gain as a log-weight increment; the
 * population step does the resampling. Pre-trained and Best-of-N propose one child and value nothing
 * until the final, clean state is scored.
 *
 * <p>A child whose design the oracle could not score (a failed reward, after the oracle's retries) is
 * never chosen over a scored sibling; if no child can be valued, the first proposal is kept, like an
 * unguided step. For SMC, that child's chosen value is its parent's, so its weight is unchanged.
 *
 * <p>Beam search values M children like SVDD and offers them all to the barrier ({@link Done#alternatives}).
 * Adaptive candidates ({@link AdaptiveCandidates}) value a few children first and draw more in a second round
 * only where their values differ; designs scored in the first round are not asked for again.
 *
 * <p>Steps off the plan's {@link GuidanceSchedule} propose one child and value nothing, like pre-trained
 * sampling. Free savings: a child equal to its parent reuses the parent's prediction, distinct designs are
 * scored once, and the chosen child's prediction is carried into the next step.
 */
public final class ParticleStep {

  /** What the machine needs next. */
  public sealed interface Need permits Predict, Score, Done {}

  /** Denoiser outputs for these states at diffusion time {@code time}. */
  public record Predict(List<State> states, double time) implements Need {}

  /**
   * Rewards of these clean designs, by the reward named (see {@link RewardSchedule}). {@code candidates} are the
   * designs of every child valued in this round, repeats included: what code scoring each candidate would ask
   * for (the reference shape that {@link SequentialSampler#scoringEveryCandidate} measures).
   */
  public record Score(List<State> designs, String reward, List<State> candidates) implements Need {
    public Score {
      designs = List.copyOf(designs);
      candidates = List.copyOf(candidates);
    }

    public Score(List<State> designs, String reward) {
      this(designs, reward, designs);
    }
  }

  /**
   * The step is over: the particle goes on from {@code next}. Beam search also offers the step's other
   * valued children ({@code alternatives}) to the population's choice at the barrier.
   */
  public record Done(Trajectory next, List<Trajectory> alternatives) implements Need {
    public Done {
      alternatives = List.copyOf(alternatives);
    }

    public Done(Trajectory next) {
      this(next, List.of());
    }
  }

  private final SamplingPlan plan;
  private final DiffusionProcess process;
  private final Trajectory current;
  private List<State> children;
  private List<float[]> childPredictions;
  private List<List<State>> designsPerChild;
  /** Rewards of this step's designs known so far (adaptive candidates ask twice). */
  private final Map<State, Reward> known = new LinkedHashMap<>();
  private float[] parentPrediction;
  private boolean extended;
  private List<State> distinctDesigns;
  private int failedDesigns;
  /** A final state whose job reward is still to come (its step was valued by another reward). */
  private Trajectory unscoredFinal;

  public ParticleStep(SamplingPlan plan, DiffusionProcess process, Trajectory current) {
    this.plan = plan;
    this.process = process;
    this.current = current;
  }

  public Need start() {
    if (current.step() == plan.steps()) {
      if (current.reward() != null) {
        return new Done(current);
      }
      distinctDesigns = List.of(current.state());
      return new Score(distinctDesigns, plan.rewardAt(current.step()));
    }
    if (current.prediction() == null) {
      return new Predict(List.of(current.state()), process.time(current.step(), plan.steps()));
    }
    return propose(current.prediction());
  }

  public Need onPredictions(float[][] rows) {
    if (children == null) {
      requireRows(rows, 1);
      return propose(rows[0]);
    }
    List<State> asked = statesNeedingPrediction();
    requireRows(rows, asked.size());
    Map<State, float[]> byState = new LinkedHashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      byState.put(asked.get(i), rows[i]);
    }
    for (int m = 0; m < children.size(); m++) {
      if (childPredictions.get(m) == null && byState.containsKey(children.get(m))) {
        childPredictions.set(m, byState.get(children.get(m)));
      }
    }
    return scoreChildren();
  }

  public Need onRewards(List<Reward> rewards) {
    if (rewards.size() != distinctDesigns.size()) {
      throw new IllegalStateException(
          "asked for " + distinctDesigns.size() + " rewards, got " + rewards.size());
    }
    failedDesigns = 0;
    for (int i = 0; i < rewards.size(); i++) {
      known.put(distinctDesigns.get(i), rewards.get(i));
      failedDesigns += rewards.get(i).failed() ? 1 : 0;
    }
    if (children == null) {
      return new Done(withReward(current, known.get(current.state())));
    }
    if (unscoredFinal != null) {
      return new Done(withReward(unscoredFinal, known.get(unscoredFinal.state())));
    }
    if (!plan.guides(current.step())) {
      State child = children.get(0);
      return finish(new Trajectory(current.particle(), plan.steps(), child, null, 0, current.logWeight(),
          finalReward(known.get(child)), current.spent()));
    }
    return valueChildren();
  }

  /** Values every child from the rewards known, draws more (adaptive candidates) or chooses. */
  private Need valueChildren() {
    double[] values = new double[children.size()];
    List<Integer> scored = new ArrayList<>();
    for (int m = 0; m < values.length; m++) {
      List<Double> r = new ArrayList<>();
      for (State d : designsPerChild.get(m)) {
        Reward reward = known.get(d);
        if (!reward.failed()) {
          r.add(reward.value());
        }
      }
      if (r.isEmpty()) {
        continue;
      }
      double[] ok = r.stream().mapToDouble(Double::doubleValue).toArray();
      values[m] = ok.length == 1 ? ok[0] : ValueEstimator.softMean(ok, plan.alpha());
      scored.add(m);
    }
    if (plan.adaptive().on() && !extended) {
      extended = true;
      double spread = scored.isEmpty() ? 0
          : scored.stream().mapToDouble(m -> values[m]).max().getAsDouble()
              - scored.stream().mapToDouble(m -> values[m]).min().getAsDouble();
      int total = plan.adaptive().children(spread, plan.candidates() * plan.guidedSteps() - current.spent(),
          plan.guidedStepsFrom(current.step()));
      if (total > children.size()) {
        drawChildren(total);
        return askForChildren();
      }
    }
    if (scored.isEmpty()) {
      // no child could be valued: keep the first pre-trained proposal, its value unknown
      return finish(advance(0, current.value()));
    }
    if (plan.method() == Method.BEAM) {
      return beam(scored, values);
    }
    double[] candidates = scored.stream().mapToDouble(m -> values[m]).toArray();
    int chosen = plan.selectsAmongChildren()
        ? scored.get(SoftValueSelector.select(candidates, plan.alpha(), random(Purpose.SELECT).nextDouble()))
        : scored.get(0);
    return finish(advance(chosen, values[chosen]));
  }

  /** Beam search: the best child goes on, the other distinct valued children are offered at the barrier. */
  private Need beam(List<Integer> scored, double[] values) {
    int best = scored.get(0);
    for (int m : scored) {
      if (values[m] > values[best]) {
        best = m;
      }
    }
    List<Trajectory> alternatives = new ArrayList<>();
    List<State> offered = new ArrayList<>(List.of(children.get(best)));
    for (int m : scored) {
      if (!offered.contains(children.get(m))) {
        offered.add(children.get(m));
        alternatives.add(advance(m, values[m]));
      }
    }
    return new Done(advance(best, values[best]), alternatives);
  }

  /** Done, unless {@code next} is a final state without the job's reward: then that reward is asked first. */
  private Need finish(Trajectory next) {
    if (next.step() < plan.steps() || next.reward() != null) {
      return new Done(next);
    }
    unscoredFinal = next;
    distinctDesigns = List.of(next.state());
    return new Score(distinctDesigns, plan.rewardAt(plan.steps()));
  }

  /** Designs of the last answered request whose oracle could not score them (failed rewards). */
  public int failedDesigns() {
    return failedDesigns;
  }

  /** Designs of the last answered request. */
  public int scoredDesigns() {
    return distinctDesigns == null ? 0 : distinctDesigns.size();
  }

  private Need propose(float[] prediction) {
    parentPrediction = prediction;
    children = new ArrayList<>();
    childPredictions = new ArrayList<>();
    designsPerChild = new ArrayList<>();
    drawChildren(plan.childrenAt(current.step()));
    boolean last = current.step() + 1 == plan.steps();
    if (!plan.guides(current.step()) && (!last || valuesNoisyStates())) {
      // unguided: the first child (a last one is then scored with the job's reward)
      return finish(new Trajectory(current.particle(), current.step() + 1, children.get(0), childPredictions.get(0),
          current.value(), current.logWeight(), null, current.spent()));
    }
    return askForChildren();
  }

  /** Draws children up to {@code total} from the parent's prediction, child c from its own keyed stream. */
  private void drawChildren(int total) {
    for (int c = children.size(); c < total; c++) {
      State child = process.reverseStep(current.state(), parentPrediction, current.step(), plan.steps(),
          random(Purpose.CHILD, c));
      children.add(child);
      childPredictions.add(child.equals(current.state()) ? parentPrediction : null);
    }
  }

  /** What valuing the children drawn needs next: their predictions, their designs' rewards, or nothing. */
  private Need askForChildren() {
    if (valuesNoisyStates()) {
      return scoreChildren();
    }
    List<State> asked = statesNeedingPrediction();
    if (!asked.isEmpty()) {
      return new Predict(asked, process.time(current.step() + 1, plan.steps()));
    }
    return scoreChildren();
  }

  /** Distinct children that are neither clean nor equal to their parent. */
  private List<State> statesNeedingPrediction() {
    List<State> out = new ArrayList<>();
    for (int m = 0; m < children.size(); m++) {
      State child = children.get(m);
      if (childPredictions.get(m) == null && !process.isClean(child) && !out.contains(child)) {
        out.add(child);
      }
    }
    return out;
  }

  /** Asks for the rewards of the children's designs not known yet; values the children if none is new. */
  private Need scoreChildren() {
    List<State> candidates = new ArrayList<>();
    for (int m = designsPerChild.size(); m < children.size(); m++) {
      designsPerChild.add(designsOf(m));
      candidates.addAll(designsPerChild.get(m));
    }
    List<State> distinct = new ArrayList<>();
    for (List<State> designs : designsPerChild) {
      for (State d : designs) {
        if (!known.containsKey(d) && !distinct.contains(d)) {
          distinct.add(d);
        }
      }
    }
    if (distinct.isEmpty()) {
      // every new child's design was scored in the first round: the last request's counts stand
      return valueChildren();
    }
    distinctDesigns = distinct;
    return new Score(distinct, plan.rewardAt(current.step()), candidates);
  }

  /** Whether this step's children are valued as they are, by a value network (SVDD-MC). */
  private boolean valuesNoisyStates() {
    return ValueEstimator.isValueNetwork(plan.rewardAt(current.step()));
  }

  /** A reward kept as the final sample's only when it is the job's reward (not a value network's or early one's). */
  private Reward finalReward(Reward reward) {
    return plan.rewardAt(current.step()).equals(plan.rewardAt(plan.steps())) ? reward : null;
  }

  private List<State> designsOf(int m) {
    State child = children.get(m);
    if (process.isClean(child) || valuesNoisyStates()) {
      return List.of(child);
    }
    if (plan.value() != ValueEstimator.ROLLOUT) {
      // PM, and MC's steps left to the reward: the reward of x̂_0
      return List.of(process.cleanEstimate(child, childPredictions.get(m)));
    }
    List<State> completions = new ArrayList<>(plan.rollouts());
    for (int k = 0; k < plan.rollouts(); k++) {
      completions.add(process.sampleClean(child, childPredictions.get(m), random(Purpose.ROLLOUT, m, k)));
    }
    return completions;
  }

  private Trajectory advance(int chosen, double value) {
    State child = children.get(chosen);
    int step = current.step() + 1;
    double logWeight = current.logWeight();
    if (plan.method() == Method.SMC) {
      logWeight += (value - current.value()) / plan.alpha();
    } else if (plan.method() == Method.FK) {
      logWeight = plan.potential().next(logWeight, current.value(), value, plan.alpha(), current.step() == 0);
    }
    Reward reward = step == plan.steps() ? finalReward(known.get(child)) : null;
    return new Trajectory(current.particle(), step, child, childPredictions.get(chosen), value, logWeight, reward,
        current.spent() + children.size());
  }

  private static Trajectory withReward(Trajectory t, Reward reward) {
    return new Trajectory(t.particle(), t.step(), t.state(), t.prediction(), t.value(), t.logWeight(), reward, t.spent());
  }

  private RandomStream random(Purpose purpose, long... more) {
    long[] key = new long[2 + more.length];
    key[0] = current.particle();
    key[1] = current.step();
    System.arraycopy(more, 0, key, 2, more.length);
    return RandomStream.of(plan.seed(), purpose, key);
  }

  private static void requireRows(float[][] rows, int expected) {
    if (rows.length != expected) {
      throw new IllegalStateException("asked for " + expected + " predictions, got " + rows.length);
    }
  }
}
