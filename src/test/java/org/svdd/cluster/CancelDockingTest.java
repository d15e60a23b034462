package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.oracle.CachingOracle;
import org.svdd.oracle.RdkitOracle;
import org.svdd.oracle.VinaOracle;
import org.svdd.testing.FactorizedDenoiserFake;

/** A cancelled job stops its docks: real Vina on Debian's Abl receptor, designs that are carbon-oxygen chains. */
class CancelDockingTest {
  private static final Vocabulary CO = Vocabulary.ofCharacters("CO");
  private static final double[][] MOSTLY_CARBON = new double[10][];

  static {
    java.util.Arrays.fill(MOSTLY_CARBON, new double[] {0.8, 0.2, 1e-9});
  }

  @TempDir Path dir;

  @Test
  void cancel_jobWhileDocking_leavesNoVinaRunning() throws Exception {
    VinaOracle.Target abl = org.svdd.testing.AblReceptor.unpack(dir);
    Path receptor = abl.receptor();
    VinaOracle.Settings thorough = new VinaOracle.Settings("vina", "obabel", 2, 32, 1, 42, Duration.ofMinutes(5), 1, 8);
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 64, 10_000, Duration.ofMinutes(5));
    try (VinaOracle vina = new VinaOracle(CO, abl, thorough, new RdkitOracle(CO, RdkitOracle.Score.QED, RdkitOracle.defaults()));
        SamplingEngine engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(CO, 10),
            () -> new FactorizedDenoiserFake(MOSTLY_CARBON), new CachingOracle(vina, 100), settings, new WorkerStats()),
            ConfigFactory.load())) {
      CompletableFuture<JobCoordinator.Event> end = new CompletableFuture<>();
      engine.submit("docking", SamplingPlan.of(Method.SVDD, 2, 3, 0, 2, 5), e -> {
        if (!(e instanceof JobCoordinator.Progress)) {
          end.complete(e);
        }
      });
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      long seen = 0;
      while (seen == 0 && !end.isDone() && System.nanoTime() < deadline) {
        seen = vinaRunning(receptor); // asked once: a short dock may end before a second look
        Thread.sleep(50);
      }
      assertTrue(seen > 0, "the job docks its first children; ended: " + end.getNow(null) + ", vina runs " + vina.vinaRuns());
      engine.cancel("docking");
      assertInstanceOf(JobCoordinator.Cancelled.class, end.get(30, TimeUnit.SECONDS));
      // the docks are killed once the job's withdrawal reaches the reward worker, a moment after the submitter hears
      // Cancelled (and a Vina polls for its ligand's cancel): wait for none to run for half a second
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int quiet = 0;
      while (quiet < 10 && System.nanoTime() < deadline) {
        quiet = vinaRunning(receptor) == 0 ? quiet + 1 : 0;
        Thread.sleep(50);
      }
      assertEquals(0, vinaRunning(receptor), "a cancelled job leaves no Vina running");
      long runs = vina.vinaRuns();
      Thread.sleep(1000);
      assertEquals(runs, vina.vinaRuns(), "no queued dock of the cancelled job starts afterwards");
    }
  }

  private static long vinaRunning(Path receptor) {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains(receptor.toString())).orElse(false)).count();
  }
}
