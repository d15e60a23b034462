package org.svdd.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.method.ParticleStep;

/**
 * The requests one {@link Particle} waits for, by id: one prediction, or the parts of one score. A request sent
 * is counted in its worker's pool until answered, its worker is watched, and a {@link Resend} comes back to the
 * particle if no answer comes within the routing timeout; a request waiting to be sent (no worker yet, or a busy
 * one's back-off) has a Resend timer of its own. Ids are never reused, so a late answer to a request given up on
 * finds nothing here and is ignored. Lives inside its particle's actor: not thread-safe.
 */
final class ParticleRequests {

  /** Send request {@code requestId} again, elsewhere: its answer is overdue, or its wait is over. */
  record Resend(long requestId) implements Particle.Command {}

  /**
   * A request the particle waits for, at {@code worker} (null while it waits to be sent): a prediction, or
   * part {@code part} of the current score; {@code retried} when it was sent again after a worker failed it whole,
   * or waits to be ({@link #retryLater}, {@link #sendAgainLater}); for the latter {@code waitUntil}, as
   * {@link System#nanoTime}, ends the wait for another worker.
   */
  record Outstanding(long id, ParticleStep.Need need, ActorRef<?> worker, int part, boolean retried, long waitUntil) {
    /** What the request counts for in its pool's load: a score its designs, a prediction one. */
    int units() {
      return need instanceof ParticleStep.Score score ? score.designs().size() : 1;
    }

    boolean isScore() {
      return need instanceof ParticleStep.Score;
    }
  }

  private static final Duration NO_WORKER_RETRY = Duration.ofSeconds(1);

  private final ActorContext<Particle.Command> context;
  private final TimerScheduler<Particle.Command> timers;
  private final Routing routing;
  private final String job;
  private final int jobRows;
  private final ActorRef<DenoiseWorker.Result> denoiseReplies;
  private final ActorRef<RewardWorker.Result> scoreReplies;
  private final Map<Long, Outstanding> outstanding = new HashMap<>();
  private final Set<ActorRef<?>> watched = new HashSet<>();
  private long nextId;

  /** @param jobRows the job's N·M, which the denoiser sizes its passes by */
  ParticleRequests(ActorContext<Particle.Command> context, TimerScheduler<Particle.Command> timers, Routing routing,
      String job, int jobRows, ActorRef<DenoiseWorker.Result> denoiseReplies, ActorRef<RewardWorker.Result> scoreReplies) {
    this.context = context;
    this.timers = timers;
    this.routing = routing;
    this.job = job;
    this.jobRows = jobRows;
    this.denoiseReplies = denoiseReplies;
    this.scoreReplies = scoreReplies;
  }

  /** The request of this id still waited for, if any. */
  Optional<Outstanding> get(long id) {
    return Optional.ofNullable(outstanding.get(id));
  }

  /**
   * The worker is gone: it leaves this node's pools, and is no longer watched (asked again, a new watch tells at
   * once). Answers the requests it held, still waited for: the particle sends them elsewhere.
   */
  @SuppressWarnings("unchecked")
  List<Outstanding> workerGone(ActorRef<?> worker) {
    watched.remove(worker);
    routing.denoisers().stopped((ActorRef<DenoiseWorker.Command>) worker);
    routing.rewarders().stopped((ActorRef<RewardWorker.Command>) worker);
    return outstanding.values().stream().filter(o -> worker.equals(o.worker())).toList();
  }

  /**
   * Sends one request (a prediction, or part {@code part} of a score) to the least loaded worker but {@code avoid};
   * with no worker known yet, tries again in a second.
   */
  void send(ParticleStep.Need need, ActorRef<?> avoid, int part, int particle) {
    send(need, avoid, part, particle, false);
  }

  /** As {@link #send}; {@code retried} marks a request sent again after a worker failed it whole. */
  @SuppressWarnings("unchecked")
  void send(ParticleStep.Need need, ActorRef<?> avoid, int part, int particle, boolean retried) {
    Optional<? extends ActorRef<?>> worker;
    if (need instanceof ParticleStep.Predict) {
      worker = routing.denoisers().acquire((ActorRef<DenoiseWorker.Command>) avoid);
    } else {
      ParticleStep.Score score = (ParticleStep.Score) need;
      worker = routing.rewarders().forReward(score.reward())
          .acquire((ActorRef<RewardWorker.Command>) avoid, score.designs().size());
    }
    if (worker.isEmpty()) {
      context.getLog().warn("particle {}: no {} worker in the cluster yet; retrying", particle,
          need instanceof ParticleStep.Predict ? "denoise" : "reward");
      later(need, part, NO_WORKER_RETRY, retried, 0);
      return;
    }
    dispatch(need, worker.get(), part, retried);
  }

