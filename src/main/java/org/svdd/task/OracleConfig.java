package org.svdd.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.svdd.oracle.PoolSettings;

/** Reads an oracle's process pool settings from {@code svdd.reward.<name>}; errors name the key. */
public final class OracleConfig {
  private OracleConfig() {}

  /** {@code binary}, {@code processes} (0: one per core), {@code timeout}, {@code retries}. */
  public static PoolSettings pool(Config config, String name) {
    String path = "svdd.reward." + name;
    try {
      Config c = config.getConfig(path);
      int processes = c.getInt("processes");
      return new PoolSettings(c.getString("binary"),
          processes > 0 ? processes : Runtime.getRuntime().availableProcessors(), c.getDuration("timeout"),
          c.getInt("retries"));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration " + path + ": " + e.getMessage(), e);
    }
  }
}
