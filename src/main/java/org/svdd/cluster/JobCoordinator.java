package org.svdd.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.Method;
import org.svdd.core.method.PopulationStep;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SearchRound;
import org.svdd.core.method.SearchTree;
import org.svdd.core.method.Spend;
import org.svdd.core.method.Trajectory;

/**
 * Drives one job: spawns a particle per trajectory, holds a barrier only where the method needs one
 * (SMC resampling after every step; Best-of-N's final cut happens once all are done), reports progress,
 * and answers with the samples or the first failure. A job always ends in Finished, Failed or Cancelled.
 *
 * <p>Every {@code checkpointEvery} steps a particle's trajectory is saved (for SMC, the whole resampled
 * population at once); a coordinator started for a job that has checkpoints resumes each particle from
 * its latest one, which by keyed randomness yields the samples of an uninterrupted run. A tree search saves each
 * round as it finishes, and grows the same tree again from its saved rounds.
 */
public final class JobCoordinator extends AbstractBehavior<JobCoordinator.Command> {

  public interface Command {}

  /**
   * A particle finished a step (and, on the last step, its trajectory), and what it spent on it that it had not told
   * already ({@link Spent}). Beam search's particles also offer the step's other valued children
   * ({@code alternatives}) for the barrier's choice. {@code oracles}: the oracle that has scored each reward for the
   * particle so far, which the job's other particles must agree with.
   */
  public record StepDone(Trajectory trajectory, List<Trajectory> alternatives, Spend spent, List<OracleUse> oracles)
      implements Command, ClusterMessage {
    public StepDone {
      alternatives = List.copyOf(alternatives);
      oracles = List.copyOf(oracles);
    }

    public StepDone(Trajectory trajectory) {
      this(trajectory, List.of(), Spend.NONE, List.of());
    }
  }

  public record ParticleFailed(int particle, String reason) implements Command, ClusterMessage {}

  /**
   * What a particle spent on a step it has not finished (told as its answers come, so that a job cancelled or failed
   * mid-step counts the rows and oracle calls it paid for); the rest of the step's spending comes with its StepDone.
   */
  record Spent(Spend spent) implements Command {}

  /** A particle actor stopped; unless its trajectory was done, it crashed. */
  private record ParticleStopped(int particle) implements Command {}

  /**
   * Run this job, reporting to {@code client}. Sent again every few seconds while the job is unfinished:
   * the first one starts the coordinator (on whichever node its shard lives), later ones only update
   * where events go.
   */
  public record Run(SamplingPlan plan, ActorRef<Event> client) implements Command, ClusterMessage {}

  /**
   * Stop the job; the submitter (and {@code client}, when given: the job's relay) hears {@link Cancelled}.
   * A coordinator not yet started keeps the cancel and answers every later Run with Cancelled.
   */
  public record Cancel(ActorRef<Event> client) implements Command, ClusterMessage {}

  /** What the submitter hears about its job. */
  public sealed interface Event permits Progress, Finished, FinishedPart, Failed, Cancelled {}

  /**
   * One slice of a large {@link Finished}, so that no message outgrows a remote frame (4,096 samples
   * of a tRNA are about 1 MB; Artery's frames are 256 KiB). The job manager's relay puts the slices
   * back together; submitters only ever see Finished.
   */
  public record FinishedPart(int offset, int total, List<Sample> samples, long failedDesigns)
      implements Event, ClusterMessage {
    public FinishedPart {
      samples = List.copyOf(samples);
    }
  }

  /** Samples per {@link FinishedPart}. */
  static final int SAMPLES_PER_PART = 256;

  /** Sends an event, a large Finished as parts. */
  static void deliver(ActorRef<Event> to, Event event) {
    if (event instanceof Finished f && f.samples().size() > SAMPLES_PER_PART) {
      int total = f.samples().size();
      for (int from = 0; from < total; from += SAMPLES_PER_PART) {
        to.tell(new FinishedPart(from, total, f.samples().subList(from, Math.min(total, from + SAMPLES_PER_PART)),
            f.failedDesigns()));
      }
    } else {
      to.tell(event);
    }
  }

