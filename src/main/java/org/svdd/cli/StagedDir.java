package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.svdd.oracle.ScratchDirs;

/**
 * A directory written as one change: a long run (training a model) writes into a hidden folder inside it, whose
 * files are moved in at the end, each replacing the file of its name. A run stopped midway (Ctrl-C, a kill, a
 * failure) leaves the directory as it was: a model being replaced keeps its data, weights and card together,
 * never the new held-out split beside the old weights. What the run does not write (a model's value networks and
 * classifiers) stays.
 */
final class StagedDir implements AutoCloseable {
  /** DJL's weight files, {@code NAME-EPOCH.params}: a new one replaces every epoch of its name. */
  private static final Pattern WEIGHTS = Pattern.compile("(.+)-\\d{4}\\.params");
  private final Path target;
  private final Path staging;
  /** Whether {@link #in} created the target: a run that commits nothing then leaves no empty folder behind. */
  private final boolean created;
  private boolean committed;

  /** What a signal that stops the run before its commit has it say ({@link StopNotice}). */
  private volatile String stopNotice;

  private StagedDir(Path target, Path staging, boolean created) {
    this.target = target;
    this.staging = staging;
    this.created = created;
    this.stopNotice = "svdd: stopped before its end; nothing was written: " + target + (created ? " was not made"
        : " is as it was") + " (a training writes its files only when it ends).";
  }

  /**
   * From now on a stop before the commit says {@code kept} (where the run keeps what it did so far) after saying
   * that the target is as it was.
   */
  void stopNoticeKeeping(String kept) {
    String notice = "svdd: stopped before its end; " + target + (created ? " was not made" : " is as it was") + "; "
        + kept;
    StopNotice.replace(stopNotice, notice);
    stopNotice = notice;
  }

  /**
   * Creates {@code target} if needed and a staging folder in it, removed at exit unless committed, with the target
   * if this made it and nothing was committed; a stop meanwhile says so as the JVM exits. Refuses a target another
   * svdd run is writing into now.
   */
  static StagedDir in(Path target) throws IOException {
    if (Files.isDirectory(target)) {
      StagingFolders.LiveRun other = StagingFolders.ofAnotherLiveRun(target).orElse(null);
      if (other != null) {
        throw new IllegalArgumentException(target + " is being written by another svdd run (process " + other.pid()
            + ", into " + other.folder().getFileName() + "): wait for it to end or stop it, or give another --out");
      }
    }
    boolean created = !Files.exists(target);
    Files.createDirectories(target);
    if (created) {
      ScratchDirs.removeIfLeftEmpty(target);
    }
    Path staging = StagingFolders.create(target);
    ScratchDirs.adopt(staging);
    StagedDir staged = new StagedDir(target, staging, created);
    StopNotice.set(staged.stopNotice);
    return staged;
  }

  /**
   * The message of the deepest cause of {@code e} that says a disk is full (which the JDK says without naming a
   * file; a wrapper repeats it behind a class name), or null.
   */
  private static String diskFullMessage(Throwable e) {
    String found = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
        found = message;
      }
    }
    return found;
  }

  /**
   * {@code e}, or when it says a disk is full (without a path, from deep inside a save) a failure naming what was
   * written and where, and that the folder is left as it was.
   */
  static Exception orDiskFull(Exception e, Path target, String what) {
    String full = diskFullMessage(e);
    return full == null ? e : new IOException("cannot write the " + what + " into " + target + ": its disk is full ("
        + full + "); " + target + " is left as it was", e);
  }

  /** Where the run writes. */
  Path path() {
    return staging;
  }

  /** Moves every file written into the target, under the same relative path, replacing what is there. */
  void commit() throws IOException {
    ScratchDirs.release(staging);
    ScratchDirs.release(target);
    StopNotice.clear(stopNotice);
    committed = true;
    List<Path> files;
    try (var walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      Path destination = target.resolve(staging.relativize(file).toString());
      Files.createDirectories(destination.getParent());
      Matcher weights = WEIGHTS.matcher(destination.getFileName().toString());
      if (weights.matches()) {
        try (var old = Files.newDirectoryStream(destination.getParent(), weights.group(1) + "-*.params")) {
          for (Path epoch : old) {
            Files.delete(epoch);
          }
        }
      }
      Files.move(file, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /**
   * Removes the staging folder and whatever is left in it (everything, if the run did not commit), and the target
   * if this made it and nothing was committed.
   */
  @Override
  public void close() {
    StopNotice.clear(stopNotice);
    ScratchDirs.delete(staging);
    ScratchDirs.release(target); // removed now if this made it and it is empty; else kept
    if (created && !committed) {
      try {
        Files.deleteIfExists(target); // only if empty: a folder someone filled meanwhile stays
      } catch (IOException notEmpty) {
        // kept
      }
    }
  }
}
