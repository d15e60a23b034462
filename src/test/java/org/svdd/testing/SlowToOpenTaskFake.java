package org.svdd.testing;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.reward.RewardOracle;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TrainingCorpus;

/** Test fake: a task of one reward whose oracle takes until {@link #open} to start. */
public final class SlowToOpenTaskFake implements DesignTask {
  public final CountDownLatch open = new CountDownLatch(1);
  public final AtomicInteger opened = new AtomicInteger();
  public final HeldOracleFake oracle = new HeldOracleFake();
  /** What opening returns: {@link #oracle} unless a test says otherwise. */
  public volatile RewardOracle opens = oracle;

  @Override
  public String name() {
    return "slow";
  }

  @Override
  public List<String> rewards() {
    return List.of("dock");
  }

  @Override
  public RewardOracle openReward(String reward, DesignCodec codec, Config config) {
    opened.incrementAndGet();
    try {
      open.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return opens;
  }

  private static UnsupportedOperationException unused() {
    return new UnsupportedOperationException("not used by this fake");
  }

  @Override
  public Path modelDir() {
    throw unused();
  }

  @Override
  public Path reference() {
    throw unused();
  }

  @Override
  public void checkModel(Path modelDir, DiffusionProcess process) {
    throw unused();
  }

  @Override
  public DesignCodec codec(DiffusionProcess process) {
    throw unused();
  }

  @Override
  public List<SequenceFiles.Entry> readDesigns(Path file) {
    throw unused();
  }

  @Override
  public void writeDesigns(Path dir, String name, List<SequenceFiles.Entry> designs) {
    throw unused();
  }

  @Override
  public void writeOutputs(Path dir, String method, List<DesignTask.ScoredDesign> designs, RewardOracle oracle,
      java.util.function.LongConsumer designsDone) {
    throw unused();
  }

  @Override
  public TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed) {
    throw unused();
  }

  @Override
  public DesignSetMetrics measure(List<String> designs, List<String> reference, Path modelDir) {
    throw unused();
  }
}
