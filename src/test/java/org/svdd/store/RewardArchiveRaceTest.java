package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;

/**
 * Two nodes save answers for the same designs at once into one shared archive (two reward nodes over one PostgreSQL;
 * here two stores on one H2 server): one's insert meets rows the other added after its lookup. Neither save fails,
 * nothing is lost, and each design keeps one answer.
 */
class RewardArchiveRaceTest {
  @TempDir Path dir;

  @Test
  void savesOfTheSameDesignsAtOnce_fromTwoNodes_neitherFailsAndEachDesignKeepsOneAnswer() throws Exception {
    org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(),
        "-ifNotExists").start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/jobs";
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try (JdbcJobStore first = JdbcJobStore.open(url, "sa", ""); JdbcJobStore second = JdbcJobStore.open(url, "sa", "")) {
      int rounds = 40;
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<?>> saving = new ArrayList<>();
      double[] answers = {1, 2};
      JdbcJobStore[] stores = {first, second};
      for (int n = 0; n < 2; n++) {
        RewardArchive archive = stores[n].rewardArchive();
        double answer = answers[n];
        saving.add(nodes.submit(() -> {
          try {
            for (int round = 0; round < rounds; round++) {
              Map<String, Reward> batch = new LinkedHashMap<>();
              for (int i = 0; i < 20; i++) {
                batch.put("round" + round + "-design" + i, new Reward(answer, "node " + answer));
              }
              together.await(30, java.util.concurrent.TimeUnit.SECONDS);
              archive.save("rna-mfe|RNAfold 2.5.1 --noPS", batch);
            }
          } catch (RuntimeException e) {
            together.reset(); // the other node stops waiting for this one
            throw e;
          }
          return null;
        }));
      }
      for (Future<?> f : saving) {
        try {
          f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof java.util.concurrent.BrokenBarrierException)) {
            throw e; // a save failed (the other node's wait broke because of it)
          }
        }
      }
      List<String> all = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < 20; i++) {
          all.add("round" + round + "-design" + i);
        }
      }
      Map<String, Reward> kept = first.rewardArchive().find("rna-mfe|RNAfold 2.5.1 --noPS", all);
      assertEquals(all.size(), kept.size(), "every design answered");
      assertTrue(kept.values().stream().allMatch(r -> r.detail().equals("node " + r.value())),
          "each design keeps one node's whole answer: " + kept.values().stream().distinct().toList());
      assertEquals(Map.of("rna-mfe|RNAfold 2.5.1 --noPS", (long) all.size()),
          ((JdbcRewardArchive) second.rewardArchive()).countsByOracle(), "one row each");
    } finally {
      nodes.shutdownNow();
      server.stop();
    }
  }
}
