package org.svdd.cluster;

import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.svdd.core.method.Checkpoints;

/**
 * The guardian of a node. Its cluster roles decide what it runs: {@code denoiser} starts denoise
 * workers, {@code reward} a reward worker (both registered with the Receptionist for the whole
 * cluster), {@code coordinator} hosts job coordinators (sharded entities) whose particles use workers on
 * any node. Every node accepts jobs through its {@link JobManager}. One node holding every role is the
 * laptop mode; it runs exactly the code a cluster runs.
 */
final class NodeGuardian {

  private static final String DENOISE_DISPATCHER = "svdd.denoise-dispatcher";

  private NodeGuardian() {}

  /**
   * A worker that throws is restarted (after a back-off, so a worker that always throws does not spin),
   * keeping its address; it answers what it held with Busy first, so its requests are asked again.
   */
  static <T> Behavior<T> supervised(Behavior<T> worker) {
    return Behaviors.supervise(worker).onFailure(Exception.class,
        org.apache.pekko.actor.typed.SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2));
  }

  static Behavior<JobManager.Command> create(NodeDeps deps) {
    return Behaviors.setup(context -> {
      Set<String> roles = Cluster.get(context.getSystem()).selfMember().getRoles();
      if (roles.contains(Roles.DENOISER)) {
        for (int i = 0; i < deps.settings().denoiseWorkers(); i++) {
          ActorRef<DenoiseWorker.Command> worker = context.spawn(
              supervised(DenoiseWorker.create(deps.denoiserFactory(), deps.settings().batchPolicy(),
                  deps.settings().maxQueuedRows(), deps.stats())),
              "denoise-worker-" + i, DispatcherSelector.fromConfig(DENOISE_DISPATCHER));
          context.getSystem().receptionist().tell(Receptionist.register(DenoiseWorker.KEY, worker));
        }
      }
      if (roles.contains(Roles.REWARD)) {
        ActorRef<RewardWorker.Command> rewarder = context.spawn(
            supervised(RewardWorker.create(deps.oracles(), deps.settings().maxInFlight(),
                deps.settings().maxQueuedDesigns(), deps.stats())), "reward-worker");
        context.getSystem().receptionist().tell(Receptionist.register(
            deps.oracles().only().map(RewardWorker::keyFor).orElse(RewardWorker.KEY), rewarder));
      }
      Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), deps.settings().requestTimeout(),
          deps.settings().anotherWorkerWait(), deps.designKeys());
      if (roles.contains(Roles.COORDINATOR)) {
        context.spawn(WorkerDirectory.create(routing), "worker-directory");
      }
      context.spawn(CoordinatorWatch.create(), "coordinator-watch");
      context.spawn(NodeReporter.create(deps.stats(), roles.contains(Roles.REWARD) ? deps.oracles() : null),
          "node-reporter");
      Checkpoints checkpoints = deps.checkpoints() == Checkpoints.NONE ? Checkpoints.NONE
          : new QueuedCheckpoints(deps.checkpoints());
      ActorRef<ShardingEnvelope<JobCoordinator.Command>> jobs = ClusterSharding.get(context.getSystem()).init(
          Entity.of(JobEntity.KEY, entity -> JobEntity.create(entity.getEntityId(), deps.process(), routing,
              checkpoints, deps.settings().checkpointEvery(), deps.settings().maxFailureFraction(), deps.stats()))
              .withRole(Roles.COORDINATOR));
      return JobManager.create(jobs, deps.settings().jobKeepAlive());
    });
  }
}
