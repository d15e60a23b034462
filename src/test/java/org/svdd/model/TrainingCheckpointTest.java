package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.NoiseSchedule;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;

/**
 * A training stopped after an epoch and run again from its checkpoint ends with the weights of one that never
 * stopped: every piece of state (weights, their average, Adam's moments and step, the dropout stream, the
 * learning-rate schedule's position) comes back, and a checkpoint of another training is refused.
 */
class TrainingCheckpointTest {
  private static final Vocabulary RNA = Vocabulary.rna();
  private static final Map<String, String> IDENTITY = Map.of("training", "test", "data", "stems");

  @TempDir Path dir;

  /** What a stop after an epoch looks like from inside: the progress report is where the run ends. */
  private static final class Stop extends RuntimeException {}

  private static List<TokenState> data() {
    List<TokenState> data = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      data.add(RNA.encode("GGGCAAAGCCC".repeat(1 + i % 2) + "ACGU".substring(0, i % 4), 32));
    }
    return data;
  }

  /** All the weights of a block, in order. */
  private static List<float[]> weights(Block block) {
    List<float[]> all = new ArrayList<>();
    block.getParameters().forEach(p -> all.add(p.getValue().getArray().toFloatArray()));
    return all;
  }

  private static void assertSameWeights(List<float[]> expected, List<float[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), 0f, "parameter " + i);
    }
  }

  @Test
  void sequenceTraining_stoppedAndRunAgain_endsWithTheWeightsOfOneThatDidNotStop() {
    // dropout, a cosine schedule with warm-up and a weight average: every kind of state a run carries
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 16, 2, 3, NetworkConfig.CNN, 1, 0.2f);
    TrainingSettings settings = new TrainingSettings(5, 8, 0.01f, 7, true, 0.9);
    List<TokenState> held = data().subList(0, 6);
    List<MdlmTrainer.EpochReport> straight = new ArrayList<>();
    List<float[]> expected;
    TrainingCheckpoint once = new TrainingCheckpoint(dir.resolve("once"), IDENTITY);
    try (DiffusionModel model = MdlmTrainer.train(data(), held, RNA, config, settings, null, once, straight::add)) {
      expected = weights(model.djlModel().getBlock());
    }
    assertEquals(5, once.epochsDone(), "the last epoch's state is kept until the caller has written the model");

    TrainingCheckpoint stopped = new TrainingCheckpoint(dir.resolve("stopped"), IDENTITY);
    List<MdlmTrainer.EpochReport> first = new ArrayList<>();
    assertThrows(Stop.class, () -> MdlmTrainer.train(data(), held, RNA, config, settings, null, stopped, r -> {
      first.add(r);
      if (r.epoch() == 2) {
        throw new Stop();
      }
    }));
    assertEquals(2, stopped.epochsDone());
    double trainedBefore = stopped.trainedSeconds();
    assertTrue(trainedBefore > 0, "the time trained is kept with the state");
    List<MdlmTrainer.EpochReport> again = new ArrayList<>();
    try (DiffusionModel model = MdlmTrainer.train(data(), held, RNA, config, settings, null, stopped, again::add)) {
      assertSameWeights(expected, weights(model.djlModel().getBlock()));
    }
    assertEquals(straight, again, "the epochs done before the stop are reported again, then the rest");
    assertTrue(stopped.trainedSeconds() > trainedBefore, "the time counts on from the earlier runs'");
    assertEquals(straight.subList(0, 2), first);
  }

  @Test
  void imageTraining_stoppedAndRunAgain_endsWithTheWeightsOfOneThatDidNotStop() {
    int side = 8;
    GaussianDiffusion process = new GaussianDiffusion(side * side, NoiseSchedule.COSINE, 1, -1, 1);
    float[][] images = new float[32][side * side];
    java.util.Random random = new java.util.Random(3);
    for (float[] image : images) {
      for (int i = 0; i < image.length; i++) {
        image[i] = random.nextFloat() * 2 - 1;
      }
    }
    TrainingSettings settings = new TrainingSettings(3, 8, 0.003f, 2, false, 0.5);
    // 16 channels fill oneDNN's channel blocks: with part-filled ones this libtorch now and then computes a wrong
    // gradient on some CPUs (README, "Training on a CPU"), and two unstopped runs could differ as well
    int base = 16;
    List<float[]> expected;
    try (Model model = DdpmTrainer.train(images, new float[0][], side, side, base, process, settings,
        new TrainingCheckpoint(dir.resolve("once"), IDENTITY), r -> {})) {
      expected = weights(model.getBlock());
    }
    TrainingCheckpoint stopped = new TrainingCheckpoint(dir.resolve("stopped"), IDENTITY);
    assertThrows(Stop.class, () -> DdpmTrainer.train(images, new float[0][], side, side, base, process, settings, stopped,
        r -> {
          throw new Stop();
        }));
    assertEquals(1, stopped.epochsDone());
    try (Model model = DdpmTrainer.train(images, new float[0][], side, side, base, process, settings, stopped, r -> {})) {
      assertSameWeights(expected, weights(model.getBlock()));
    }
  }

  @Test
  void aCheckpointOfAnotherTraining_isRefused_namingWhatDiffers() {
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 8, 1, 3);
    TrainingSettings settings = new TrainingSettings(2, 8, 0.01f, 1);
    Path kept = dir.resolve("kept");
    assertThrows(Stop.class, () -> MdlmTrainer.train(data(), List.of(), RNA, config, settings, null,
        new TrainingCheckpoint(kept, IDENTITY), r -> {
          throw new Stop();
        }));
    TrainingCheckpoint other = new TrainingCheckpoint(kept, Map.of("training", "test", "data", "loops"));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> MdlmTrainer.train(data(), List.of(), RNA, config, settings, null, other, r -> {}));
    assertEquals(kept + " keeps 1 epoch(s) of another training (data: stems there, loops here): run that training's "
        + "command again to finish it, or delete " + kept + " to train from the start", refused.getMessage());
    assertEquals(1, new TrainingCheckpoint(kept, IDENTITY).epochsDone(), "the refused run leaves the state alone");
  }

  @Test
  void aStateBeingSavedWhenTheRunStops_leavesThePreviousEpochsStateWhole() throws Exception {
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 8, 1, 3);
    Path kept = dir.resolve("kept");
    TrainingCheckpoint checkpoint = new TrainingCheckpoint(kept, IDENTITY);
    assertThrows(Stop.class, () -> MdlmTrainer.train(data(), List.of(), RNA, config,
        new TrainingSettings(3, 8, 0.01f, 1), null, checkpoint, r -> {
          if (r.epoch() == 2) {
            throw new Stop();
          }
        }));
    // the next epoch's files half written (as a kill while saving leaves them): the state names epoch 2's
    Files.writeString(kept.resolve("weights-0003.bin.part"), "half");
    Files.writeString(kept.resolve("checkpoint.properties.next"), "epochs.done=3\n");
    assertEquals(2, checkpoint.epochsDone());
    try (DiffusionModel model = MdlmTrainer.train(data(), List.of(), RNA, config, new TrainingSettings(3, 8, 0.01f, 1),
        null, checkpoint, r -> {})) {
      assertEquals(3, checkpoint.epochsDone());
    }
    checkpoint.delete();
    assertFalse(Files.exists(kept));
  }

  /** A kept state edited or damaged is refused, naming the file and how to start over, not half read. */
  @Test
  void aDamagedState_isRefused_namingTheFileAndHowToStartOver() throws Exception {
    NetworkConfig config = new NetworkConfig(32, RNA.inputSize(), RNA.cleanSize(), 8, 1, 3);
    TrainingSettings settings = new TrainingSettings(3, 8, 0.01f, 1);
    Path kept = dir.resolve("kept");
    TrainingCheckpoint checkpoint = new TrainingCheckpoint(kept, IDENTITY);
    assertThrows(Stop.class, () -> MdlmTrainer.train(data(), List.of(), RNA, config, settings, null, checkpoint, r -> {
      throw new Stop();
    }));
    Path state = kept.resolve("checkpoint.properties");
    String whole = Files.readString(state);
    Files.writeString(state, whole.replaceFirst("(?m)^history\\.1=.*$", "history.1=lost"));
    IllegalArgumentException edited = assertThrows(IllegalArgumentException.class, checkpoint::epochsDone);
    assertTrue(edited.getMessage().startsWith(state + " cannot be read as a training's kept state (")
        && edited.getMessage().endsWith("): delete " + kept + " to train from the start"), edited.getMessage());

    Files.writeString(state, whole);
    Files.write(kept.resolve("means-0001.bin"), new byte[] {0, 0, 0, 9});
    IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class,
        () -> MdlmTrainer.train(data(), List.of(), RNA, config, settings, null, checkpoint, r -> {}));
    assertTrue(damaged.getMessage().startsWith(kept.resolve("means-0001.bin") + " cannot be read as a training's kept "
        + "state (") && damaged.getMessage().contains("9 arrays"), damaged.getMessage());
  }

  /** Without a checkpoint the optimiser trains as DJL's Adam does, step for step. */
  @Test
  void resumableAdam_updatesAsDjlsAdam() {
    Tracker rate = Tracker.fixed(0.05f);
    List<float[]> djl = linearAfterSteps(Optimizer.adam().optLearningRateTracker(rate).build());
    List<float[]> ours = linearAfterSteps(new ResumableAdam(rate));
    assertSameWeights(djl, ours);
    assertTrue(djl.get(0)[0] != 1f, "the steps moved the weights");
  }

  private static List<float[]> linearAfterSteps(Optimizer optimizer) {
    try (Model model = Model.newInstance("adam")) {
      Linear block = Linear.builder().setUnits(2).build();
      block.setInitializer(new ai.djl.training.initializer.ConstantInitializer(1f), Parameter.Type.WEIGHT);
      model.setBlock(block);
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
        trainer.initialize(new Shape(2, 3));
        for (int step = 0; step < 7; step++) {
          try (GradientCollector collector = trainer.newGradientCollector()) {
            ai.djl.ndarray.NDArray x = trainer.getManager().create(new float[] {1, -2, 3, step, 0.5f, -1}, new Shape(2, 3));
            collector.backward(trainer.forward(new NDList(x)).singletonOrThrow().square().sum());
          }
          trainer.step();
        }
        return weights(block);
      }
    }
  }
}
