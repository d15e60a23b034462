package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.ParticleStep;

/**
 * A particle's requests, held inside an actor as a particle holds them: a request sent is counted at its worker
 * until released, comes back as a Resend when unanswered past the timeout (and never once released), waits a
 * second when no worker is known, and a stopped particle's score parts are withdrawn from their workers.
 */
class ParticleRequestsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final ParticleStep.Score SCORE = new ParticleStep.Score(
      List.of(new TokenState(new int[] {0, 1}), new TokenState(new int[] {1, 2}), new TokenState(new int[] {2, 0})),
      "reward", List.of());
  private static final ParticleStep.Predict PREDICT = new ParticleStep.Predict(List.of(new TokenState(new int[] {0, 1})), 0.5);

  private Routing routing;
  private TestProbe<RewardWorker.Command> rewarder;
  private TestProbe<DenoiseWorker.Command> denoiser;
  private TestProbe<Particle.Command> resends;
  private ActorRef<Particle.Command> holder;

  /** Runs {@code code} on the holder's requests, inside the holder actor, and hands back what it returns. */
  private record Inside(Function<ParticleRequests, Object> code, CompletableFuture<Object> result)
      implements Particle.Command {}

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    routing = new Routing(new WorkerPool<>(), new RewardPools(), TIMEOUT);
    rewarder = KIT.createTestProbe();
    denoiser = KIT.createTestProbe();
    resends = KIT.createTestProbe();
    TestProbe<DenoiseWorker.Result> denoiseReplies = KIT.createTestProbe();
    TestProbe<RewardWorker.Result> scoreReplies = KIT.createTestProbe();
    holder = KIT.spawn(holding(routing, resends.getRef(), denoiseReplies.getRef(), scoreReplies.getRef()));
  }

  private static Behavior<Particle.Command> holding(Routing routing, ActorRef<Particle.Command> resends,
      ActorRef<DenoiseWorker.Result> denoiseReplies, ActorRef<RewardWorker.Result> scoreReplies) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ParticleRequests requests = new ParticleRequests(context, timers, routing, "job", 8, denoiseReplies, scoreReplies);
      return Behaviors.receive(Particle.Command.class)
          .onMessage(Inside.class, inside -> {
            inside.result().complete(inside.code().apply(requests));
            return Behaviors.same();
          })
          .onMessage(ParticleRequests.Resend.class, resend -> {
            resends.tell(resend);
            return Behaviors.same();
          })
          .build();
    }));
  }

  @SuppressWarnings("unchecked")
  private <T> T inside(Function<ParticleRequests, T> code) throws Exception {
    CompletableFuture<Object> result = new CompletableFuture<>();
    holder.tell(new Inside(r -> code.apply(r), result));
    return (T) result.get(10, TimeUnit.SECONDS);
  }

  private void doing(java.util.function.Consumer<ParticleRequests> code) throws Exception {
    inside(r -> {
      code.accept(r);
      return null;
    });
  }

  /** Both workers known, a prediction and a score sent. */
  private void sendAPredictionAndAScore() throws Exception {
    routing.denoisers().update(Set.of(denoiser.getRef()));
    routing.rewarders().updateAnyReward(Set.of(rewarder.getRef()));
    doing(r -> {
      r.send(PREDICT, null, -1, 1);
      r.send(SCORE, null, 0, 1);
    });
  }

  private WorkerPool<RewardWorker.Command> rewardPool() {
    return routing.rewarders().forReward("reward");
  }

  @Test
  void aScoreSent_countsItsDesignsAtItsWorker_untilReleased_andALateAnswerFindsNothing() throws Exception {
    routing.rewarders().updateAnyReward(Set.of(rewarder.getRef()));
    doing(r -> r.send(SCORE, null, 0, 1));
    RewardWorker.Score asked = rewarder.expectMessageClass(RewardWorker.Score.class);
    assertEquals(SCORE.designs(), asked.designs());
    assertEquals(3, rewardPool().load(rewarder.getRef()), "a score counts its designs at the worker");
    doing(r -> r.release(r.get(asked.requestId()).orElseThrow()));
    assertEquals(0, rewardPool().load(rewarder.getRef()), "released, its load is given back");
    boolean forgotten = inside(r -> r.get(asked.requestId()).isEmpty());
    assertTrue(forgotten, "an answer to it now is ignored");
    doing(r -> r.send(SCORE, null, 0, 1));
    long again = rewarder.expectMessageClass(RewardWorker.Score.class).requestId();
    assertTrue(again != asked.requestId(), "ids are not reused: the late answer cannot be taken for the new request's");
    resends.expectMessage(new ParticleRequests.Resend(again));
  }

  @Test
  void anUnansweredRequest_comesBackAfterTheTimeout_aReleasedOneNever() throws Exception {
    sendAPredictionAndAScore();
    DenoiseWorker.Denoise predict = denoiser.expectMessageClass(DenoiseWorker.Denoise.class);
    assertEquals(8, predict.jobRows(), "the job's N·M goes with every prediction");
    assertEquals("job", predict.job());
    RewardWorker.Score score = rewarder.expectMessageClass(RewardWorker.Score.class);
    doing(r -> r.release(r.get(predict.requestId()).orElseThrow()));
    resends.expectMessage(Duration.ofSeconds(5), new ParticleRequests.Resend(score.requestId()));
    resends.expectNoMessage(TIMEOUT.multipliedBy(2));
  }

  @Test
  void withNoWorkerKnown_theRequestWaitsUnsent_thenComesBack() throws Exception {
    doing(r -> r.send(SCORE, null, 0, 1));
    ParticleRequests.Resend resend = resends.expectMessageClass(ParticleRequests.Resend.class, Duration.ofSeconds(5));
    ParticleRequests.Outstanding waiting = inside(r -> r.get(resend.requestId()).orElseThrow());
    assertNull(waiting.worker(), "waiting to be sent, at no worker");
    assertEquals(SCORE, waiting.need());
  }

  @Test
  void stopping_withdrawsTheScorePartsAtWorkers_notThePredictions() throws Exception {
    sendAPredictionAndAScore();
    denoiser.expectMessageClass(DenoiseWorker.Denoise.class);
    long score = rewarder.expectMessageClass(RewardWorker.Score.class).requestId();
    doing(ParticleRequests::abandonScores);
    assertEquals(score, rewarder.expectMessageClass(RewardWorker.Abandon.class).requestId());
    denoiser.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aWorkerGone_leavesThePools_andAnswersTheRequestsItHeld() throws Exception {
    TestProbe<RewardWorker.Command> other = KIT.createTestProbe();
    sendAPredictionAndAScore();
    denoiser.expectMessageClass(DenoiseWorker.Denoise.class);
    long score = rewarder.expectMessageClass(RewardWorker.Score.class).requestId();
    routing.rewarders().updateAnyReward(Set.of(rewarder.getRef(), other.getRef()));
    List<ParticleRequests.Outstanding> held = inside(r -> r.workerGone(rewarder.getRef()));
    assertEquals(List.of(score), held.stream().map(ParticleRequests.Outstanding::id).toList(),
        "the score it held, not the prediction the denoiser holds");
    // its load given back, the gone worker would take one of two requests, were it still in the pool
    doing(r -> {
      r.release(held.get(0));
      r.send(SCORE, null, 0, 1);
      r.send(SCORE, null, 0, 1);
    });
    other.expectMessageClass(RewardWorker.Score.class);
    other.expectMessageClass(RewardWorker.Score.class);
    rewarder.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void releasingAll_givesEveryLoadBack_andNothingComesBack() throws Exception {
    sendAPredictionAndAScore();
    doing(ParticleRequests::releaseAll);
    assertEquals(0, routing.denoisers().load(denoiser.getRef()));
    assertEquals(0, rewardPool().load(rewarder.getRef()));
    resends.expectNoMessage(TIMEOUT.multipliedBy(2));
  }
}