  /**
   * @param stepsDone particle-steps completed out of {@code stepsTotal}
   * @param finished trajectories done
   * @param q10Value 0.1 quantile of the particles' latest soft values (their rewards once finished), of those that
   *     have one: NaN before a guided step has ended or a design been scored
   * @param medianValue their median
   * @param q90Value their 0.9 quantile
   * @param node address of the node the coordinator runs on
   * @param ess effective sample size of the particles' weights at the last barrier (smc, fk; NaN otherwise)
   * @param resamplings population resamplings so far (smc, fk)
   * @param spent what the job spent so far (designs scored are counted after deduplication in each particle)
   * @param note how the job's course changed, if it did (its oracle budget spent); empty otherwise
   * @param oracles the oracle that has scored each reward of the job so far
   */
  public record Progress(long stepsDone, long stepsTotal, int finished, int trajectories, double q10Value,
      double medianValue, double q90Value, String node, double ess, int resamplings, Spend spent, String note,
      List<OracleUse> oracles) implements Event, ClusterMessage {
    public Progress {
      oracles = List.copyOf(oracles);
    }

    /** {@link #oracles} by reward name. */
    public Map<String, String> oraclesByReward() {
      return OracleUse.byReward(oracles);
    }
  }

  /** The samples, and how many designs the oracle could not score along the way (never chosen). */
  public record Finished(List<Sample> samples, long failedDesigns) implements Event, ClusterMessage {
    public Finished {
      samples = List.copyOf(samples);
    }

    public Finished(List<Sample> samples) {
      this(samples, 0);
    }
  }

  public record Failed(String reason) implements Event, ClusterMessage {}

  public record Cancelled(String reason) implements Event, ClusterMessage {}

  /**
   * What a coordinator runs and where it keeps checkpoints; the job fails once more than
   * {@code maxFailureFraction} of its scored designs could not be scored.
   */
  public record Job(String id, SamplingPlan plan, Checkpoints checkpoints, int checkpointEvery,
      double maxFailureFraction) {
    public Job(String id, SamplingPlan plan, Checkpoints checkpoints, int checkpointEvery) {
      this(id, plan, checkpoints, checkpointEvery, EngineSettings.DEFAULT_MAX_FAILURE_FRACTION);
    }
  }

  /** A coordinator that runs {@code onEnd} once it has ended the job (its node's count of running jobs). */
  public static Behavior<Command> create(Job job, DiffusionProcess process, Routing routing, ActorRef<Event> client,
      Runnable onEnd) {
    return Behaviors.setup(context -> new JobCoordinator(context, job, process, routing, client, onEnd));
  }

  private final Job job;
  private final Runnable onEnd;
  private final SamplingPlan plan;
  private ActorRef<Event> client;
  private final List<ActorRef<Particle.Command>> particles = new ArrayList<>();
  private final ArrayDeque<Trajectory> pending = new ArrayDeque<>();
  private final DiffusionProcess process;
  private final Routing routing;
  private final Trajectory[] latest;
  /** Beam search: the children each particle offered at the current barrier besides its own. */
  private final List<List<Trajectory>> offered = new ArrayList<>();
  /** Tree search: the shared tree, and its current round (null otherwise). */
  private final SearchTree tree;
  private SearchRound round;
  private final long stepsTotal;
  private long stepsDone;
  private int finished;
  private int atBarrier;
  private long lastReportedPercent = -1;
  /** What the job spent, counted on from its tally when it resumed. */
  private final JobSpending spending;
  /** The oracle each reward is scored with across the job's particles (from what it began with, once resumed). */
  private final OracleAgreement oracles;
  /** The progress last reported, said again with the ending to a late Run. */
  private Progress lastProgress;
  /** The plan new particles run: the job's, or its unguided form once the oracle budget is spent. */
  private SamplingPlan particlePlan;
  private double ess = Double.NaN;
  private int resamplings;
  /** The first step whose children the plan values ({@link #valued}); the steps if none. */
  private final int firstGuidedStep;

