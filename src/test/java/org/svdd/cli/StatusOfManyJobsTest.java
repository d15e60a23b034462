package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.svdd.api.ApiServer;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/** {@code svdd status} against a store of more jobs than one page holds, whose statuses are long. */
class StatusOfManyJobsTest {
  private static final double[][] P = {{0.5, 0.2, 0.2, 0.1}, {0.2, 0.5, 0.2, 0.1}, {0.1, 0.2, 0.5, 0.2}};

  /** 1,200 failed jobs with a 6 kB reason each: a page of 1,000 is 6 MB, past gRPC's default 4 MB answer. */
  @Test
  void status_pagesOfLongStatuses_listsEveryJob() throws Exception {
    Vocabulary abc = Vocabulary.ofCharacters("ABC");
    try (JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        SamplingEngine engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(abc, 3),
            () -> new FactorizedDenoiserFake(P), new TableOracleFake(x -> 0.0), AbcModel.SETTINGS, new WorkerStats()),
            ConfigFactory.load())) {
      String reason = "reward oracle failed: " + "x".repeat(6_000);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 1_200; i++) {
        String id = String.format("%08d-0000-4000-8000-000000000000", i);
        store.insertJob(new StoredJob(id, "{\"task\":\"abc\"}", "FAILED", reason, 1_000 + i));
        ids.add(0, id); // newest first
      }
      JobRegistry registry = new JobRegistry(engine, new ServedTask("abc", List.of("sum"), abc), Clock.systemUTC(), store);
      ApiServer server = new ApiServer("127.0.0.1", 0, registry);
      try {
        CliRunner.Result listed = CliRunner.run("status", "--server", "127.0.0.1:" + server.port(), "-q");
        assertEquals(0, listed.exitCode(), listed.err());
        assertEquals(ids, listed.out().lines().toList(), "every job, newest first, across two pages");
      } finally {
        server.close();
        registry.close();
      }
    }
  }
}
