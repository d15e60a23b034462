package org.svdd.cluster;

import java.util.ArrayDeque;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracles;

/**
 * Calls an oracle asynchronously for many particles at once, with at most {@code maxInFlight} designs
 * outstanding (further requests wait in order), so a slow oracle's latency overlaps with denoising
 * elsewhere. Deduplication, caching, timeouts and process restarts live in the oracle adapters.
 * A request its sender withdraws ({@link Abandon}: the particle stopped, its job cancelled or failed)
 * is dropped if still waiting, and its oracle call cancelled if running, which kills a dock at once.
 * At most {@code maxQueuedDesigns} designs wait: a request beyond is answered {@link Busy}, and its
 * particle asks again after a back-off.
 */
public final class RewardWorker extends AbstractBehavior<RewardWorker.Command> {

  /** Workers of nodes that score every reward of their task. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "reward-worker");
  private static final String FOR_REWARD = "reward-worker:";

  /** Workers of nodes started for {@code reward} alone. */
  public static ServiceKey<Command> keyFor(String reward) {
    return ServiceKey.create(Command.class, FOR_REWARD + reward);
  }

  /** The reward of a {@link #keyFor} key, or null for another key. */
  static String rewardOf(ServiceKey<?> key) {
    return key.id().startsWith(FOR_REWARD) ? key.id().substring(FOR_REWARD.length()) : null;
  }

  public interface Command {}

  /**
   * Score these clean designs by the reward named ("" for the node's default); the reply, under the same
   * id, holds one reward per design, in order.
   */
  public record Score(long requestId, String reward, List<State> designs, ActorRef<Result> replyTo)
      implements Command, ClusterMessage {
    public Score {
      designs = List.copyOf(designs);
    }
  }

  /** The sender of request {@code requestId} no longer wants its answer. */
  public record Abandon(long requestId, ActorRef<Result> replyTo) implements Command, ClusterMessage {}

  public sealed interface Result permits Scored, ScoreFailed, Busy {}

  /**
   * The rewards, how many of the designs went on to the oracle itself (the rest its caches answered), the
   * oracle-seconds they cost, how many the durable archive answered
   * ({@link org.svdd.core.reward.RewardOracle.Scoring}), and the {@link org.svdd.core.reward.RewardOracle#identity}
   * of the oracle that scored them ("" where unknown), by which a particle sees reward nodes that score alike.
   */
  public record Scored(long requestId, List<Reward> rewards, int oracleCalls, double oracleSeconds,
      int archiveAnswers, String oracle) implements Result, ClusterMessage {
    public Scored {
      rewards = List.copyOf(rewards);
    }

    public Scored(long requestId, List<Reward> rewards) {
      this(requestId, rewards, rewards.size(), 0, 0, "");
    }
  }

  public record ScoreFailed(long requestId, String reason) implements Result, ClusterMessage {}

  /** The worker's queue is full: ask again later, here or elsewhere. */
  public record Busy(long requestId) implements Result, ClusterMessage {}

  /** An oracle call ended; {@code by} is the worker instance that made it (a restart makes a new one). */
  private record Completed(Score request, org.svdd.core.reward.RewardOracle.Scoring scoring, Throwable failure,
      long startedNanos, RewardWorker by, String oracle)
      implements Command {}

  public static Behavior<Command> create(RewardOracles oracles, int maxInFlight, WorkerStats stats) {
    return create(oracles, maxInFlight, EngineSettings.DEFAULT_MAX_QUEUED_DESIGNS, stats);
  }