  /** Sends {@code need} after {@code delay}, to whichever worker is least loaded then. */
  void sendLater(ParticleStep.Need need, int part, Duration delay) {
    later(need, part, delay, false, 0);
  }

  /** Sends {@code need}, failed whole by its worker, once more after {@code delay}: marked {@code retried}. */
  void retryLater(ParticleStep.Need need, int part, Duration delay) {
    later(need, part, delay, true, 0);
  }

  /**
   * Score part {@code part}, failed whole by the only worker of its reward this node knows, waits (checked every
   * second) until another worker of the reward is known or {@code waitUntil} (as {@link System#nanoTime}) passes,
   * then is sent once more: a node that joined since takes it.
   */
  void sendAgainLater(ParticleStep.Score score, int part, long waitUntil) {
    later(score, part, NO_WORKER_RETRY, true, waitUntil);
  }

  /**
   * Whether {@code o}, which {@link #sendAgainLater} left waiting and whose second is up, waits on: no other worker of
   * its reward known yet and time left. If so it waits another second.
   */
  boolean waitsOn(Outstanding o) {
    if (o.waitUntil() == 0 || System.nanoTime() - o.waitUntil() >= 0
        || routing.rewarders().forReward(((ParticleStep.Score) o.need()).reward()).size() >= 2) {
      return false;
    }
    sendAgainLater((ParticleStep.Score) o.need(), o.part(), o.waitUntil());
    return true;
  }

  private void later(ParticleStep.Need need, int part, Duration delay, boolean retried, long waitUntil) {
    long id = nextId++;
    outstanding.put(id, new Outstanding(id, need, null, part, retried, waitUntil));
    timers.startSingleTimer(new Resend(id), delay);
  }

  /** Tells {@code worker} (already counted in its pool) the request, and waits for its answer until the timeout. */
  @SuppressWarnings("unchecked")
  void dispatch(ParticleStep.Need need, ActorRef<?> worker, int part, boolean retried) {
    long id = nextId++;
    if (need instanceof ParticleStep.Predict predict) {
      List<DenoiseInput> inputs = predict.states().stream().map(s -> new DenoiseInput(s, predict.time())).toList();
      ((ActorRef<DenoiseWorker.Command>) worker).tell(new DenoiseWorker.Denoise(id, job, jobRows, inputs, denoiseReplies));
    } else {
      ParticleStep.Score score = (ParticleStep.Score) need;
      ((ActorRef<RewardWorker.Command>) worker)
          .tell(new RewardWorker.Score(id, job, score.reward(), score.designs(), scoreReplies));
    }
    outstanding.put(id, new Outstanding(id, need, worker, part, retried, 0));
    if (watched.add(worker)) {
      context.watch(worker);
    }
    timers.startSingleTimer(new Resend(id), routing.requestTimeout());
  }

  /** Stops waiting for {@code o}: its worker's load is given back and its timer cancelled. */
  @SuppressWarnings("unchecked")
  void release(Outstanding o) {
    if (o.worker() != null) {
      if (o.isScore()) {
        routing.rewarders().forReward(((ParticleStep.Score) o.need()).reward())
            .release((ActorRef<RewardWorker.Command>) o.worker(), o.units());
      } else {
        routing.denoisers().release((ActorRef<DenoiseWorker.Command>) o.worker());
      }
    }
    timers.cancel(new Resend(o.id()));
    outstanding.remove(o.id());
  }

  /** Stops waiting for every request. */
  void releaseAll() {
    List.copyOf(outstanding.values()).forEach(this::release);
  }

  /** Withdraws the oracle work of every score part still at a worker (the job was cancelled or failed, or the step withdrawn). */
  @SuppressWarnings("unchecked")
  void abandonScores() {
    for (Outstanding o : outstanding.values()) {
      if (o.worker() != null && o.isScore()) {
        ((ActorRef<RewardWorker.Command>) o.worker()).tell(new RewardWorker.Abandon(o.id(), scoreReplies));
      }
    }
  }
}
