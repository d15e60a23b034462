package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.TokenState;

/**
 * A user's own network, brought as TorchScript or ONNX (made by tools/make-foreign-models.py with
 * Debian's python3-torch), loads and reproduces the logits torch computed for it.
 */
class ForeignModelTest {

  @ParameterizedTest
  @ValueSource(strings = {"torchscript", "onnx"})
  void load_foreignModel_reproducesTorchLogits(String format) throws Exception {
    Path root = Path.of(ForeignModelTest.class.getResource("/foreign").toURI());
    List<String> expected = Files.readAllLines(root.resolve("expected.txt"));
    List<DenoiseInput> inputs = new ArrayList<>();
    for (int row = 0; row < 2; row++) {
      int[] tokens = Arrays.stream(expected.get(row).split(" ")).mapToInt(Integer::parseInt).toArray();
      inputs.add(new DenoiseInput(new TokenState(tokens), 0.5));
    }
    try (DiffusionModel model = ModelFiles.load(root.resolve(format))) {
      assertEquals(ModelFormat.valueOf(format.toUpperCase()), model.format());
      assertEquals(16, model.length());
      float[][] logits = model.newDenoiser(4).predict(inputs);
      for (int row = 0; row < 2; row++) {
        String[] want = expected.get(2 + row).split(" ");
        assertEquals(want.length, logits[row].length);
        for (int i = 0; i < want.length; i++) {
          assertEquals(Double.parseDouble(want[i]), logits[row][i], 0.5 / DjlDenoiser.QUANTUM + 1e-4, format + " row " + row + " value " + i);
        }
      }
    }
  }
}
