package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.Vocabulary;

/**
 * A sequence denoiser's forward pass, training or sampling, frees everything it makes with its batch: a
 * service runs millions of them on one model, and an array left in the model's manager lives as long as it.
 */
class NetworkMemoryTest {
  private static final Vocabulary RNA = Vocabulary.rna();

  @ParameterizedTest
  @ValueSource(strings = {NetworkConfig.CNN, NetworkConfig.HYBRID, NetworkConfig.TRANSFORMER})
  void forwardPasses_leaveNothingInTheModelsManager(String architecture) {
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 5, 3, architecture, 4,
        architecture.equals(NetworkConfig.TRANSFORMER) ? 0 : 0.1f);
    try (Model model = Model.newInstance("memory")) {
      Block block = config.block();
      model.setBlock(block);
      block.initialize(model.getNDManager(), DilatedResidualCnn.parameterType(), config.inputShape(2));
      int before = model.getNDManager().getManagedArrays().size();
      for (boolean training : new boolean[] {false, true, false, true}) {
        try (NDManager m = model.getNDManager().newSubManager()) {
          block.forward(new ParameterStore(m, false), new NDList(m.zeros(config.inputShape(2))), training);
        }
      }
      assertEquals(before, model.getNDManager().getManagedArrays().size(), "arrays left in the model's manager");
    }
  }
}
