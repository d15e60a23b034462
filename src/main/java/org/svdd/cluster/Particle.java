package org.svdd.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.ParticleStep;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Spend;
import org.svdd.core.method.Trajectory;

/**
 * Carries one trajectory: drives its {@link ParticleStep} machine by exchanging messages with denoise
 * and reward workers anywhere in the cluster, and reports each finished step to the coordinator.
 * Without a barrier (SVDD, pre-trained, Best-of-N) it moves straight on to the next step, so one
 * particle's oracle wait overlaps another's denoising; with one (SMC) it waits for the coordinator's
 * resampled trajectory. A score request is split over the reward workers by their load
 * ({@link WorkerPool#spread}): a job of few particles still docks on every reward node, and an idle node
 * takes a share of a busy one's; designs that are one to the oracle ({@link Routing#designKeys}) stay together.
 * A request (or part) whose worker dies, or which goes unanswered for the routing timeout, is sent again to
 * another worker ({@link ParticleRequests} keeps them): nothing is lost when a worker node is. A score a reward worker
 * fails whole (its node cannot run the oracle) goes once to another worker of the reward (waiting a while for one, if
 * none is known), and a prediction whose denoise pass failed is tried once more, a second later; failed again, either
 * fails the job with the reason. A worker whose queue is full answers busy; the
 * particle asks again after a jittered, doubling back-off (back-pressure: a flood of particles waits at its
 * own actors, not in a worker's unbounded queue).
 */
public final class Particle extends AbstractBehavior<Particle.Command> {

  public interface Command {}

  /** Run from this trajectory (the first one, or the one the coordinator chose at a barrier). */
  public record Advance(Trajectory from) implements Command, ClusterMessage {}

  /**
   * The job's oracle budget is spent: take one pre-trained child per step and value nothing
   * ({@link SamplingPlan#unguided}); the final design is still scored. A guided step under way is withdrawn
   * (its oracle calls cancelled) and taken again unguided, so the budget is overrun by what is already done only.
   */
  public enum StopGuiding implements Command, ClusterMessage {
    INSTANCE
  }

  private record WrappedDenoise(DenoiseWorker.Result result) implements Command {}

  private record WrappedScore(RewardWorker.Result result) implements Command {}

  private static final long FIRST_BACKOFF_MS = 20;
  private static final long MAX_BACKOFF_MS = 2_000;
  /** How long a prediction whose denoise pass failed waits before it is tried again. */
  static final Duration DENOISE_RETRY_AFTER = Duration.ofSeconds(1);

