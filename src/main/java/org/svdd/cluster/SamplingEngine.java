package org.svdd.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;

/**
 * A one-node cluster holding every role, for the command line and tests: the same actors a cluster
 * runs, joined to itself on loopback. Jobs are submitted as messages; the returned future completes
 * with the samples or with the job's failure.
 */
public final class SamplingEngine implements AutoCloseable {
  private final ActorSystem<JobManager.Command> system;

  private SamplingEngine(ActorSystem<JobManager.Command> system) {
    this.system = system;
  }

  public static SamplingEngine start(SamplingNode.Deps deps, Config config) {
    ActorSystem<JobManager.Command> system = ActorSystem.create(SamplingNode.create(deps), "svdd", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    return new SamplingEngine(system);
  }

  /** Submits a job; progress events arrive on an actor thread, so keep the consumer quick. */
  public CompletableFuture<List<Sample>> run(SamplingPlan plan, Consumer<JobCoordinator.Progress> progress) {
    CompletableFuture<List<Sample>> result = new CompletableFuture<>();
    ActorRef<JobCoordinator.Event> listener = system.systemActorOf(listener(result, progress),
        "job-listener-" + UUID.randomUUID(), Props.empty());
    system.tell(new JobManager.SubmitJob(plan, listener));
    return result;
  }

  private static Behavior<JobCoordinator.Event> listener(CompletableFuture<List<Sample>> result,
      Consumer<JobCoordinator.Progress> progress) {
    return Behaviors.receive(JobCoordinator.Event.class)
        .onMessage(JobCoordinator.Progress.class, p -> {
          progress.accept(p);
          return Behaviors.same();
        })
        .onMessage(JobCoordinator.Finished.class, f -> {
          result.complete(f.samples());
          return Behaviors.stopped();
        })
        .onMessage(JobCoordinator.Failed.class, f -> {
          result.completeExceptionally(new JobFailedException(f.reason()));
          return Behaviors.stopped();
        })
        .build();
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}
