package org.svdd.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.svdd.core.reward.RewardArchive;
import org.svdd.model.ModelFiles;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskOracles;

/**
 * The oracle each of a task's rewards would be scored with now ({@link org.svdd.core.reward.RewardOracle#identity}:
 * program, version, every setting that changes a score), each opened once, on first ask, and closed at once: what
 * {@code svdd report} compares a kept run's recorded oracles with.
 */
final class OraclesNow {
  private final DesignTask task;
  private final Path modelDir;
  private final Config config;
  private final Map<String, String> identities = new HashMap<>();

  OraclesNow(DesignTask task, Path modelDir, Config config) {
    this.task = task;
    this.modelDir = modelDir;
    this.config = config;
  }

  /** The identity of the oracle of {@code reward} now; "" where it cannot be opened (a run of it would say why). */
  String identity(String reward) {
    return identities.computeIfAbsent(reward, r -> {
      try (TaskOracles oracles = new TaskOracles(task, task.codec(ModelFiles.describe(modelDir).process()), config,
          RewardArchive.NONE, 1, null, modelDir)) {
        return oracles.oracle(r).identity();
      } catch (RuntimeException e) {
        return "";
      }
    });
  }
}
