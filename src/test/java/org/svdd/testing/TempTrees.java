package org.svdd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** For tests only: copies a folder, or removes one a test or benchmark made outside JUnit's @TempDir. */
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

  /** Copies the folder {@code from} and everything under it to {@code to}, which must not exist yet. */
  public static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
