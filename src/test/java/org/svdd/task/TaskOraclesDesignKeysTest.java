package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.ValueEstimator;
import org.svdd.core.reward.DesignKeys;
import org.svdd.task.molecule.MoleculeCodec;

/** The keys a coordinator groups designs by are the ones the reward nodes' caches answer by. */
class TaskOraclesDesignKeysTest {
  private static final Vocabulary SELFIES = new Vocabulary(List.of("[C]", "[O]", "[N]"));
  private static final DesignKeys KEYS = TaskOracles.designKeys(new MoleculeCodec(SELFIES));

  @Test
  void twoTokenStringsOfOneMolecule_shareAKey_anotherMoleculeDoesNot() {
    Function<State, ?> key = KEYS.forReward("vina-abl");
    State cco = SELFIES.encode("[C][C][O]", 6);
    State occ = SELFIES.encode("[O][C][C]", 6);
    State ccn = SELFIES.encode("[C][C][N]", 6);
    assertNotEquals(cco, occ, "two spellings");
    assertEquals(org.svdd.task.molecule.Molecules.canonical("CCO"), key.apply(cco), "canonical SMILES");
    assertEquals(key.apply(cco), key.apply(occ), "ethanol either way");
    assertNotEquals(key.apply(cco), key.apply(ccn));
  }

  @Test
  void aValueNetwork_valuesTheNoisyStateItself() {
    Function<State, ?> key = KEYS.forReward(ValueEstimator.valueNetworkOf("vina-abl"));
    State cco = SELFIES.encode("[C][C][O]", 6);
    State occ = SELFIES.encode("[O][C][C]", 6);
    assertEquals(cco, key.apply(cco));
    assertNotEquals(key.apply(cco), key.apply(occ), "two states, two values");
  }
}
