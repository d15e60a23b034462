package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RewardPoolsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static ActorRef<RewardWorker.Command> worker() {
    return KIT.<RewardWorker.Command>createTestProbe().getRef();
  }

  @Test
  void aRewardsPool_holdsTheWorkersForAnyRewardAndThoseForThatOne() {
    RewardPools pools = new RewardPools();
    ActorRef<RewardWorker.Command> any = worker();
    ActorRef<RewardWorker.Command> dockingOnly = worker();
    ActorRef<RewardWorker.Command> qedOnly = worker();
    assertTrue(pools.isEmpty());
    pools.updateAnyReward(Set.of(any));
    pools.updateReward("vina-abl", Set.of(dockingOnly));
    pools.updateReward("qed", Set.of(qedOnly));
    WorkerPool<RewardWorker.Command> docking = pools.forReward("vina-abl");
    assertEquals(2, docking.size());
    List<ActorRef<RewardWorker.Command>> picked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      picked.add(docking.acquire(null).orElseThrow());
    }
    assertTrue(picked.containsAll(List.of(any, dockingOnly)) && !picked.contains(qedOnly), picked.toString());
    assertEquals(1, pools.forReward("sa").size(), "a reward no node was started for: the workers for any reward");
    assertFalse(pools.isEmpty());
  }

  @Test
  void listingsChangingLater_reachPoolsAlreadyHandedOut() {
    RewardPools pools = new RewardPools();
    WorkerPool<RewardWorker.Command> docking = pools.forReward("vina-abl");
    assertEquals(0, docking.size());
    ActorRef<RewardWorker.Command> dockingOnly = worker();
    pools.updateReward("vina-abl", Set.of(dockingOnly));
    assertSame(docking, pools.forReward("vina-abl"));
    assertEquals(1, docking.size());
    pools.updateAnyReward(Set.of(worker()));
    assertEquals(2, docking.size());
    pools.updateReward("vina-abl", Set.of());
    assertEquals(1, docking.size(), "the docking node left");
  }

  @Test
  void theFirstAskForAReward_subscribesToItsWorkers_once() {
    RewardPools pools = new RewardPools();
    pools.forReward("qed");
    List<String> subscribed = new ArrayList<>();
    pools.subscribeWith(subscribed::add);
    assertEquals(List.of("qed"), subscribed, "rewards asked before the directory started are replayed");
    pools.forReward("vina-abl");
    pools.forReward("vina-abl");
    pools.forReward("");
    assertEquals(List.of("qed", "vina-abl"), subscribed);
  }
}
