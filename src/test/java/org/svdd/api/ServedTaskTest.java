package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.task.molecule.MoleculeTask;

class ServedTaskTest {
  private static final Vocabulary V = Vocabulary.ofCharacters("CO");

  @Test
  void checkReward_nodeForOneReward_refusesTheOthersNamingWhatItScores() {
    ServedTask task = new ServedTask("molecules", List.of("vina-abl"), V);
    assertEquals("vina-abl", task.checkReward("vina-abl"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.checkReward("qed"));
    assertEquals("unknown reward 'qed' for task molecules; this service scores [vina-abl]", e.getMessage());
  }

  @Test
  void checkReward_nodeForEveryReward_acceptsTheTasksOwnCheck() {
    MoleculeTask molecules = new MoleculeTask(java.nio.file.Path.of("."));
    ServedTask task = new ServedTask("molecules", molecules.rewards(), V, molecules::checkReward);
    assertEquals("qed", task.checkReward("qed"));
    assertEquals("vina:/r.pdbqt:1,2,3:20,20,20", task.checkReward("vina:/r.pdbqt:1,2,3:20,20,20"));
    assertThrows(IllegalArgumentException.class, () -> task.checkReward("rna-mfe"));
  }
}
