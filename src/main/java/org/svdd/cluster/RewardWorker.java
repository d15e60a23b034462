package org.svdd.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Failures;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;

/**
 * Calls an oracle asynchronously for many particles at once, with at most {@code maxInFlight} designs
 * outstanding (further requests wait in order), so a slow oracle's latency overlaps with denoising
 * elsewhere. Deduplication, caching, timeouts and process restarts live in the oracle adapters.
 * A request its sender withdraws ({@link Abandon}: the particle stopped, its job cancelled or failed)
 * is dropped if still waiting, and its oracle call cancelled if running, which kills a dock at once;
 * a job that ends withdraws all its requests in one message ({@link Withdraw}).
 * At most {@code maxQueuedDesigns} designs wait: a request beyond is answered {@link Busy}, and its
 * particle asks again after a back-off.
 *
 * <p>An oracle is opened on its reward's first request, off the actor's thread (on Pekko's blocking-IO
 * dispatcher): opening a docking oracle checks RDKit and asks Vina and Open Babel their versions, which
 * may take a minute on a struggling machine. Meanwhile requests wait in order, and the worker still answers
 * {@link Busy} and takes {@link Abandon}s.
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
   * Score these clean designs, for job {@code job}, by the reward named ("" for the node's default); the reply,
   * under the same id, holds one reward per design, in order.
   */
  public record Score(long requestId, String job, String reward, List<State> designs, ActorRef<Result> replyTo)
      implements Command, ClusterMessage {
    public Score {
      designs = List.copyOf(designs);
    }

    /** A request of no job: only its own {@link Abandon} withdraws it. */
    public Score(long requestId, String reward, List<State> designs, ActorRef<Result> replyTo) {
      this(requestId, "", reward, designs, replyTo);
    }
  }

  /** The sender of request {@code requestId} no longer wants its answer. */
  public record Abandon(long requestId, ActorRef<Result> replyTo) implements Command, ClusterMessage {}

  /**
   * Job {@code job} ended: none of its requests is answered any more. All are withdrawn in one turn, their calls
   * cancelled inside one {@link RewardOracle#withdrawTogether}, so a dock killed for one of its designs does not
   * restart for the job's others while their cancels (or their particles' own {@link Abandon}s) are on their way;
   * each Abandon finds nothing left when it comes. A request of the job that comes after is answered {@link Busy} for
   * a while ({@link RecentlyEnded}): no dock starts for it.
   */
  public record Withdraw(String job) implements Command, ClusterMessage {}

  public sealed interface Result permits Scored, ScoreFailed, Busy {}

  /**
   * The rewards, how many of the designs went on to the oracle itself (the rest its caches answered), the
   * oracle-seconds they cost, how many the durable archive answered
   * ({@link RewardOracle.Scoring}), the {@link RewardOracle#identity}
   * of the oracle that scored them ("" where unknown), by which a particle sees reward nodes that score alike, and the
   * reward the request named, by which it counts the calls of its job's reward apart from the early ones (an answer
   * to a step it withdrew included).
   */
  public record Scored(long requestId, List<Reward> rewards, int oracleCalls, double oracleSeconds,
      int archiveAnswers, String oracle, String reward) implements Result, ClusterMessage {
    public Scored {
      rewards = List.copyOf(rewards);
    }

    public Scored(long requestId, List<Reward> rewards) {
      this(requestId, rewards, rewards.size(), 0, 0, "", "");
    }
  }

  public record ScoreFailed(long requestId, String reason) implements Result, ClusterMessage {}

  /** The worker's queue is full: ask again later, here or elsewhere. */
  public record Busy(long requestId) implements Result, ClusterMessage {}

  /** An oracle call ended; {@code by} is the worker instance that made it (a restart makes a new one). */
  private record Completed(Score request, RewardOracle.Scoring scoring, Throwable failure,
      long startedNanos, RewardWorker by, String oracle)
      implements Command {}

  /** A reward's oracle finished opening, or failed to: requests waiting for it may go on. */
  private record Opened() implements Command {}

  /** A request at the oracle and its call. */
  private record Running(Score request, CompletableFuture<RewardOracle.Scoring> call) {}

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
  private final RecentlyEnded recentlyEnded = new RecentlyEnded();
  /** The requests at the oracle, by sender and id, each with its call. */
  private final Map<Abandon, Running> running = new HashMap<>();
  /** Each reward's oracle, opened or opening; a failed open is dropped once a request has had its failure. */
  private final Map<String, CompletableFuture<RewardOracle>> oracleOf = new HashMap<>();
  private final Executor opener;
  private int inFlight;
  private int waitingDesigns;
  /** inFlight and waitingDesigns as this node's load and meters show them. */
  private final WorkerStats.RewardGauges gauges;
  private final QuietWarnings warnings = new QuietWarnings(Duration.ofMinutes(1), System::nanoTime);

  private RewardWorker(ActorContext<Command> context, RewardOracles oracles, int maxInFlight, int maxQueuedDesigns,
      WorkerStats stats) {
    super(context);
    this.oracles = oracles;
    this.maxInFlight = maxInFlight;
    this.maxQueuedDesigns = maxQueuedDesigns;
    this.stats = stats;
    this.opener = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.gauges = stats.registerRewardWorker(context.getSelf().path().name());
    publish(); // a restarted worker holds nothing
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Score.class, this::onScore)
        .onMessage(Completed.class, this::onCompleted)
        .onMessage(Abandon.class, abandon -> withdraw(
            r -> r.requestId() == abandon.requestId() && r.replyTo().equals(abandon.replyTo())))
        .onMessage(Withdraw.class, ended -> {
          recentlyEnded.add(ended.job());
          return withdraw(r -> !r.job().isEmpty() && r.job().equals(ended.job()));
        })
        .onMessage(Opened.class, opened -> {
          dispatch();
          return this;
        })
        .onSignal(PreRestart.class, signal -> {
          // restarted by its supervisor after a throw: every request it held is asked again
          waiting.forEach(r -> r.replyTo().tell(new Busy(r.requestId())));
          running.forEach((request, run) -> {
            run.call().cancel(true);
            request.replyTo().tell(new Busy(request.requestId()));
          });
          return this;
        })
        .build();
  }

  /**
   * Drops the waiting requests {@code withdrawn} picks and cancels the oracle calls of those running; a
   * cancelled call still ends in {@link Completed}, which frees its capacity for the next request.
   */
  private Behavior<Command> withdraw(java.util.function.Predicate<Score> withdrawn) {
    waiting.removeIf(r -> {
      boolean dropped = withdrawn.test(r);
      if (dropped) {
        waitingDesigns -= r.designs().size();
      }
      return dropped;
    });
    Map<String, List<Running>> byReward = running.values().stream().filter(run -> withdrawn.test(run.request()))
        .collect(java.util.stream.Collectors.groupingBy(run -> run.request().reward()));
    byReward.forEach((reward, runs) -> {
      Runnable cancels = () -> runs.forEach(run -> run.call().cancel(true));
      CompletableFuture<RewardOracle> oracle = oracleOf.get(reward);
      if (oracle != null && oracle.isDone() && !oracle.isCompletedExceptionally()) {
        oracle.join().withdrawTogether(cancels); // no program starts on one of them while the others are cancelled
      } else {
        cancels.run();
      }
    });
    publish();
    return this;
  }

  private void publish() {
    gauges.running().set(inFlight);
    gauges.waiting().set(waitingDesigns);
  }

  private Behavior<Command> onScore(Score request) {
    if (recentlyEnded.contains(request.job())) {
      request.replyTo().tell(new Busy(request.requestId())); // late: its job ended, its particle stopped
      return this;
    }
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
    Running run = running.remove(new Abandon(done.request().requestId(), done.request().replyTo()));
    List<Reward> rewards = done.scoring() == null ? null : done.scoring().rewards();
    if (run != null && run.call().isCancelled()) {
      dispatch();
      return this;
    }
    int failedDesigns = rewards == null ? 0 : (int) rewards.stream().filter(Reward::failed).count();
    stats.recordOracleCall(getContext().getSelf().path().name(),
        Duration.ofNanos(System.nanoTime() - done.startedNanos()), done.failure() != null, failedDesigns);
    String reward = done.request().reward().isEmpty() ? "(default)" : done.request().reward();
    if (done.failure() != null || rewards == null) {
      String reason = done.failure() == null ? "reward oracle answered nothing"
          : "reward oracle failed: " + Failures.describe(done.failure());
      warn("call " + reward, "reward '" + reward + "': a request of " + done.request().designs().size()
          + " designs failed whole (its particle asks another reward node once, waiting a while for one if none is"
          + " known): " + reason);
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
          done.scoring().oracleSeconds(), done.scoring().archiveAnswers(), done.oracle(), done.request().reward()));
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

  /**
   * Starts waiting requests while capacity lasts; a request larger than the bound runs alone. The first
   * waits while its reward's oracle opens, and those behind it with it. An open that failed fails every request
   * of that reward queued behind it, each naming why; a request that comes later tries to open it again.
   */
  private void dispatch() {
    while (!waiting.isEmpty() && (inFlight == 0 || inFlight + waiting.peek().designs().size() <= maxInFlight)) {
      CompletableFuture<RewardOracle> opening = oracleFor(waiting.peek().reward());
      if (!opening.isDone()) {
        publish();
        return; // its Opened dispatches again
      }
      Score request = waiting.poll();
      waitingDesigns -= request.designs().size();
      if (opening.isCompletedExceptionally()) {
        oracleOf.remove(request.reward());
        Throwable why = opening.handle((oracle, e) -> e instanceof CompletionException && e.getCause() != null
            ? e.getCause() : e).join();
        CompletableFuture<RewardOracle.Scoring> failed = CompletableFuture.failedFuture(why);
        start(request, failed, "");
        for (java.util.Iterator<Score> behind = waiting.iterator(); behind.hasNext(); ) {
          Score next = behind.next();
          if (next.reward().equals(request.reward())) {
            behind.remove();
            waitingDesigns -= next.designs().size();
            start(next, failed, "");
          }
        }
        continue;
      }
      CompletableFuture<RewardOracle.Scoring> call;
      String identity = "";
      try {
        RewardOracle oracle = opening.join();
        identity = oracle.identity();
        call = oracle.scoreCounting(request.designs()).toCompletableFuture();
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      start(request, call, identity);
    }
    publish();
  }

  /** Counts {@code request} in flight until {@code call} completes, answered by {@code identity}'s oracle. */
  private void start(Score request, CompletableFuture<RewardOracle.Scoring> call, String identity) {
    inFlight += request.designs().size();
    stats.recordScore(request.designs().size());
    running.put(new Abandon(request.requestId(), request.replyTo()), new Running(request, call));
    long started = System.nanoTime();
    getContext().pipeToSelf(call, (scoring, failure) -> new Completed(request, scoring, failure, started, this, identity));
  }

  /** The reward's oracle, opening if this is its first request (its identity asked too: that may run programs). */
  private CompletableFuture<RewardOracle> oracleFor(String reward) {
    CompletableFuture<RewardOracle> oracle = oracleOf.get(reward);
    if (oracle == null) {
      oracle = CompletableFuture.supplyAsync(() -> {
        RewardOracle opened = oracles.forReward(reward);
        opened.identity();
        return opened;
      }, opener);
      oracleOf.put(reward, oracle);
      getContext().pipeToSelf(oracle, (opened, failure) -> new Opened());
    }
    return oracle;
  }
}
