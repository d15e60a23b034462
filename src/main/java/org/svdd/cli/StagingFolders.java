package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.svdd.oracle.ScratchDirs;

/**
 * The hidden folders results and models are written into before they are moved in ({@code .svdd-partial-PID-…},
 * named by the writing process). A run killed while writing (SIGKILL, the out-of-memory killer, a power cut) leaves
 * its folder behind; the next write into the same directory removes the folders whose process is gone, once they
 * are a minute old (a folder of another machine sharing the directory is not removed while it is being written).
 */
final class StagingFolders {
  static final String PREFIX = ".svdd-partial-";
  private static final Pattern NAMED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
  private static final Duration MIN_AGE = Duration.ofMinutes(1);

  private StagingFolders() {}

  /** A new staging folder in {@code parent} (which must exist), after removing the dead ones there. */
  static Path create(Path parent) throws IOException {
    removeDead(parent);
    return Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-");
  }

  /** Removes the staging folders in {@code parent} whose process no longer runs, if they are a minute old. */
  static void removeDead(Path parent) throws IOException {
    FileTime before = FileTime.from(Instant.now().minus(MIN_AGE));
    try (var entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path folder : entries) {
        if (!running(folder) && Files.isDirectory(folder) && Files.getLastModifiedTime(folder).compareTo(before) < 0) {
          ScratchDirs.delete(folder);
        }
      }
    }
  }

  /** Whether the process that named {@code folder} still runs (an older svdd's folder names none: it does not). */
  private static boolean running(Path folder) {
    Matcher named = NAMED.matcher(folder.getFileName().toString());
    try {
      return named.matches() && ProcessHandle.of(Long.parseLong(named.group(1))).isPresent();
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
