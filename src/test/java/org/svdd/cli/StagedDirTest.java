package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDirTest {
  @TempDir Path dir;

  /** A model directory as an earlier training left it, with a value network trained beside it. */
  private Path earlierModel() throws IOException {
    Path model = dir.resolve("model");
    Files.createDirectories(model.resolve("data"));
    Files.createDirectories(model.resolve("value-rna-mfe"));
    Files.writeString(model.resolve("model.properties"), "old");
    Files.writeString(model.resolve("denoiser-0000.params"), "old weights");
    Files.writeString(model.resolve("denoiser-0001.params"), "older weights, numbered on by DJL");
    Files.writeString(model.resolve("data/train.fa"), "old split");
    Files.writeString(model.resolve("value-rna-mfe/value.properties"), "kept");
    return model;
  }

  private static List<String> listing(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p) + "=" + read(p)).sorted().toList();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aCommittedRun_replacesWhatItWrote_dropsOtherEpochsOfItsWeights_andKeepsTheRest() throws IOException {
    Path model = earlierModel();
    try (StagedDir staged = StagedDir.in(model)) {
      Files.createDirectories(staged.path().resolve("data"));
      Files.writeString(staged.path().resolve("data/train.fa"), "new split");
      Files.writeString(staged.path().resolve("denoiser-0000.params"), "new weights");
      Files.writeString(staged.path().resolve("model.properties"), "new");
      Files.writeString(staged.path().resolve("MODEL_CARD.md"), "card");
      staged.commit();
    }
    assertEquals(List.of("MODEL_CARD.md=card", "data/train.fa=new split", "denoiser-0000.params=new weights",
        "model.properties=new", "value-rna-mfe/value.properties=kept"), listing(model));
  }

  @Test
  void aRunStoppedBeforeItsCommit_leavesTheDirectoryAsItWas() throws IOException {
    Path model = earlierModel();
    List<String> before = listing(model);
    try (StagedDir staged = StagedDir.in(model)) {
      Files.createDirectories(staged.path().resolve("data"));
      Files.writeString(staged.path().resolve("data/train.fa"), "new split"); // written at the start of training
      Files.writeString(staged.path().resolve("denoiser-0000.params"), "half");
    }
    assertEquals(before, listing(model));
    try (var entries = Files.list(model)) {
      assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith(".svdd-partial")), "no staging left");
    }
  }

  @Test
  void aNewDirectory_isNotLeftBehindEmpty_byARunThatFailed() throws IOException {
    Path fresh = dir.resolve("a/new-model");
    try (StagedDir staged = StagedDir.in(fresh)) {
      Files.writeString(staged.path().resolve("model.properties"), "x");
    }
    assertFalse(Files.exists(fresh));
  }

  /** A full disk is told apart however deep a save wraps it; other failures are not. */
  @Test
  void diskFull_isFoundAmongTheCauses() {
    java.io.IOException full = new java.io.IOException("No space left on device");
    Path model = Path.of("/data/models/mine");
    Exception deep = new IllegalStateException("saving failed", new java.io.UncheckedIOException(full));
    assertTrue(StagedDir.orDiskFull(deep, model, "model") != deep, "found under two wrappers");
    Exception quota = new java.io.IOException("Disk quota exceeded");
    assertTrue(StagedDir.orDiskFull(quota, model, "model") != quota);
    Exception denied = new java.io.IOException("Permission denied", new RuntimeException((String) null));
    assertTrue(StagedDir.orDiskFull(denied, model, "model") == denied);
    Exception named = StagedDir.orDiskFull(new java.io.UncheckedIOException(full), model, "value network");
    assertEquals("cannot write the value network into /data/models/mine: its disk is full (No space left on "
        + "device); /data/models/mine is left as it was", named.getMessage());
    IllegalStateException other = new IllegalStateException("no rollout could be scored");
    assertTrue(StagedDir.orDiskFull(other, model, "value network") == other, "any other failure goes on as it is");
  }
}
