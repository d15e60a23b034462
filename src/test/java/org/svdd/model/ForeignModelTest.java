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
          assertEquals(Double.parseDouble(want[i]), logits[row][i], 0.5 / Quantizer.QUANTUM + 1e-4, format + " row " + row + " value " + i);
        }
      }
    }
  }

  /** The test network with another declared alphabet: its 5 output columns then mean something else. */
  private static Path redeclared(Path dir, String symbols) throws Exception {
    Path root = Path.of(ForeignModelTest.class.getResource("/foreign").toURI());
    Files.createDirectories(dir);
    Files.copy(root.resolve("torchscript/net.pt"), dir.resolve("net.pt"));
    Files.writeString(dir.resolve("model.properties"), "format=torchscript\nsymbols=" + symbols + "\nlength=16\nfile=net.pt\n");
    return dir;
  }

  @org.junit.jupiter.api.Test
  void load_outputOfTheWrongWidth_isRefusedAtLoadInOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path model = redeclared(dir.resolve("narrow"), "AC");
    InvalidModelException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidModelException.class,
        () -> ModelFiles.load(model));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("does not fit its model.properties")
        && e.getMessage().contains("model output has shape (1, 16, 5), expected (1, 16, 3)"), e.getMessage());
  }

  /** MDLM's denoisers also output the mask class: [B, L, K + 2] with K symbols; the last column is ignored. */
  @org.junit.jupiter.api.Test
  void load_mdlmOutputWithTheMaskColumn_dropsThatColumn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path root = Path.of(ForeignModelTest.class.getResource("/foreign").toURI());
    List<String> expected = Files.readAllLines(root.resolve("expected.txt"));
    int[] tokens = Arrays.stream(expected.get(0).split(" ")).mapToInt(Integer::parseInt).toArray();
    String[] torch = expected.get(2).split(" ");
    try (DiffusionModel model = ModelFiles.load(redeclared(dir.resolve("mdlm"), "ACG"))) {
      float[] logits = model.newDenoiser(2).predict(List.of(new DenoiseInput(new TokenState(tokens), 0.5)))[0];
      assertEquals(16 * 4, logits.length, "symbols A C G and pad; the mask column is dropped");
      for (int position = 0; position < 16; position++) {
        for (int c = 0; c < 4; c++) {
          assertEquals(Double.parseDouble(torch[position * 5 + c]), logits[position * 4 + c],
              0.5 / Quantizer.QUANTUM + 1e-4, "position " + position + " class " + c);
        }
      }
    }
  }
}
