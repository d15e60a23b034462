package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

class ModelTest {
  private static final Vocabulary RNA = Vocabulary.rna();
  private static final Path BUNDLED = Path.of(System.getProperty("svdd.home", ".")).resolve("models/trna");

  @TempDir Path dir;

  /** Random partially masked states of the bundled model's length. */
  private static List<DenoiseInput> inputs(int count, int length) {
    MaskedDiffusion diffusion = new MaskedDiffusion(RNA, length);
    List<DenoiseInput> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RandomStream r = RandomStream.of(5, Purpose.CHILD, i);
      StringBuilder s = new StringBuilder();
      for (int j = 0; j < 60 + i % 30; j++) {
        s.append("ACGU".charAt(r.nextInt(4)));
      }
      TokenState clean = RNA.encode(s.toString(), length);
      out.add(new DenoiseInput(diffusion.mask(clean, (i % 10 + 0.5) / 10, r), 0.5));
    }
    return out;
  }

  @Test
  void denoiser_rowOutput_doesNotDependOnBatchCompositionOrSize() {
    try (DiffusionModel model = ModelFiles.load(BUNDLED)) {
      Denoiser denoiser = model.newDenoiser(16);
      List<DenoiseInput> batch = inputs(37, model.length());
      float[][] together = denoiser.predict(batch);
      assertEquals(37, together.length);
      for (int i = 0; i < batch.size(); i += 5) {
        float[] alone = denoiser.predict(List.of(batch.get(i)))[0];
        assertArrayEquals(together[i], alone, "row " + i);
      }
      List<DenoiseInput> reversed = new ArrayList<>(batch);
      java.util.Collections.reverse(reversed);
      float[][] backwards = denoiser.predict(reversed);
      for (int i = 0; i < batch.size(); i++) {
        assertArrayEquals(together[i], backwards[batch.size() - 1 - i]);
      }
    }
  }

  /**
   * A small job's shapes: N·M names the smallest power of two that holds it (up to the configured
   * micro-batch), and in each shape a row's output does not depend on its company or their order.
   */
  @Test
  void denoiser_smallShapes_rowOutputDoesNotDependOnCompany() {
    try (DiffusionModel model = ModelFiles.load(BUNDLED)) {
      Denoiser denoiser = model.newDenoiser(16);
      assertEquals(List.of(1, 2, 4, 4, 8, 16, 16), java.util.stream.IntStream.of(1, 2, 3, 4, 5, 40, Integer.MAX_VALUE)
          .mapToObj(denoiser::microBatchFor).toList());
      List<DenoiseInput> batch = inputs(11, model.length());
      for (int shape : new int[] {1, 2, 4, 8}) {
        float[][] together = denoiser.predict(batch, shape);
        List<DenoiseInput> reversed = new ArrayList<>(batch);
        java.util.Collections.reverse(reversed);
        float[][] backwards = denoiser.predict(reversed, shape);
        for (int i = 0; i < batch.size(); i++) {
          assertArrayEquals(together[i], denoiser.predict(List.of(batch.get(i)), shape)[0], "shape " + shape + ", row " + i + " alone");
          assertArrayEquals(together[i], backwards[batch.size() - 1 - i], "shape " + shape + ", row " + i + " reversed");
        }
      }
      assertThrows(IllegalArgumentException.class, () -> denoiser.predict(batch, 32), "larger than the configured 16");
    }
  }

  @Test
  void bundledModel_predictsRealTrnaBetterThanShuffledSequence() throws IOException {
    try (DiffusionModel model = ModelFiles.load(BUNDLED)) {
      MaskedDiffusion diffusion = new MaskedDiffusion(RNA, model.length());
      String trna = "GCGGAUUUAGCUCAGUUGGGAGAGCGCCAGACUGAAGAUCUGGAGGUCCUGUGUUCGAUCCACAGAAUUCGCACCA";
      List<Character> letters = new ArrayList<>();
      for (char c : trna.toCharArray()) {
        letters.add(c);
      }
      java.util.Collections.shuffle(letters, new java.util.Random(1));
      StringBuilder shuffled = new StringBuilder();
      letters.forEach(shuffled::append);
      double[] ll = new org.svdd.core.diffusion.ElboEstimator(diffusion, model.newDenoiser(16), 16, 64)
          .logLikelihoodPerSymbol(List.of(RNA.encode(trna, model.length()), RNA.encode(shuffled.toString(), model.length())), 1);
      assertTrue(ll[0] > ll[1] + 0.2, "natural " + ll[0] + " vs shuffled " + ll[1]);
    }
  }

  @Test
  void train_saveLoad_roundTripsPredictionsExactly() throws IOException {
    List<TokenState> data = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      data.add(RNA.encode("GGGCAAAGCCC".repeat(1 + i % 2) + "ACGU".substring(0, i % 4), 32));
    }
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 8, 2, 3);
    List<Double> losses = new ArrayList<>();
    Path saved = dir.resolve("tiny");
    float[][] before;
    try (DiffusionModel model = MdlmTrainer.train(data, RNA, config, new TrainingSettings(12, 8, 0.01f, 3),
        report -> losses.add(report.loss()))) {
      ModelFiles.save(model, config, saved);
      before = model.newDenoiser(4).predict(List.of(new DenoiseInput(data.get(0), 1.0)));
    }
    assertEquals(12, losses.size());
    assertTrue(losses.get(11) < losses.get(0), "loss should fall: " + losses);
    assertTrue(Files.isRegularFile(saved.resolve("denoiser-0000.params")));
    try (DiffusionModel loaded = ModelFiles.load(saved)) {
      assertEquals(32, loaded.length());
      assertEquals(RNA, loaded.vocabulary());
      assertArrayEquals(before[0], loaded.newDenoiser(4).predict(List.of(new DenoiseInput(data.get(0), 1.0)))[0]);
    }
  }

  /**
   * The transformer and the hybrid CNN with attention, trained with a cosine schedule and an averaged copy of
   * their weights: the loss falls, the held-out loss is reported each epoch, the averaged weights are what is
   * saved (loading gives the same predictions), and a row's output does not depend on its batch. The hybrid
   * also trained with dropout in its convolutions: kept in the description, and off when predicting.
   */
  @ParameterizedTest
  @ValueSource(strings = {NetworkConfig.TRANSFORMER, NetworkConfig.HYBRID, "hybrid with dropout"})
  void attention_trainWithScheduleAndAverage_saveLoad_batchInvariant(String network) throws IOException {
    String architecture = network.startsWith(NetworkConfig.HYBRID) ? NetworkConfig.HYBRID : network;
    List<TokenState> data = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      data.add(RNA.encode("GGGCAAAGCCC".repeat(1 + i % 2) + "ACGU".substring(0, i % 4), 32));
    }
    float dropout = network.endsWith("dropout") ? 0.1f : 0f;
    NetworkConfig config = architecture.equals(NetworkConfig.HYBRID)
        ? new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 5, 3, NetworkConfig.HYBRID, 4, dropout)
        : new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 2, 1, NetworkConfig.TRANSFORMER, 4);
    List<MdlmTrainer.EpochReport> reports = new ArrayList<>();
    Path saved = dir.resolve("tiny-" + network.replace(' ', '-'));
    List<DenoiseInput> probe = new ArrayList<>();
    MaskedDiffusion diffusion = new MaskedDiffusion(RNA, 32);
    for (int i = 0; i < 9; i++) {
      probe.add(new DenoiseInput(diffusion.mask(data.get(i), 0.1 * (i + 1), RandomStream.of(2, Purpose.CHILD, i)), 0.5));
    }
    float[][] before;
    try (DiffusionModel model = MdlmTrainer.train(data, data.subList(0, 6), RNA, config,
        new TrainingSettings(15, 8, 0.01f, 3, true, 0.9), reports::add)) {
      ModelFiles.save(model, config, saved);
      before = model.newDenoiser(4).predict(probe);
    }
    assertEquals(15, reports.size());
    assertTrue(reports.get(14).loss() < reports.get(0).loss(), "loss should fall: " + reports);
    assertTrue(reports.get(14).heldOutLoss() < reports.get(0).heldOutLoss(), "held-out loss should fall: " + reports);
    assertTrue(Files.readString(saved.resolve("model.properties")).contains("architecture=" + architecture));
    assertEquals(dropout > 0, Files.readString(saved.resolve("model.properties")).contains("dropout=0.1"));
    try (DiffusionModel loaded = ModelFiles.load(saved)) {
      Denoiser denoiser = loaded.newDenoiser(4);
      float[][] after = denoiser.predict(probe);
      for (int i = 0; i < probe.size(); i++) {
        assertArrayEquals(before[i], after[i], "row " + i + " after loading");
        assertArrayEquals(after[i], denoiser.predict(List.of(probe.get(i)))[0], "row " + i + " alone");
      }
    }
  }

  /**
   * Training from a saved model's weights starts where that model stopped: at a learning rate too small to move
   * them, the result predicts as the saved model does, where the same run from random weights does not. A
   * model of another network or other symbols is refused, naming what differs.
   */
  @Test
  void init_startsFromTheSavedWeights_andRefusesAnotherNetwork() throws IOException {
    List<TokenState> data = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      data.add(RNA.encode("GGGCAAAGCCC".repeat(1 + i % 2) + "ACGU".substring(0, i % 4), 32));
    }
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 2, 3);
    List<DenoiseInput> probe = new ArrayList<>();
    MaskedDiffusion diffusion = new MaskedDiffusion(RNA, 32);
    for (int i = 0; i < 6; i++) {
      probe.add(new DenoiseInput(diffusion.mask(data.get(i), 0.15 * (i + 1), RandomStream.of(4, Purpose.CHILD, i)), 0.5));
    }
    Path first = dir.resolve("first");
    float[][] saved;
    try (DiffusionModel model = MdlmTrainer.train(data, RNA, config, new TrainingSettings(4, 8, 0.01f, 1), r -> {})) {
      ModelFiles.save(model, config, first);
      saved = model.newDenoiser(4).predict(probe);
    }
    TrainingSettings still = new TrainingSettings(1, 8, 1e-7f, 2);
    float[][] resumed;
    float[][] fresh;
    try (DiffusionModel model = MdlmTrainer.train(data, List.of(), RNA, config, still, first, r -> {})) {
      resumed = model.newDenoiser(4).predict(probe);
    }
    try (DiffusionModel model = MdlmTrainer.train(data, List.of(), RNA, config, still, null, r -> {})) {
      fresh = model.newDenoiser(4).predict(probe);
    }
    double fromResumed = maxDifference(saved, resumed);
    double fromFresh = maxDifference(saved, fresh);
    assertTrue(fromResumed < 0.1 * fromFresh, "resumed " + fromResumed + " vs fresh " + fromFresh);

    NetworkConfig deeper = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 3, 3);
    InvalidModelException network = assertThrows(InvalidModelException.class,
        () -> MdlmTrainer.train(data, List.of(), RNA, deeper, still, first, r -> {}));
    assertTrue(network.getMessage().contains("2 blocks") && network.getMessage().contains("3 blocks"), network.getMessage());
    Vocabulary dna = Vocabulary.ofCharacters("ACGT");
    List<TokenState> dnaData = List.of(dna.encode("GGGCAAAGCCC", 32));
    InvalidModelException symbols = assertThrows(InvalidModelException.class,
        () -> MdlmTrainer.train(dnaData, List.of(), dna, config, still, first, r -> {}));
    assertTrue(symbols.getMessage().contains("symbols"), symbols.getMessage());
  }

  private static double maxDifference(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }

  /** The hybrid is the CNN plus one attention layer after each cycle of five dilations, and nothing else. */
  @Test
  void hybrid_addsOneAttentionLayerPerCycleOfDilations() {
    NetworkConfig cnn = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 10, 3);
    NetworkConfig hybrid = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 10, 3, NetworkConfig.HYBRID, 4);
    assertEquals(List.of(4, 9), IntStream.range(0, 10).filter(hybrid::attentionAfter).boxed().toList());
    assertTrue(IntStream.range(0, 10).noneMatch(cnn::attentionAfter));
    // each layer: query, key, value and output projections (16 x 16 weights and 16 biases each), a layer norm (16 + 16)
    assertEquals(parameters(cnn) + 2 * (4 * (16 * 16 + 16) + 2 * 16), parameters(hybrid));
  }

  /** Dropout zeroes part of each residual convolution's output while training, and nothing when predicting. */
  @Test
  void dropout_actsWhileTrainingOnly() {
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 5, 3, NetworkConfig.HYBRID, 4, 0.5f);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = config.block();
      block.initialize(manager, DataType.FLOAT32, config.inputShape(2));
      NDArray x = manager.create(RNA.encode("GGGCAAAGCCC", 32).tokens()).reshape(1, 32).toType(DataType.INT64, false)
          .repeat(0, 2);
      ParameterStore ps = new ParameterStore(manager, false);
      float[] predicting = block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      assertArrayEquals(predicting, block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray());
      float[] training = block.forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
      float[] again = block.forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
      assertFalse(java.util.Arrays.equals(training, again), "two training passes drew the same dropout masks");
    }
  }

  @Test
  void dropout_outsideItsRangeOrOnTheTransformer_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 5, 3, NetworkConfig.HYBRID, 4, 1f));
    assertThrows(IllegalArgumentException.class,
        () -> new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 5, 3, NetworkConfig.CNN, 1, -0.1f));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 2, 1, NetworkConfig.TRANSFORMER, 4, 0.1f));
    assertTrue(e.getMessage().contains("transformer"), e.getMessage());
  }

  private static long parameters(NetworkConfig config) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = config.block();
      block.initialize(manager, DataType.FLOAT32, config.inputShape(2));
      return block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }
  }

  @Test
  void saveLoad_multiCharacterSymbols_areKeptInOrder() throws IOException {
    Vocabulary selfies = new Vocabulary(List.of("[C]", "[=O]", "[Ring1]", "[Branch1]"));
    List<TokenState> data = List.of(selfies.encode("[C][=O]", 6), selfies.encode("[C][Branch1][C][=O][C]", 6));
    NetworkConfig config = new NetworkConfig(6, selfies.inputSize(), selfies.cleanSize(), 4, 1, 3);
    try (DiffusionModel model = MdlmTrainer.train(data, selfies, config, new TrainingSettings(1, 2, 0.01f, 3), r -> {})) {
      ModelFiles.save(model, config, dir);
    }
    assertTrue(Files.readString(dir.resolve("model.properties")).contains("tokens=[C] [\\=O] [Ring1] [Branch1]"));
    assertEquals(selfies, ModelFiles.describe(dir).vocabulary());
  }

  @Test
  void load_duplicateSymbols_areRefusedNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("model.properties"), "format=djl\ntokens=[C] [O] [C]\nlength=8\n");
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.describe(dir));
    assertTrue(e.getMessage().contains("must be distinct"), e.getMessage());
  }

  @Test
  void load_unknownFormat_namesTheAllowedOnes() throws IOException {
    Files.writeString(dir.resolve("model.properties"), "format=keras\nsymbols=ACGU\nlength=8\n");
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.load(dir));
    assertTrue(e.getMessage().contains("format 'keras' is not one of [djl, torchscript, onnx]"), e.getMessage());
  }

  @Test
  void load_foreignFormatWithMissingFile_namesIt() throws IOException {
    Files.writeString(dir.resolve("model.properties"), "format=torchscript\nsymbols=ACGU\nlength=8\nfile=net.pt\n");
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.load(dir));
    assertTrue(e.getMessage().contains(dir.resolve("net.pt") + ", which does not exist"), e.getMessage());
  }

  @Test
  void load_truncatedWeights_failsNamingTheFile() throws IOException {
    Files.copy(BUNDLED.resolve("model.properties"), dir.resolve("model.properties"));
    byte[] weights = Files.readAllBytes(BUNDLED.resolve("denoiser-0000.params"));
    Files.write(dir.resolve("denoiser-0000.params"), java.util.Arrays.copyOf(weights, weights.length / 3));
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.load(dir));
    assertTrue(e.getMessage().startsWith("cannot load weights " + dir.resolve("denoiser-0000.params")), e.getMessage());
    assertTrue(e.getMessage().endsWith(": the weights file ends early (cut short?)"), e.getMessage());
  }
}
