package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class MoleculeTaskTest {
  @Test
  void vinaSettings_slots_zeroIsOnePerCore_negativeIsRefused() {
    assertEquals(Runtime.getRuntime().availableProcessors(), MoleculeTask.vinaSettings(
        ConfigFactory.parseString("svdd.reward.vina.slots = 0").withFallback(ConfigFactory.load())).slots());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MoleculeTask.vinaSettings(
        ConfigFactory.parseString("svdd.reward.vina.slots = -2").withFallback(ConfigFactory.load())));
    assertEquals("configuration svdd.reward.vina: slots must be 0 (one per core) or more, got -2", e.getMessage());
  }
}
