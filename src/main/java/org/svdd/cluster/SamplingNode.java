package org.svdd.cluster;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.reward.RewardOracle;

/**
 * The guardian of a node: starts this node's denoise and reward workers, registers them with the
 * Receptionist, and serves jobs through a {@link JobManager}. One node holding every role is the
 * laptop mode; it runs exactly the code a cluster runs.
 */
public final class SamplingNode {

  /** What a node is built from; tests pass fakes here. */
  public record Deps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracle oracle,
      EngineSettings settings, WorkerStats stats) {}

  public static final String DENOISE_DISPATCHER = "svdd.denoise-dispatcher";

  private SamplingNode() {}

  public static Behavior<JobManager.Command> create(Deps deps) {
    return Behaviors.setup(context -> {
      for (int i = 0; i < deps.settings().denoiseWorkers(); i++) {
        ActorRef<DenoiseWorker.Command> worker = context.spawn(
            DenoiseWorker.create(deps.denoiserFactory(), deps.settings().batchPolicy(), deps.stats()),
            "denoise-worker-" + i, DispatcherSelector.fromConfig(DENOISE_DISPATCHER));
        context.getSystem().receptionist().tell(Receptionist.register(DenoiseWorker.KEY, worker));
      }
      ActorRef<RewardWorker.Command> rewarder = context.spawn(
          RewardWorker.create(deps.oracle(), deps.settings().maxInFlight(), deps.stats()), "reward-worker");
      context.getSystem().receptionist().tell(Receptionist.register(RewardWorker.KEY, rewarder));
      return JobManager.create(deps.process());
    });
  }
}
