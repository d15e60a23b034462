package org.svdd.task.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.model.InvalidModelException;
import org.svdd.oracle.GreyImage;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TaskRegistry;
import org.svdd.testing.IdxFiles;

/** The fashion task: image designs as text and PNG files, its data split, and what it refuses. */
class FashionTaskTest {
  @TempDir Path dir;
  private final FashionTask task = (FashionTask) TaskRegistry.named("fashion", Path.of("."));
  private final ImageCodec codec = new ImageCodec(28, 28);

  private static FloatState ramp(float offset) {
    float[] v = new float[784];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(-1, Math.min(1, (i % 28) / 13.5f - 1 + offset));
    }
    return new FloatState(v, 0);
  }

  @Test
  void designText_roundTripsThe8BitImage() {
    String text = codec.text(ramp(0));
    assertTrue(text.startsWith("28x28:"), text);
    FloatState back = codec.parse(text, 784);
    assertEquals(text, codec.text(back), "text → state → text is the identity");
    assertEquals(GreyImage.of(ramp(0), 28, 28), codec.image(text));
  }

  @Test
  void badDesignText_isRefusedNamingTheProblem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse("ACGU", 784)).getMessage()
        .contains("not a 28x28 image design"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse("28x28:!!!", 784)).getMessage()
        .contains("not base64"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse("28x28:AAAA", 784)).getMessage()
        .contains("holds 3 pixels"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse(codec.text(ramp(0)), 96)).getMessage()
        .contains("not 96"));
  }

  @Test
  void designsFiles_roundTrip_andABadLineIsNamed() throws IOException {
    List<SequenceFiles.Entry> designs = List.of(new SequenceFiles.Entry("a", codec.text(ramp(0))),
        new SequenceFiles.Entry("b", codec.text(ramp(0.5f))));
    task.writeDesigns(dir, "set", designs);
    assertEquals(designs, task.readDesigns(dir.resolve("set.tsv")));
    Files.writeString(dir.resolve("bad.tsv"), "a\t" + codec.text(ramp(0)) + "\nb\t28x28:AAAA\n");
    IOException e = assertThrows(IOException.class, () -> task.readDesigns(dir.resolve("bad.tsv")));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("holds 3 pixels"), e.getMessage());
  }

  @Test
  void outputs_arePngPerDesign_andAGrid() throws IOException {
    List<DesignTask.ScoredDesign> designs = List.of(new DesignTask.ScoredDesign("svdd-0", codec.text(ramp(0)), -0.5),
        new DesignTask.ScoredDesign("svdd-1", codec.text(ramp(0.5f)), -0.4));
    task.writeOutputs(dir, "svdd", designs, null);
    assertArrayEquals(GreyImage.of(ramp(0), 28, 28).png(), Files.readAllBytes(dir.resolve("svdd-0.png")));
    assertTrue(Files.size(dir.resolve("svdd.png")) > 0);
  }

  @Test
  void images_areSplitByImage_andIdxFilesAlsoReadAsDesigns() throws IOException {
    Path file = IdxFiles.rectangles(dir, "train", 50, 28, 1);
    ImageTask.ImageCorpus corpus = task.images(List.of(file), 0.2, 7, -1);
    assertEquals(40, corpus.train().length);
    assertEquals(10, corpus.heldOut().length);
    Set<String> seen = new HashSet<>();
    for (float[][] split : List.of(corpus.train(), corpus.heldOut())) {
      for (float[] image : split) {
        seen.add(java.util.Arrays.toString(image));
      }
    }
    assertEquals(50, seen.size(), "every image lands in exactly one split");
    assertEquals(5, task.images(List.of(file), 0.2, 7, 5).train().length, "--limit caps the training images");
    assertEquals(50, task.readDesigns(file).size());
    IOException e = assertThrows(IOException.class, () -> task.images(List.of(dir.resolve("train.fa")), 0.1, 1, -1));
    assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
    Path small = IdxFiles.rectangles(dir, "small", 4, 8, 1);
    e = assertThrows(IOException.class, () -> task.images(List.of(small), 0.1, 1, -1));
    assertTrue(e.getMessage().contains("8 x 8 images"), e.getMessage());
  }

  @Test
  void aMaskedModel_isRefusedNamingTheTask() {
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> task.checkModel(Path.of("models/trna"), new MaskedDiffusion(Vocabulary.rna(), 96)));
    assertTrue(e.getMessage().contains("not a Gaussian model of 28 x 28 images, which task fashion needs"), e.getMessage());
  }

  @Test
  void diversity_isZeroForCopies_andGrowsWithDifference() {
    String a = codec.text(ramp(0));
    DesignSetMetrics same = task.measure(List.of(a, a), List.of(), dir);
    assertEquals(0, same.diversity(), 0);
    assertEquals(0.5, same.uniqueness(), 0);
    DesignSetMetrics apart = task.measure(List.of(a, codec.text(ramp(0.5f))), List.of(), dir);
    assertTrue(apart.diversity() > 0.1 && apart.diversity() < 0.5, "diversity " + apart.diversity());
  }
}
