package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardArchive;
import org.svdd.core.reward.RewardOracle;
import org.svdd.task.molecule.MoleculeCodec;
import org.svdd.testing.HeldOracleFake;
import org.svdd.testing.SlowToOpenTaskFake;

/**
 * A reward's oracle opens once, however many ask at once, and its opening holds no one reading the counts or the
 * programs it runs.
 */
class TaskOraclesOpeningTest {

  @Test
  void whileAnOracleOpens_countsAreReadable_andTwoAskersGetOneOracle() throws Exception {
    SlowToOpenTaskFake task = new SlowToOpenTaskFake();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    TaskOracles oracles = new TaskOracles(task, new MoleculeCodec(new Vocabulary(List.of("[C]"))),
        ConfigFactory.empty(), RewardArchive.NONE, 100, null, Path.of("unused"));
    try {
      TaskOracles.Cached cached = oracles.cached();
      CompletableFuture<RewardOracle> first = CompletableFuture.supplyAsync(() -> cached.forReward("dock"), threads);
      CompletableFuture<RewardOracle> second = CompletableFuture.supplyAsync(() -> cached.forReward(""), threads);
      while (task.opened.get() == 0) {
        Thread.onSpinWait();
      }
      // a metrics scrape during the opening: answered, not held until the oracle is up
      assertEquals(0, CompletableFuture.supplyAsync(() -> cached.stats("dock").requested(), threads).get(10, TimeUnit.SECONDS));
      assertEquals(0, CompletableFuture.supplyAsync(cached::restarts, threads).get(10, TimeUnit.SECONDS));
      assertEquals(RewardOracle.Slots.NONE, CompletableFuture.supplyAsync(cached::slots, threads).get(10, TimeUnit.SECONDS),
          "svdd nodes during the opening: no program counted yet, and not held");
      assertEquals(java.util.Map.of(), CompletableFuture.supplyAsync(cached::identities, threads)
          .get(10, TimeUnit.SECONDS), "nor an oracle named before it is open");
      task.open.countDown();
      assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS), "one cache for the reward");
      assertEquals(1, task.opened.get(), "the oracle opened once");
      assertEquals(new RewardOracle.Slots(0, HeldOracleFake.SLOTS), cached.slots(), "the opened oracle's programs");
      assertEquals(java.util.Map.of("dock", task.oracle.identity()), cached.identities(),
          "the opened oracle, named under its reward's name (asked for by \"\" too)");
    } finally {
      task.open.countDown(); // before closing, which waits for an opening to end
      threads.shutdownNow();
      oracles.close();
    }
    assertEquals(java.util.Map.of(), oracles.identities(), "closed: no oracle open");
  }

  /**
   * An oracle that cannot say what it is (its program will not tell its version) opens, and is named nowhere; asked
   * for again (a reward worker opening it anew), it is asked again, and named once it answers.
   */
  @Test
  void anOracleWhoseIdentityFails_opens_isLeftOut_andIsNamedOnceItAnswers() {
    SlowToOpenTaskFake task = new SlowToOpenTaskFake();
    task.open.countDown();
    org.svdd.testing.LateIdentityOracleFake oracle = new org.svdd.testing.LateIdentityOracleFake("dock|2.0");
    task.opens = oracle;
    try (TaskOracles oracles = new TaskOracles(task, new MoleculeCodec(new Vocabulary(List.of("[C]"))),
        ConfigFactory.empty(), RewardArchive.NONE, 100, null, Path.of("unused"));
        TaskOracles.Cached cached = oracles.cached()) {
      List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
      oracles.onIdentified((reward, identity) -> told.add(reward + " " + identity));
      RewardOracle first = cached.forReward("dock");
      assertEquals(java.util.Map.of(), cached.identities(), "opened all the same, named nowhere yet");
      assertEquals(List.of(), told, "nothing to tell yet");
      assertSame(first, cached.forReward("dock"), "asked again: the same oracle");
      assertEquals(java.util.Map.of("dock", "dock|2.0"), cached.identities(), "named once it told its identity");
      assertEquals(List.of("dock dock|2.0"), told, "a listener is told of it then");
      cached.forReward("dock");
      assertEquals(2, oracle.asked(), "a known identity is not asked again");
      assertEquals(List.of("dock dock|2.0"), told, "nor told again");
      List<String> late = new java.util.ArrayList<>();
      oracles.onIdentified((reward, identity) -> late.add(reward + " " + identity));
      assertEquals(List.of("dock dock|2.0"), late, "a listener added later is told of what is known already");
    }
  }
}
