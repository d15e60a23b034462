package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

  /** A process that runs until destroyed: a JVM (a source file launched by {@code java}) or {@code sleep}. */
  private Process running(boolean jvm) throws IOException {
    if (!jvm) {
      return new ProcessBuilder("sleep", "120").start();
    }
    Path source = Files.writeString(dir.resolve("Wait.java"),
        "class Wait { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString())
        .start();
  }

  @Test
  void aDirectoryAnotherRunIsWritingNow_isRefused_andLeftAsItIs() throws Exception {
    Path model = earlierModel();
    Process other = running(true);
    try {
      Path folder = Files.createDirectory(model.resolve(StagingFolders.PREFIX + other.pid() + "-123"));
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StagedDir.in(model));
      assertEquals(model + " is being written by another svdd run (process " + other.pid() + ", into "
          + folder.getFileName() + "): wait for it to end or stop it, or give another --out", refused.getMessage());
      assertTrue(Files.isDirectory(folder), "its folder stays");
      other.destroyForcibly().waitFor();
      try (StagedDir staged = StagedDir.in(model)) {
        assertTrue(Files.isDirectory(staged.path()), "once it has ended the directory is free");
      }
    } finally {
      other.destroyForcibly();
    }
  }

  /** A folder whose process id now names another program (a reused id) is not taken for a run writing. */
  @Test
  void aFolderWhoseProcessIsNoJvm_doesNotRefuse() throws Exception {
    Path model = earlierModel();
    Process sleep = running(false);
    try {
      Files.createDirectory(model.resolve(StagingFolders.PREFIX + sleep.pid() + "-123"));
      Files.createDirectory(model.resolve(StagingFolders.PREFIX + ProcessHandle.current().pid() + "-456"));
      try (StagedDir staged = StagedDir.in(model)) {
        assertTrue(Files.isDirectory(staged.path()));
      }
    } finally {
      sleep.destroyForcibly();
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
