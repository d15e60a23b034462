package org.svdd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** For tests only: removes a folder a test or benchmark made outside JUnit's @TempDir. */
public final class TempTrees {
  private TempTrees() {}

  /** Deletes {@code root} and everything under it; nothing when it is not there. */
  public static void delete(Path root) throws IOException {
    if (Files.exists(root)) {
      try (var files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