  private JobCoordinator(ActorContext<Command> context, Job job, DiffusionProcess process, Routing routing,
      ActorRef<Event> client, Runnable onEnd) {
    super(context);
    this.job = job;
    this.onEnd = onEnd;
    this.plan = job.plan();
    this.particlePlan = plan;
    int firstGuided = 0;
    while (firstGuided < plan.steps() && !plan.guides(firstGuided)) {
      firstGuided++;
    }
    this.firstGuidedStep = firstGuided;
    this.client = client;
    this.tree = plan.method() == Method.TREE ? new SearchTree(plan, process) : null;
    List<Trajectory> population = new ArrayList<>(PopulationStep.initial(plan, process));
    // a tree search keeps its finished rounds instead (see resumeTree)
    Map<Integer, Trajectory> saved = tree != null ? Map.of() : job.checkpoints().latest(job.id());
    saved.forEach((particle, trajectory) -> {
      if (particle < population.size()) {
        population.set(particle, trajectory);
        stepsDone += trajectory.step();
      }
    });
    // resumed: what the job spent before, and whether it had stopped guiding
    Checkpoints.Tally before = job.checkpoints().tally(job.id());
    this.spending = new JobSpending(before, job.maxFailureFraction(), plan.maxOracleSeconds());
    this.oracles = new OracleAgreement(before.oracles());
    if (spending.isBudgetSpent() && plan.method() == Method.SVDD) {
      particlePlan = plan.unguided();
    }
    this.latest = new Trajectory[population.size()];
    for (int i = 0; i < population.size() && plan.barrierEveryStep(); i++) {
      offered.add(List.of());
    }
    this.stepsTotal = (long) population.size() * plan.steps();
    this.process = process;
    this.routing = routing;
    for (Trajectory t : population) {
      latest[t.particle()] = t;
      if (tree != null) {
        continue;
      }
      if (plan.barrierEveryStep() || particles.size() < MAX_LIVE_PARTICLES) {
        spawn(t);
      } else {
        pending.add(t);
      }
    }
    if (tree != null) {
      startRound(resumeTree());
    }
    // running from now: said at once, as a first step can take minutes (docking) and the job is not queued
    reportProgress(true);
  }

  /**
   * Tree search: grows the tree again from the rounds the job had finished and saved before it moved here, and returns
   * the next round's number, the one the job was running; 0 if none was saved. A round is run again only if it was in
   * flight (or its save failed: the rounds after it are then run again too), so the job pays again for no more than
   * one round, even with no archive, while its saves succeed. Saved rounds that do not fit this tree (saved by another
   * version's search) are left: the job searches again from the root, as it would without them.
   */
  private int resumeTree() {
    List<SearchRound.Rollout> saved = job.checkpoints().rounds(job.id());
    int unbroken = 0; // rounds from 0 on with none missing: a round whose save failed (the store down) ends them
    while (unbroken < saved.size() && saved.get(unbroken).particle() == unbroken) {
      unbroken++;
    }
    int rounds = unbroken / plan.particles();
    try {
      for (int r = 0; r < rounds; r++) {
        SearchRound.replay(tree, r, saved.subList(r * plan.particles(), (r + 1) * plan.particles()));
      }
    } catch (IllegalArgumentException e) {
      getContext().getLog().warn("job {}: its saved search tree is not this search's ({}); it searches again from the"
          + " root", job.id(), e.getMessage());
      tree.clear();
      return 0;
    }
    for (SearchRound.Rollout r : saved.subList(0, rounds * plan.particles())) {
      latest[r.particle()] = new Trajectory(r.particle(), plan.steps(), r.path().get(r.path().size() - 1), null, 0, 0,
          r.reward());
      stepsDone += plan.steps(); // a whole chain, as startRound counts one
      finished++;
    }
    return rounds;
  }

  /** Tree search: round {@code number}'s N rollouts, from the starts the tree chooses. */
  private void startRound(int number) {
    round = new SearchRound(tree, number);
    for (Trajectory t : round.rollouts()) {
      latest[t.particle()] = t;
      // the steps the tree spares it count as done: each rollout is a whole chain, so progress is the share of the
      // planned rollouts done, not of steps that shrink as the tree deepens
      stepsDone += t.step();
      spawn(t);
    }
  }

  /**
   * Tree search: a rollout's step; at the end of a round (its paths now in the tree) the next round or the samples
   * (early, once the oracle budget is spent).
   */
  private Behavior<Command> onRolloutStep(Trajectory t) {
    if (!round.step(t)) {
      return this;
    }
    if (round.number() + 1 < plan.candidates() && !spending.isBudgetSpent()) {
      saveRound();
      startRound(round.number() + 1);
      return this;
    }
    return finishWith(tree.samples(plan.particles()));
  }

  /**
   * Particle actors alive at once at most: Best-of-N's N·M independent trajectories run in a window
   * of this many, each next one started as one finishes (keyed randomness makes the order irrelevant).
   */
  static final int MAX_LIVE_PARTICLES = 4096;

