package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class OracleConfigTest {
  private static Config rnafold(String processes) {
    return ConfigFactory.parseString("svdd.reward.rnafold.processes = " + processes).withFallback(ConfigFactory.load());
  }

  @Test
  void pool_processes_zeroIsOnePerCore_aCountIsKept() {
    assertEquals(Runtime.getRuntime().availableProcessors(), OracleConfig.pool(rnafold("0"), "rnafold").processes());
    assertEquals(3, OracleConfig.pool(rnafold("3"), "rnafold").processes());
  }

  @Test
  void pool_negativeProcesses_isRefusedNotReplacedByOnePerCore() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OracleConfig.pool(rnafold("-2"), "rnafold"));
    assertEquals("configuration svdd.reward.rnafold: processes must be 0 (one per core) or more, got -2", e.getMessage());
  }
}
