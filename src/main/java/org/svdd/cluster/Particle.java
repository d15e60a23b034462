package org.svdd.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.State;
import org.svdd.core.method.ParticleStep;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Trajectory;

/**
 * Carries one trajectory: drives its {@link ParticleStep} machine by exchanging messages with denoise
 * and reward workers anywhere in the cluster, and reports each finished step to the coordinator.
 * Without a barrier (SVDD, pre-trained, Best-of-N) it moves straight on to the next step, so one
 * particle's oracle wait overlaps another's denoising; with one (SMC) it waits for the coordinator's
 * resampled trajectory. A request whose worker dies, or which goes unanswered for the routing timeout,
 * is sent again to another worker: nothing is lost when a worker node is. A worker whose queue is full
 * answers busy; the particle asks again after a jittered, doubling back-off (back-pressure: a flood of
 * particles waits at its own actors, not in a worker's unbounded queue).
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

  private record Resend(long requestId) implements Command {}

  /** The one request this particle waits for. */
  private record Outstanding(long id, ParticleStep.Need need, ActorRef<?> worker) {}

  private static final Duration NO_WORKER_RETRY = Duration.ofSeconds(1);
  private static final long FIRST_BACKOFF_MS = 20;
  private static final long MAX_BACKOFF_MS = 2_000;

  /** @param job the job's id: its rows share denoise passes fairly with other jobs' */
  public static Behavior<Command> create(String job, SamplingPlan plan, DiffusionProcess process,
      ActorRef<JobCoordinator.Command> coordinator, Routing routing) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Particle(context, timers, job, plan, process, coordinator, routing)));
  }

  private final TimerScheduler<Command> timers;
  private final String job;
  /** The job's plan; unguided once the coordinator says the oracle budget is spent. */
  private SamplingPlan plan;
  private final DiffusionProcess process;
  private final ActorRef<JobCoordinator.Command> coordinator;
  private final Routing routing;
  private final ActorRef<DenoiseWorker.Result> denoiseReplies;
  private final ActorRef<RewardWorker.Result> scoreReplies;
  private final Set<ActorRef<?>> watched = new HashSet<>();
  private ParticleStep machine;
  /** Where the current step started. */
  private Trajectory stepFrom;
  private Outstanding outstanding;
  private long nextRequestId;
  private int particle = -1;
  /** Designs scored, and of them not scorable, since the last step reported. */
  private int scoredDesigns;
  private int failedDesigns;
  /** Of the designs scored, those the reward pools sent on to the oracle itself (the rest their caches answered). */
  private int oracleCalls;
  private double oracleSeconds;
  /** Of the designs scored, those the durable reward archive answered. */
  private int archiveAnswers;
  /** Rows the denoisers ran for this particle since the last step reported (answers no longer wanted included). */
  private int denoisedRows;
  private String lastFailure = "";
  /** Busy answers in a row for the current need. */
  private int busyStreak;

  private Particle(ActorContext<Command> context, TimerScheduler<Command> timers, String job, SamplingPlan plan,
      DiffusionProcess process, ActorRef<JobCoordinator.Command> coordinator, Routing routing) {
    super(context);
    this.timers = timers;
    this.job = job;
    this.plan = plan;
    this.process = process;
    this.coordinator = coordinator;
    this.routing = routing;
    this.denoiseReplies = context.messageAdapter(DenoiseWorker.Result.class, WrappedDenoise::new);
    this.scoreReplies = context.messageAdapter(RewardWorker.Result.class, WrappedScore::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, a -> begin(a.from()))
        .onMessageEquals(StopGuiding.INSTANCE, this::stopGuiding)
        .onMessage(WrappedDenoise.class, this::onDenoised)
        .onMessage(WrappedScore.class, this::onScored)
        .onMessage(Resend.class, r -> isCurrent(r.requestId()) ? resend() : this)
        .onSignal(Terminated.class, t -> outstanding != null && t.getRef().equals(outstanding.worker()) ? resend() : this)
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, stop -> abandon())
        .build();
  }

  /** Stopped with a score outstanding (job cancelled or failed): its oracle work is withdrawn. */
  @SuppressWarnings("unchecked")
  private Behavior<Command> abandon() {
    if (outstanding != null && outstanding.worker() != null && outstanding.need() instanceof ParticleStep.Score) {
      ((ActorRef<RewardWorker.Command>) outstanding.worker()).tell(new RewardWorker.Abandon(outstanding.id(), scoreReplies));
    }
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
    release();
    return begin(stepFrom);
  }

  private Behavior<Command> onDenoised(WrappedDenoise message) {
    if (message.result() instanceof DenoiseWorker.Busy busy) {
      return isCurrent(busy.requestId()) ? backOff() : this;
    }
    if (message.result() instanceof DenoiseWorker.DenoiseFailed failed) {
      return isCurrent(failed.requestId()) ? fail(failed.reason()) : this;
    }
    DenoiseWorker.Denoised done = (DenoiseWorker.Denoised) message.result();
    denoisedRows += done.outputs().length;
    return isCurrent(done.requestId()) ? answered(() -> machine.onPredictions(done.outputs())) : this;
  }

  private Behavior<Command> onScored(WrappedScore message) {
    if (message.result() instanceof RewardWorker.Busy busy) {
      return isCurrent(busy.requestId()) ? backOff() : this;
    }
    if (message.result() instanceof RewardWorker.ScoreFailed failed) {
      return isCurrent(failed.requestId()) ? fail(failed.reason()) : this;
    }
    RewardWorker.Scored done = (RewardWorker.Scored) message.result();
    // paid for whether or not the answer is still wanted (its step may have been withdrawn)
    oracleCalls += done.oracleCalls();
    oracleSeconds += done.oracleSeconds();
    archiveAnswers += done.archiveAnswers();
    if (!isCurrent(done.requestId())) {
      return this;
    }
    return answered(() -> {
      ParticleStep.Need next = machine.onRewards(done.rewards());
      failedDesigns += machine.failedDesigns();
      scoredDesigns += machine.scoredDesigns();
      done.rewards().stream().filter(org.svdd.core.reward.Reward::failed).findFirst()
          .ifPresent(r -> lastFailure = r.detail());
      return next;
    });
  }

  private boolean isCurrent(long requestId) {
    return outstanding != null && outstanding.id() == requestId;
  }

  /** The worker's queue was full: ask again, anywhere, after a back-off that doubles while it lasts. */
  private Behavior<Command> backOff() {
    ParticleStep.Need need = outstanding.need();
    release();
    long ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(busyStreak++, 10));
    long delay = ceiling / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    long id = nextRequestId++;
    outstanding = new Outstanding(id, need, null);
    timers.startSingleTimer(new Resend(id), Duration.ofMillis(delay));
    return this;
  }

  private Behavior<Command> answered(java.util.function.Supplier<ParticleStep.Need> step) {
    busyStreak = 0;
    release();
    return guarded(step);
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
    if (!(need instanceof ParticleStep.Done done)) {
      return send(need, null);
    }
    Trajectory next = done.next();
    coordinator.tell(new JobCoordinator.StepDone(next, done.alternatives(), scoredDesigns, failedDesigns, lastFailure,
        oracleCalls, oracleSeconds, archiveAnswers, denoisedRows));
    scoredDesigns = 0;
    archiveAnswers = 0;
    denoisedRows = 0;
    failedDesigns = 0;
    oracleCalls = 0;
    oracleSeconds = 0;
    lastFailure = "";
    if (next.finished(plan.steps())) {
      return Behaviors.stopped();
    }
    return plan.barrierEveryStep() ? this : begin(next);
  }

  private Behavior<Command> resend() {
    ParticleStep.Need need = outstanding.need();
    ActorRef<?> previous = outstanding.worker();
    release();
    return send(need, previous);
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> send(ParticleStep.Need need, ActorRef<?> avoid) {
    long id = nextRequestId++;
    Optional<? extends ActorRef<?>> worker;
    if (need instanceof ParticleStep.Predict predict) {
      worker = routing.denoisers().acquire((ActorRef<DenoiseWorker.Command>) avoid);
      List<DenoiseInput> inputs = predict.states().stream().map(s -> new DenoiseInput(s, predict.time())).toList();
      worker.ifPresent(w -> ((ActorRef<DenoiseWorker.Command>) w).tell(new DenoiseWorker.Denoise(id, job, plan.denoiseRows(), inputs, denoiseReplies)));
    } else {
      ParticleStep.Score score = (ParticleStep.Score) need;
      worker = routing.rewarders().forReward(score.reward()).acquire((ActorRef<RewardWorker.Command>) avoid);
      worker.ifPresent(w -> ((ActorRef<RewardWorker.Command>) w).tell(
          new RewardWorker.Score(id, score.reward(), score.designs(), scoreReplies)));
    }
    outstanding = new Outstanding(id, need, worker.orElse(null));
    if (worker.isEmpty()) {
      getContext().getLog().warn("particle {}: no {} worker in the cluster yet; retrying", particle,
          need instanceof ParticleStep.Predict ? "denoise" : "reward");
      timers.startSingleTimer(new Resend(id), NO_WORKER_RETRY);
      return this;
    }
    if (watched.add(worker.get())) {
      getContext().watch(worker.get());
    }
    timers.startSingleTimer(new Resend(id), routing.requestTimeout());
    return this;
  }

  @SuppressWarnings("unchecked")
  private void release() {
    if (outstanding != null && outstanding.worker() != null) {
      if (outstanding.need() instanceof ParticleStep.Predict) {
        routing.denoisers().release((ActorRef<DenoiseWorker.Command>) outstanding.worker());
      } else {
        routing.rewarders().forReward(((ParticleStep.Score) outstanding.need()).reward())
            .release((ActorRef<RewardWorker.Command>) outstanding.worker());
      }
    }
    if (outstanding != null) {
      timers.cancel(new Resend(outstanding.id()));
    }
    outstanding = null;
  }

  private Behavior<Command> fail(String reason) {
    release();
    coordinator.tell(new JobCoordinator.ParticleFailed(particle, reason));
    return Behaviors.stopped();
  }
}