  private void spawn(Trajectory t) {
    int i = t.particle();
    ActorRef<Particle.Command> particle =
        getContext().spawn(Particle.create(job.id(), particlePlan, process, getContext().getSelf(), routing),
            "particle-" + i);
    getContext().watchWith(particle, new ParticleStopped(i));
    particles.add(particle);
    particle.tell(new Particle.Advance(t));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StepDone.class, this::onStepDone)
        .onMessage(Spent.class, s -> spending.add(s.spent()).map(tooMany -> ended(new Failed(tooMany))).orElse(this))
        .onMessage(Run.class, run -> {
          client = run.client();
          return this;
        })
        .onMessage(ParticleFailed.class, failed -> {
          return ended(new Failed(failed.reason()));
        })
        .onMessage(ParticleStopped.class, stopped -> latest[stopped.particle()].finished(plan.steps()) ? this
            : ended(new Failed("particle " + stopped.particle() + " stopped unexpectedly at step "
                + latest[stopped.particle()].step())))
        .onMessage(Cancel.class, cancel -> {
          if (cancel.client() != null) {
            client = cancel.client();
          }
          return ended(new Cancelled("cancelled after " + stepsDone + " of " + stepsTotal + " particle-steps"));
        })
        .build();
  }

  private Behavior<Command> onStepDone(StepDone done) {
    Optional<String> tooManyFailed = spending.add(done.spent());
    if (tooManyFailed.isPresent()) {
      return ended(new Failed(tooManyFailed.get()));
    }
    for (OracleUse use : done.oracles()) {
      Optional<String> disagreement = oracles.check(use.reward(), use.oracle(), use.node());
      if (disagreement.isPresent()) {
        return ended(new Failed(disagreement.get()));
      }
    }
    Trajectory t = done.trajectory();
    latest[t.particle()] = t;
    if (plan.barrierEveryStep()) {
      offered.set(t.particle(), done.alternatives());
    }
    stepsDone++;
    if (t.finished(plan.steps())) {
      finished++;
      if (!pending.isEmpty()) {
        spawn(pending.poll());
      }
    }
    boolean spentNow = spending.budgetReached();
    if (spentNow) {
      spending.budgetSpent(budgetConsequence(t.step()));
      saveTally();
    }
    reportProgress(spentNow);
    if (spentNow && plan.method() == Method.SVDD) {
      particlePlan = plan.unguided();
      particles.forEach(p -> p.tell(Particle.StopGuiding.INSTANCE));
    }
    if (tree != null) {
      return onRolloutStep(t);
    }
    if (spending.isBudgetSpent() && plan.method() != Method.SVDD) {
      return finish(Arrays.stream(latest).filter(x -> x.finished(plan.steps())).toList());
    }
    if (plan.barrierEveryStep()) {
      return ++atBarrier == latest.length ? passBarrier(t.step()) : this;
    }
    if (!t.finished(plan.steps()) && checkpointDue(t.step())) {
      checkpoint(List.of(t));
    }
    return finished == latest.length ? finish(Arrays.asList(latest)) : this;
  }

  private Behavior<Command> passBarrier(int step) {
    atBarrier = 0;
    List<Trajectory> alternatives = new ArrayList<>();
    for (int i = 0; i < offered.size(); i++) {
      alternatives.addAll(offered.get(i));
      offered.set(i, List.of());
    }
    if (plan.method().weightsParticles()) {
      ess = PopulationStep.effectiveSampleSize(Arrays.asList(latest));
      resamplings += PopulationStep.resamples(ess, latest.length, plan, step) ? 1 : 0;
    }
    List<Trajectory> next = PopulationStep.atBarrier(Arrays.asList(latest), alternatives, plan, step);
    if (step == plan.steps()) {
      return finish(next);
    }
    if (checkpointDue(step)) {
      checkpoint(next);
    }
    for (Trajectory t : next) {
      latest[t.particle()] = t;
      particles.get(t.particle()).tell(new Particle.Advance(t));
    }
    return this;
  }

  /** Best effort, as a checkpoint: a failed save costs the job's counts after a crash, never the job. */
  private void saveTally() {
    try {
      job.checkpoints().saveTally(job.id(), spending.tally(oracles.byReward()));
    } catch (RuntimeException e) {
      getContext().getLog().warn("saving the tally of job {} failed: {}", job.id(), e.getMessage());
    }
  }

  /** Tree search: saves the round just finished, best effort as a checkpoint. */
  private void saveRound() {
    try {
      job.checkpoints().saveRound(job.id(), round.finished(), spending.tally(oracles.byReward()));
    } catch (RuntimeException e) {
      getContext().getLog().warn("saving round {} of job {} failed: {}", round.number(), job.id(), e.getMessage());
    }
  }

  /** Best effort: a failed save costs recomputation after a crash, never the job. */
  private void checkpoint(List<Trajectory> trajectories) {
    try {
      job.checkpoints().save(job.id(), trajectories, spending.tally(oracles.byReward()));
    } catch (RuntimeException e) {
      getContext().getLog().warn("checkpoint of job {} failed: {}", job.id(), e.getMessage());
    }
  }

  private boolean checkpointDue(int step) {
    return job.checkpointEvery() > 0 && step % job.checkpointEvery() == 0;
  }

  /** Ends with the samples, unless one of them could not be scored: then the job fails saying which. */
  private Behavior<Command> finish(List<Trajectory> population) {
    return finishWith(PopulationStep.finish(population, plan));
  }

  private Behavior<Command> finishWith(List<Sample> samples) {
    for (Sample s : samples) {
      if (s.reward() == null || s.reward().failed()) {
        return ended(new Failed("final sample " + s.particle() + " could not be scored: "
            + (s.reward() == null ? "no reward" : s.reward().detail())));
      }
    }
    return ended(new Finished(samples, spending.spent().designsFailed()));
  }

  /**
   * Tells the submitter how the job ended, withdraws the job's work from every worker its node knows (at once, not
   * one request at a time as its particles stop: see {@link RewardWorker.Withdraw} and {@link DenoiseWorker.Withdraw}),
   * stops the particles, and stays a while answering any late Run (a keep-alive in flight, or a restarted api node
   * asking again) with the same ending instead of starting the job over; then stops.
   */
  private Behavior<Command> ended(Event terminal) {
    if (!(terminal instanceof Finished) || lastProgress == null || lastProgress.stepsDone() != stepsDone) {
      // progress is reported at each percent; a job cut short reports where it stopped, as its reason says, and one
      // whose last steps changed no percent what they spent
      reportProgress(true);
    }
    onEnd.run(); // before anyone hears the ending: a node's load never counts a job its client saw end
    deliver(client, terminal);
    routing.rewarders().all().forEach(worker -> worker.tell(new RewardWorker.Withdraw(job.id())));
    routing.denoisers().members().forEach(worker -> worker.tell(new DenoiseWorker.Withdraw(job.id())));
    particles.forEach(p -> getContext().stop(p));
    return EndedJob.create(lastProgress, terminal);
  }

  /** What spending the oracle budget does to this job, said once when it happens at a step ending at {@code step}. */
  private String budgetConsequence(int step) {
    return switch (plan.method()) {
      case SVDD -> "guidance stopped at step " + step + " of " + plan.steps()
          + "; the remaining steps take one pre-trained child and the final designs are scored";
      case TREE -> "no rollout round after round " + (round.number() + 1) + " of " + plan.candidates()
          + "; the samples come from the tree searched so far";
      default -> "the " + finished + " designs scored so far are kept, the rest withdrawn";
    };
  }

  /**
   * Whether {@code t} has a value to report: its design scored, or its step from the first guided step taken (before
   * then a particle's value is a placeholder 0, and the job's quantiles leave it out; NaN while no particle has one).
   */
  private boolean valued(Trajectory t) {
    if (t.reward() != null) {
      return true;
    }
    return t.step() > firstGuidedStep;
  }

  private void reportProgress(boolean always) {
    long percent = stepsDone * 100 / stepsTotal;
    if (!always && percent == lastReportedPercent && stepsDone != stepsTotal) {
      return;
    }
    lastReportedPercent = percent;
    double[] q = SampleMetrics.quantiles(Arrays.stream(latest).filter(this::valued)
        .mapToDouble(t -> t.reward() != null ? t.reward().value() : t.value()).toArray(), 0.1, 0.5, 0.9);
    lastProgress = new Progress(stepsDone, stepsTotal, finished, latest.length, q[0], q[1], q[2],
        getContext().getSystem().address().toString(), ess, resamplings, spending.spent(), spending.note(),
        oracles.agreed());
    client.tell(lastProgress);
  }
}
