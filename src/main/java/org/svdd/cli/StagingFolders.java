package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.svdd.oracle.ScratchDirs;

/**
 * The hidden folders results and models are written into before they are moved in ({@code .svdd-partial-PID-…},
 * named by the writing process). A run killed while writing (SIGKILL, the out-of-memory killer, a power cut) leaves
 * its folder behind; the next write into the same directory removes the folders whose process is gone, once they
 * are a minute old (a folder of another machine sharing the directory is not removed while it is being written).
 */
final class StagingFolders {
  static final String PREFIX = ".svdd-partial-";

  private StagingFolders() {}

  /**
   * The staging folder in {@code parent} of another svdd run that is writing there now (its process runs and is a
   * JVM), if any. Two trainings into one folder would each move their files in, and the later's half-replace the
   * earlier's; two resuming one checkpoint would each drop the other's saved epochs.
   */
  static java.util.Optional<LiveRun> ofAnotherLiveRun(Path parent) {
    long self = ProcessHandle.current().pid();
    try (var entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path folder : entries) {
        long owner = ScratchDirs.owner(folder, PREFIX);
        if (owner >= 0 && owner != self && Files.isDirectory(folder)
            && ProcessHandle.of(owner).filter(StagingFolders::isJvm).isPresent()) {
          return java.util.Optional.of(new LiveRun(folder, owner));
        }
      }
    } catch (IOException | RuntimeException e) {
      // a folder that cannot be listed is not known to be written
    }
    return java.util.Optional.empty();
  }

  /** Another run's staging folder and its process. */
  record LiveRun(Path folder, long pid) {}

  /** Whether a process is a JVM (a process id reused by another program since names no run); unknown counts as one. */
  private static boolean isJvm(ProcessHandle process) {
    return process.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("java")).orElse(true);
  }

  /** A new staging folder in {@code parent} (which must exist), after removing the dead ones there. */
  static Path create(Path parent) throws IOException {
    ScratchDirs.removeDead(parent, PREFIX, true); // an older svdd's folder names no process
    return Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-");
  }
}
