package org.svdd.api.dashboard;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.api.ApiPolicy;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * A one-node service for the dashboard's tests: a real engine and job registry over a fake three-letter
 * model, an oracle fake that counts C's and "folds" each design into a nested dot-bracket, and the
 * dashboard on a free port. Designs of "ABBA" draw as a picture; others draw none.
 */
final class DashboardFixture implements AutoCloseable {
  private static final double[][] P = {{0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.25, 0.25, 0.25, 0.25},
      {0.3, 0.3, 0.3, 0.1}};
  static final Vocabulary ABC = Vocabulary.ofCharacters("ABC");
  /** The digest of the model the fixture says it serves. */
  static final String MODEL = "0123456789abcdef";
  final SamplingEngine engine;
  final JobRegistry registry;
  final DashboardServer server;

  DashboardFixture(ApiPolicy policy) throws Exception {
    this(policy, org.svdd.store.JdbcJobStore.open("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "sa", ""));
  }

  /** Over a job store of the test's own (one it can stop). */
  DashboardFixture(ApiPolicy policy, org.svdd.store.JdbcJobStore store) throws Exception {
    this(policy, store, ConfigFactory.load());
  }

  /** A node with the api role alone: a cluster of one that runs no job (they wait, saying why). */
  static DashboardFixture apiOnly() throws Exception {
    return new DashboardFixture(ApiPolicy.open(), org.svdd.store.JdbcJobStore.open("jdbc:h2:mem:"
        + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""),
        ConfigFactory.parseString("svdd.roles = [api]").withFallback(ConfigFactory.load()));
  }

  private DashboardFixture(ApiPolicy policy, org.svdd.store.JdbcJobStore store, com.typesafe.config.Config config)
      throws Exception {
    EngineSettings settings = AbcModel.SETTINGS;
    engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(ABC, 4), () -> new FactorizedDenoiserFake(P),
        new org.svdd.testing.NamedOraclesFake(new FoldingOracleFake(), "count-c"), settings, new WorkerStats()), config);
    registry = new JobRegistry(engine, new ServedTask("abc", List.of("count-c"), ABC, null).withModelDigest(MODEL),
        Clock.systemUTC(), store, policy);
    registry.recover(); // as a served node does: it keeps its leases and reads jobs other nodes follow
    server = new DashboardServer("127.0.0.1", 0, registry, policy, "abc", List.of("count-c"),
        design -> design.equals("ABBA") ? Optional.of(new DashboardServer.Picture("image/svg+xml",
            "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(java.nio.charset.StandardCharsets.UTF_8))) : Optional.empty(),
        new DashboardServer.DesignFile("fa", (name, text) -> ">" + name + "\n" + text + "\n"));
  }

  String url() {
    return "http://127.0.0.1:" + server.port() + "/";
  }

  @Override
  public void close() {
    server.close();
    registry.close();
    engine.close();
  }

  /** Test double: reward = number of C's after a few milliseconds; detail = "(" ... ")" around the design's middle. */
  static final class FoldingOracleFake implements RewardOracle {
    @Override
    public CompletionStage<List<Reward>> score(List<State> designs) {
      return CompletableFuture.supplyAsync(() -> {
        List<Reward> out = new ArrayList<>();
        for (State s : designs) {
          int[] tokens = ((TokenState) s).tokens();
          int c = 0;
          for (int t : tokens) {
            c += t == 2 ? 1 : 0;
          }
          out.add(new Reward(c, "(" + ".".repeat(Math.max(0, tokens.length - 2)) + ")"));
        }
        return out;
      }, CompletableFuture.delayedExecutor(3, java.util.concurrent.TimeUnit.MILLISECONDS));
    }
  }
}
