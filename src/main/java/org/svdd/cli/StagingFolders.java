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

  /** A new staging folder in {@code parent} (which must exist), after removing the dead ones there. */
  static Path create(Path parent) throws IOException {
    ScratchDirs.removeDead(parent, PREFIX, true); // an older svdd's folder names no process
    return Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-");
  }
}