  /** @param job the job's id: its rows share denoise passes fairly with other jobs' */
  public static Behavior<Command> create(String job, SamplingPlan plan, DiffusionProcess process,
      ActorRef<JobCoordinator.Command> coordinator, Routing routing) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Particle(context, timers, job, plan, process, coordinator, routing)));
  }

  /** The job's plan; unguided once the coordinator says the oracle budget is spent. */
  private SamplingPlan plan;
  private final DiffusionProcess process;
  private final ActorRef<JobCoordinator.Command> coordinator;
  private final Routing routing;
  /** The requests waiting for answers: one prediction, or the parts of one score. */
  private final ParticleRequests requests;
  private ParticleStep machine;
  /** Where the current step started. */
  private Trajectory stepFrom;
  /** The current score's parts and their answers so far; null while no score is asked. */
  private ScoreParts parts;
  private int particle = -1;
  /**
   * What this particle spent and has not yet told its coordinator: rows and oracle calls whose answers were no longer
   * wanted (a withdrawn step's) included, as they were paid for. Told with the step that spent it, or at once when an
   * answer leaves the step unfinished ({@link #reportingSpend}), so that a job cut short counts its work to the end.
   */
  private Spend spent = Spend.NONE;
  /** Busy answers in a row for the current need. */
  private int busyStreak;
  /** The oracle that first scored each reward for this particle: every later answer must come from the same. */
  private final OracleAgreement oracles = new OracleAgreement();

  private Particle(ActorContext<Command> context, TimerScheduler<Command> timers, String job, SamplingPlan plan,
      DiffusionProcess process, ActorRef<JobCoordinator.Command> coordinator, Routing routing) {
    super(context);
    this.plan = plan;
    this.process = process;
    this.coordinator = coordinator;
    this.routing = routing;
    this.requests = new ParticleRequests(context, timers, routing, job, plan.denoiseRows(),
        context.messageAdapter(DenoiseWorker.Result.class, WrappedDenoise::new),
        context.messageAdapter(RewardWorker.Result.class, WrappedScore::new));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, a -> begin(a.from()))
        .onMessageEquals(StopGuiding.INSTANCE, this::stopGuiding)
        .onMessage(WrappedDenoise.class, m -> reportingSpend(onDenoised(m)))
        .onMessage(WrappedScore.class, m -> reportingSpend(onScored(m)))
        .onMessage(ParticleRequests.Resend.class, r -> requests.get(r.requestId()).map(this::resend).orElse(this))
        .onSignal(Terminated.class, this::onWorkerGone)
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, stop -> abandon())
        .build();
  }

  /**
   * Every request the dead worker held is sent again elsewhere. The node's pools drop it at once (their listings
   * lag), and it is no longer watched: were it asked again, watching it again tells at once that it is gone.
   */
  private Behavior<Command> onWorkerGone(Terminated gone) {
    requests.workerGone(gone.getRef()).forEach(this::resend);
    return this;
  }

  /** Stopped with a score outstanding (job cancelled or failed): its oracle work is withdrawn. */
  private Behavior<Command> abandon() {
    requests.abandonScores();
    return this;
  }

  private Behavior<Command> begin(Trajectory from) {
    particle = from.particle();
    stepFrom = from;
    machine = new ParticleStep(plan, process, from);
    return guarded(() -> machine.start());
  }

  private Behavior<Command> stopGuiding() {
    SamplingPlan guided = plan;
    plan = plan.unguided();
    if (stepFrom == null || !guided.guides(stepFrom.step())) {
      return this;
    }
    abandon();
    releaseAll();
    return begin(stepFrom);
  }

  /** Whether a score answered for the early reward or value network that valued the step, not the job's reward. */
  private boolean early(String reward) {
    return plan.rewards().hasEarly() && reward.equals(plan.rewards().early());
  }

  private Behavior<Command> onDenoised(WrappedDenoise message) {
    if (message.result() instanceof DenoiseWorker.Busy busy) {
      return requests.get(busy.requestId()).map(this::backOff).orElse(this);
    }
    if (message.result() instanceof DenoiseWorker.DenoiseFailed failed) {
      return requests.get(failed.requestId()).map(refused -> denoiseAgain(refused, failed.reason()) ? this
          : fail(failed.reason())).orElse(this);
    }
    DenoiseWorker.Denoised done = (DenoiseWorker.Denoised) message.result();
    spent = spent.plus(Spend.rows(done.outputs().length));
    ParticleRequests.Outstanding answered = requests.get(done.requestId()).orElse(null);
    if (answered == null) {
      return this;
    }
    busyStreak = 0;
    requests.release(answered);
    return guarded(() -> machine.onPredictions(done.outputs()));
  }

  private Behavior<Command> onScored(WrappedScore message) {
    if (message.result() instanceof RewardWorker.Busy busy) {
      return requests.get(busy.requestId()).map(this::backOff).orElse(this);
    }
    if (message.result() instanceof RewardWorker.ScoreFailed failed) {
      return requests.get(failed.requestId()).map(refused -> retryElsewhere(refused) ? this : fail(failed.reason()))
          .orElse(this);
    }
    RewardWorker.Scored done = (RewardWorker.Scored) message.result();
    // paid for whether or not the answer is still wanted (its step may have been withdrawn)
    spent = spent.plus(early(done.reward())
        ? Spend.early(done.oracleCalls(), done.oracleSeconds(), done.archiveAnswers())
        : Spend.oracle(done.oracleCalls(), done.oracleSeconds(), done.archiveAnswers()));
    ParticleRequests.Outstanding answered = requests.get(done.requestId()).orElse(null);
    if (answered == null) {
      return this;
    }
    busyStreak = 0;
    requests.release(answered);
    Optional<String> disagreement = oracles.check(((ParticleStep.Score) answered.need()).reward(), done.oracle(),
        nodeOf(answered.worker()));
    if (disagreement.isPresent()) {
      return fail(disagreement.get());
    }
    boolean complete;
    try {
      complete = parts.answer(answered.part(), done.rewards());
    } catch (IllegalStateException e) {
      return fail("particle " + particle + ": " + e.getMessage());
    }
    if (!complete) {
      return this; // other parts are still being scored
    }
    List<org.svdd.core.reward.Reward> rewards = parts.rewards();
    parts = null;
    return guarded(() -> {
      ParticleStep.Need next = machine.onRewards(rewards);
      String failure = rewards.stream().filter(org.svdd.core.reward.Reward::failed).findFirst()
          .map(org.svdd.core.reward.Reward::detail).orElse("");
      spent = spent.plus(Spend.scored(machine.scoredDesigns(), machine.failedDesigns(), failure));
      return next;
    });
  }

  /** The worker's queue was full: ask again, anywhere, after a back-off that doubles while it lasts. */
  private Behavior<Command> backOff(ParticleRequests.Outstanding refused) {
    requests.release(refused);
    long ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(busyStreak++, 10));
    long delay = ceiling / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    requests.sendLater(refused.need(), refused.part(), Duration.ofMillis(delay));
    return this;
  }

  private Behavior<Command> guarded(java.util.function.Supplier<ParticleStep.Need> step) {
    ParticleStep.Need need;
    try {
      need = step.get();
    } catch (RuntimeException e) {
      return fail("particle " + particle + ": " + e.getMessage());
    }
    return handle(need);
  }

  private Behavior<Command> handle(ParticleStep.Need need) {
    if (need instanceof ParticleStep.Predict) {
      requests.send(need, null, -1, particle);
      return this;
    }
    if (need instanceof ParticleStep.Score score) {
      return spread(score);
    }
    ParticleStep.Done done = (ParticleStep.Done) need;
    Trajectory next = done.next();
    coordinator.tell(new JobCoordinator.StepDone(next, done.alternatives(), spent, oracles.agreed()));
    spent = Spend.NONE;
    if (next.finished(plan.steps())) {
      return Behaviors.stopped();
    }
    return plan.barrierEveryStep() ? this : begin(next);
  }

  /**
   * Sends a score's designs in parts, one to each reward worker of the share {@link WorkerPool#spread} gave it. Designs
   * of one key to the reward's oracle (two token strings of one molecule) go to one worker, whose cache asks the
   * oracle once for them.
   */
  private Behavior<Command> spread(ParticleStep.Score score) {
    WorkerPool<RewardWorker.Command> pool = routing.rewarders().forReward(score.reward());
    List<List<Integer>> groups = pool.size() > 1
        ? ScoreParts.byKey(score, routing.designKeys().forReward(score.reward())) : List.of(ScoreParts.every(score));
    List<WorkerPool.Share<RewardWorker.Command>> shares = pool.spread(groups.stream().map(List::size).toList());
    if (shares.isEmpty()) {
      parts = ScoreParts.whole(score);
      requests.send(score, null, 0, particle);
      return this;
    }
    parts = new ScoreParts(score, shares.stream()
        .map(share -> share.groups().stream().flatMap(g -> groups.get(g).stream()).toList()).toList());
    for (int i = 0; i < shares.size(); i++) {
      requests.dispatch(parts.part(i), shares.get(i).worker(), i, false);
    }
    return this;
  }

  /**
   * A denoise pass failed (the model threw: out of memory, say): the request goes once more, after
   * {@link #DENOISE_RETRY_AFTER}, to the least loaded denoiser then, another before the one that failed (set aside in
   * the pool for a while). False, and the job fails with the reason, when it was a retry already. The model's
   * answer does not depend on the worker or the batch, so a retried prediction changes no sample.
   */
  @SuppressWarnings("unchecked")
  private boolean denoiseAgain(ParticleRequests.Outstanding refused, String reason) {
    if (refused.retried()) {
      return false;
    }
    if (refused.worker() != null) {
      routing.denoisers().setAside((ActorRef<DenoiseWorker.Command>) refused.worker());
    }
    requests.release(refused);
    getContext().getLog().warn("particle {}: {}; trying the prediction once more in {} ms", particle, reason,
        DENOISE_RETRY_AFTER.toMillis());
    requests.retryLater(refused.need(), refused.part(), DENOISE_RETRY_AFTER);
    return true;
  }

  /**
   * A reward worker failed a request whole (its node could not open the oracle: a program missing there, say): the
   * request goes once to another worker of the reward, so that one ill-provisioned node does not fail every job that
   * reaches it; the failing worker is set aside in the pool for a while, so that this node's particles send their
   * requests elsewhere first. With no other worker known here (yet: listings lag a node that just joined), the request
   * waits up to {@link Routing#anotherWorkerWait} for one, then goes to the best there is. False, and the job fails with
   * the reason, when it was a retry already.
   */
  @SuppressWarnings("unchecked")
  private boolean retryElsewhere(ParticleRequests.Outstanding refused) {
    ParticleStep.Score score = (ParticleStep.Score) refused.need();
    WorkerPool<RewardWorker.Command> pool = routing.rewarders().forReward(score.reward());
    if (refused.worker() != null) {
      pool.setAside((ActorRef<RewardWorker.Command>) refused.worker());
    }
    if (refused.retried()) {
      return false;
    }
    requests.release(refused);
    if (pool.size() < 2) {
      getContext().getLog().info("particle {}: the only worker of reward '{}' known here failed a request whole;"
          + " waiting up to {} ms for another", particle, score.reward(), routing.anotherWorkerWait().toMillis());
      requests.sendAgainLater(score, refused.part(), System.nanoTime() + routing.anotherWorkerWait().toNanos());
      return true;
    }
    Optional<ActorRef<RewardWorker.Command>> other =
        pool.acquire((ActorRef<RewardWorker.Command>) refused.worker(), refused.units());
    if (other.isEmpty() || other.get().equals(refused.worker())) {
      other.ifPresent(worker -> pool.release(worker, refused.units()));
      return false;
    }
    requests.dispatch(score, other.get(), refused.part(), true);
    return true;
  }

  /**
   * Sends a request again: its answer is overdue, its worker gone, or its wait over. A failed score waiting for
   * another reward worker ({@link ParticleRequests#waitsOn}) waits on while none is known and time is left.
   */
  private Behavior<Command> resend(ParticleRequests.Outstanding unanswered) {
    requests.release(unanswered);
    if (!requests.waitsOn(unanswered)) {
      requests.send(unanswered.need(), unanswered.worker(), unanswered.part(), particle, unanswered.retried());
    }
    return this;
  }

  /** The cluster node {@code worker} runs on, as host and port. */
  private String nodeOf(ActorRef<?> worker) {
    org.apache.pekko.actor.Address address = worker == null || worker.path().address().hasLocalScope()
        ? getContext().getSystem().address() : worker.path().address();
    return address.hostPort();
  }

  private void releaseAll() {
    requests.releaseAll();
    parts = null;
  }

  /** Goes on as {@code next}, once the coordinator is told what the answer just handled spent ({@link #tellSpent}). */
  private Behavior<Command> reportingSpend(Behavior<Command> next) {
    tellSpent();
    return next;
  }

  /**
   * Tells the coordinator what this particle spent that no finished step has told it yet: an answer that left the step
   * unfinished (a prediction before its score, one part of a score, an answer no longer wanted), or a failing step's.
   */
  private void tellSpent() {
    if (!spent.equals(Spend.NONE)) {
      coordinator.tell(new JobCoordinator.Spent(spent));
      spent = Spend.NONE;
    }
  }

  private Behavior<Command> fail(String reason) {
    abandon(); // the score's other parts, still at their workers
    releaseAll();
    tellSpent();
    coordinator.tell(new JobCoordinator.ParticleFailed(particle, reason));
    return Behaviors.stopped();
  }
}
