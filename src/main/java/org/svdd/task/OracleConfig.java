package org.svdd.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.svdd.oracle.PoolSettings;

/** Reads an oracle's process pool settings from {@code svdd.reward.<name>}; errors name the key. */
public final class OracleConfig {
  private OracleConfig() {}

  /**
   * A task's classifier of {@code role} (guide or judge): the directory configured as
   * svdd.reward.classifier.{role}, or the bundled {@code classifier-<role>} in {@code modelDir}.
   */
  public static java.nio.file.Path classifierDir(Config config, java.nio.file.Path modelDir, String role) {
    String configured = config.getString("svdd.reward.classifier." + role);
    return configured.isBlank() ? modelDir.resolve("classifier-" + role) : java.nio.file.Path.of(configured);
  }

  /** {@code binary}, {@code processes} (0: one per core), {@code timeout}, {@code retries}. */
  public static PoolSettings pool(Config config, String name) {
    String path = "svdd.reward." + name;
    try {
      Config c = config.getConfig(path);
      return new PoolSettings(c.getString("binary"), perCore(c, "processes"), c.getDuration("timeout"),
          c.getInt("retries"));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration " + path + ": " + e.getMessage(), e);
    }
  }

  /** A count of which 0 means one per core; a negative one is refused naming the key. */
  public static int perCore(Config c, String key) {
    int n = c.getInt(key);
    if (n < 0) {
      throw new IllegalArgumentException(key + " must be 0 (one per core) or more, got " + n);
    }
    return n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