  public static Behavior<Command> create(RewardOracles oracles, int maxInFlight, int maxQueuedDesigns, WorkerStats stats) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("svdd.reward.max-in-flight must be at least 1, got " + maxInFlight);
    }
    return Behaviors.setup(context -> new RewardWorker(context, oracles, maxInFlight, maxQueuedDesigns, stats));
  }

  private final RewardOracles oracles;
  private final int maxInFlight;
  private final int maxQueuedDesigns;
  private final WorkerStats stats;
  private final ArrayDeque<Score> waiting = new ArrayDeque<>();
  private final java.util.Map<Abandon, java.util.concurrent.CompletableFuture<org.svdd.core.reward.RewardOracle.Scoring>> running =
      new java.util.HashMap<>();
  private int inFlight;
  private int waitingDesigns;
  private final QuietWarnings warnings = new QuietWarnings(java.time.Duration.ofMinutes(1), System::nanoTime);

  private RewardWorker(ActorContext<Command> context, RewardOracles oracles, int maxInFlight, int maxQueuedDesigns,
      WorkerStats stats) {
    super(context);
    this.oracles = oracles;
    this.maxInFlight = maxInFlight;
    this.maxQueuedDesigns = maxQueuedDesigns;
    this.stats = stats;
    stats.registerRewardWorker(context.getSelf().path().name());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Score.class, this::onScore)
        .onMessage(Completed.class, this::onCompleted)
        .onMessage(Abandon.class, this::onAbandon)
        .onSignal(org.apache.pekko.actor.typed.PreRestart.class, signal -> {
          // restarted by its supervisor after a throw: every request it held is asked again
          waiting.forEach(r -> r.replyTo().tell(new Busy(r.requestId())));
          running.forEach((request, call) -> {
            call.cancel(true);
            request.replyTo().tell(new Busy(request.requestId()));
          });
          return this;
        })
        .build();
  }

  private Behavior<Command> onAbandon(Abandon abandon) {
    waiting.removeIf(r -> {
      boolean withdrawn = r.requestId() == abandon.requestId() && r.replyTo().equals(abandon.replyTo());
      if (withdrawn) {
        waitingDesigns -= r.designs().size();
      }
      return withdrawn;
    });
    java.util.concurrent.CompletableFuture<org.svdd.core.reward.RewardOracle.Scoring> call = running.get(abandon);
    if (call != null) {
      call.cancel(true);
    }
    return this;
  }

  private Behavior<Command> onScore(Score request) {
    if (!waiting.isEmpty() && waitingDesigns + request.designs().size() > maxQueuedDesigns) {
      stats.recordBusy(getContext().getSelf().path().name());
      request.replyTo().tell(new Busy(request.requestId()));
      return this;
    }
    waiting.add(request);
    waitingDesigns += request.designs().size();
    dispatch();
    return this;
  }

  private Behavior<Command> onCompleted(Completed done) {
    if (done.by() != this) {
      return this; // made before a restart, whose PreRestart already answered it Busy
    }
    inFlight -= done.request().designs().size();
    java.util.concurrent.CompletableFuture<org.svdd.core.reward.RewardOracle.Scoring> call =
        running.remove(new Abandon(done.request().requestId(), done.request().replyTo()));
    List<Reward> rewards = done.scoring() == null ? null : done.scoring().rewards();
    if (call != null && call.isCancelled()) {
      dispatch();
      return this;
    }
    int failedDesigns = rewards == null ? 0 : (int) rewards.stream().filter(Reward::failed).count();
    stats.recordOracleCall(getContext().getSelf().path().name(),
        java.time.Duration.ofNanos(System.nanoTime() - done.startedNanos()), done.failure() != null, failedDesigns);
    String reward = done.request().reward().isEmpty() ? "(default)" : done.request().reward();
    if (done.failure() != null || rewards == null) {
      String reason = done.failure() == null ? "reward oracle answered nothing"
          : "reward oracle failed: " + org.svdd.core.reward.Failures.describe(done.failure());
      warn("call " + reward, "reward '" + reward + "': a request of " + done.request().designs().size()
          + " designs failed whole (its particle asks another reward node once, if there is one): " + reason);
      done.request().replyTo().tell(new ScoreFailed(done.request().requestId(), reason));
    } else if (rewards.size() != done.request().designs().size()) {
      done.request().replyTo().tell(new ScoreFailed(done.request().requestId(), "oracle returned "
          + rewards.size() + " rewards for " + done.request().designs().size() + " designs"));
    } else {
      if (failedDesigns > 0) {
        // the particle goes on without them; the operator should still hear why, here and in the job's status
        warn("designs " + reward, failedDesigns + " of " + rewards.size() + " designs for reward '" + reward
            + "' could not be scored; the first: " + rewards.stream().filter(Reward::failed).findFirst().orElseThrow()
            .detail());
      }
      done.request().replyTo().tell(new Scored(done.request().requestId(), rewards, done.scoring().oracleCalls(),
          done.scoring().oracleSeconds(), done.scoring().archiveAnswers(), done.oracle()));
    }
    dispatch();
    return this;
  }

  /** Logs a warning unless one of its kind was logged in the last minute (then counts it for the next). */
  private void warn(String kind, String message) {
    String line = warnings.admit(kind, message);
    if (line != null) {
      getContext().getLog().warn(line);
    }
  }

  /** Starts waiting requests while capacity lasts; a request larger than the bound runs alone. */
  private void dispatch() {
    while (!waiting.isEmpty() && (inFlight == 0 || inFlight + waiting.peek().designs().size() <= maxInFlight)) {
      Score request = waiting.poll();
      waitingDesigns -= request.designs().size();
      inFlight += request.designs().size();
      stats.recordScore(request.designs().size());
      java.util.concurrent.CompletableFuture<org.svdd.core.reward.RewardOracle.Scoring> call;
      String identity = "";
      try {
        org.svdd.core.reward.RewardOracle oracle = oracles.forReward(request.reward());
        identity = oracle.identity();
        call = oracle.scoreCounting(request.designs()).toCompletableFuture();
      } catch (RuntimeException e) {
        call = java.util.concurrent.CompletableFuture.failedFuture(e);
      }
      running.put(new Abandon(request.requestId(), request.replyTo()), call);
      long started = System.nanoTime();
      String by = identity;
      getContext().pipeToSelf(call, (scoring, failure) -> new Completed(request, scoring, failure, started, this, by));
    }
  }
}
