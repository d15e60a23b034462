package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code svdd results} prints, one {@link DesignTask#designRecord} per design, the task's own reader reads
 * back: names (as svdd writes them beside a reward) and designs intact, so {@code eval --designs -} takes it.
 */
class DesignRecordTest {
  @TempDir Path dir;

  static List<Arguments> designs() {
    return List.of(Arguments.of("trna", "GGGGAAAACCCC", "UUUUGGGGCCCCAAAA"),
        Arguments.of("promoter", "ACGTACGTACGT", "TTTTAAAACCCCGGGG"),
        Arguments.of("molecules", "CCO", "O=C(O)c1ccccc1OC(=O)C"),
        Arguments.of("fashion", image(-1f), image(0.5f)));
  }

  private static String image(float grey) {
    float[] pixels = new float[784];
    java.util.Arrays.fill(pixels, grey);
    return new org.svdd.task.image.ImageCodec(28, 28).text(new org.svdd.core.diffusion.FloatState(pixels, 0));
  }

  @ParameterizedTest
  @MethodSource("designs")
  void designRecords_readBackByTheTask(String name, String first, String second) throws IOException {
    DesignTask task = TaskRegistry.named(name, Path.of(System.getProperty("svdd.home", ".")));
    String text = task.designRecord("svdd-0 reward=1.50", first) + task.designRecord("svdd-1 reward=-0.25", second);
    Path file = Files.writeString(dir.resolve("printed"), text);
    List<SequenceFiles.Entry> read = task.readDesigns(file);
    assertEquals(List.of(first, second), read.stream().map(SequenceFiles.Entry::sequence).toList(), text);
    assertEquals(List.of("svdd-0", "svdd-1"),
        read.stream().map(e -> SequenceFiles.withoutReward(e.name())).toList(), "the names, their rewards aside");
  }

  /**
   * The dashboard saves that text as {@code svdd-JOB.EXT} by {@link DesignTask#designExtension}: the file type of the
   * task's own design files, which holds the same records.
   */
  @ParameterizedTest
  @MethodSource("designs")
  void designExtension_isTheFileWriteDesignsWrites_holdingTheSameRecords(String name, String first, String second)
      throws IOException {
    DesignTask task = TaskRegistry.named(name, Path.of(System.getProperty("svdd.home", ".")));
    task.writeDesigns(dir, "set", List.of(new SequenceFiles.Entry("svdd-0", first), new SequenceFiles.Entry("svdd-1", second)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("set." + task.designExtension()), files.map(f -> f.getFileName().toString()).toList());
    }
    assertEquals(task.designRecord("svdd-0", first) + task.designRecord("svdd-1", second),
        Files.readString(dir.resolve("set." + task.designExtension())));
  }
}
