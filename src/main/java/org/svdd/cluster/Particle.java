package org.svdd.cluster;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.ParticleStep;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Trajectory;

/**
 * Carries one trajectory: drives its {@link ParticleStep} machine by exchanging messages with the
 * denoise and reward pools, and reports each finished step to the coordinator. Without a barrier
 * (SVDD, pre-trained, Best-of-N) it moves straight on to the next step, so one particle's oracle wait
 * overlaps another's denoising; with one (SMC) it waits for the coordinator's resampled trajectory.
 */
public final class Particle extends AbstractBehavior<Particle.Command> {

  public interface Command {}

  /** Run from this trajectory (the first one, or the one the coordinator chose at a barrier). */
  public record Advance(Trajectory from) implements Command, ClusterMessage {}

  private record WrappedDenoise(DenoiseWorker.Result result) implements Command {}

  private record WrappedScore(RewardWorker.Result result) implements Command {}

  public static Behavior<Command> create(SamplingPlan plan, DiffusionProcess process,
      ActorRef<JobCoordinator.Command> coordinator, ActorRef<DenoiseWorker.Command> denoiser,
      ActorRef<RewardWorker.Command> rewarder) {
    return Behaviors.setup(context -> new Particle(context, plan, process, coordinator, denoiser, rewarder));
  }

  private final SamplingPlan plan;
  private final DiffusionProcess process;
  private final ActorRef<JobCoordinator.Command> coordinator;
  private final ActorRef<DenoiseWorker.Command> denoiser;
  private final ActorRef<RewardWorker.Command> rewarder;
  private final ActorRef<DenoiseWorker.Result> denoiseReplies;
  private final ActorRef<RewardWorker.Result> scoreReplies;
  private ParticleStep machine;
  private int particle = -1;

  private Particle(ActorContext<Command> context, SamplingPlan plan, DiffusionProcess process,
      ActorRef<JobCoordinator.Command> coordinator, ActorRef<DenoiseWorker.Command> denoiser,
      ActorRef<RewardWorker.Command> rewarder) {
    super(context);
    this.plan = plan;
    this.process = process;
    this.coordinator = coordinator;
    this.denoiser = denoiser;
    this.rewarder = rewarder;
    this.denoiseReplies = context.messageAdapter(DenoiseWorker.Result.class, WrappedDenoise::new);
    this.scoreReplies = context.messageAdapter(RewardWorker.Result.class, WrappedScore::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, a -> begin(a.from()))
        .onMessage(WrappedDenoise.class, this::onDenoised)
        .onMessage(WrappedScore.class, this::onScored)
        .build();
  }

  private Behavior<Command> begin(Trajectory from) {
    particle = from.particle();
    machine = new ParticleStep(plan, process, from);
    return guarded(() -> machine.start());
  }

  private Behavior<Command> onDenoised(WrappedDenoise message) {
    if (message.result() instanceof DenoiseWorker.DenoiseFailed failed) {
      return fail(failed.reason());
    }
    return guarded(() -> machine.onPredictions(((DenoiseWorker.Denoised) message.result()).outputs()));
  }

  private Behavior<Command> onScored(WrappedScore message) {
    if (message.result() instanceof RewardWorker.ScoreFailed failed) {
      return fail(failed.reason());
    }
    return guarded(() -> machine.onRewards(((RewardWorker.Scored) message.result()).rewards()));
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
    if (need instanceof ParticleStep.Predict predict) {
      List<DenoiseInput> inputs = predict.states().stream().map(s -> new DenoiseInput(s, predict.time())).toList();
      denoiser.tell(new DenoiseWorker.Denoise(inputs, denoiseReplies));
      return this;
    }
    if (need instanceof ParticleStep.Score score) {
      rewarder.tell(new RewardWorker.Score(score.designs(), scoreReplies));
      return this;
    }
    Trajectory next = ((ParticleStep.Done) need).next();
    coordinator.tell(new JobCoordinator.StepDone(next));
    if (next.finished(plan.steps())) {
      return Behaviors.stopped();
    }
    return plan.barrierEveryStep() ? this : begin(next);
  }

  private Behavior<Command> fail(String reason) {
    coordinator.tell(new JobCoordinator.ParticleFailed(particle, reason));
    return Behaviors.stopped();
  }
}
