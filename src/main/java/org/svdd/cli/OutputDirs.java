package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before any work, that an output directory can be written: a run must not fail at its end. */
final class OutputDirs {
  private OutputDirs() {}

  /** Fails naming {@code flag}, the path and why, unless {@code dir} is or can be made a writable directory. */
  static void checkWritable(String flag, Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(flag + " " + dir + " exists and is not a directory");
    }
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new IllegalArgumentException(flag + " " + dir + " cannot be created: " + existing + " is not a directory");
    }
    try {
      Path probe = Files.createTempDirectory(existing, ".svdd-probe-");
      Files.delete(probe);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      throw new IllegalArgumentException(flag + " " + dir + " cannot be written: " + existing + " refuses new files ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
