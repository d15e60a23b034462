package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Output directories: checked before any work (a run must not fail at its end), and filled in one move
 * at the end, so that a directory holds exactly the last run's files.
 */
final class OutputDirs {
  /** The names of the files the last run moved in, one per line: the only files a later run removes. */
  static final String MANIFEST = ".svdd-files";

  private OutputDirs() {}

  /**
   * Moves every file of {@code staging} into {@code out}, replacing files of the same name, then removes the
   * files an earlier run wrote there (listed in {@link #MANIFEST}) that this run did not: a second run with
   * other methods leaves no stale {@code METHOD.*} beside the new summary. Files svdd did not write stay.
   */
  static void moveIn(Path staging, Path out) throws IOException {
    moveIn(staging, out, Set.of());
  }

  /**
   * As {@link #moveIn(Path, Path)}, never removing one of {@code inputs} (files this run read, e.g. {@code eval}'s
   * designs given from an earlier run's folder): such a file stays, no longer listed as svdd's.
   */
  static void moveIn(Path staging, Path out, Set<Path> inputs) throws IOException {
    Set<Path> kept = new HashSet<>();
    for (Path input : inputs) {
      kept.add(input.toAbsolutePath().normalize());
    }
    Set<String> earlier = new HashSet<>(readManifest(out));
    List<String> written;
    try (var files = Files.list(staging)) {
      written = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    Path manifest = staging.resolve(MANIFEST); // written before anything moves: moving needs no more disk
    Files.write(manifest, written);
    for (String name : written) {
      Files.move(staging.resolve(name), out.resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
    earlier.removeAll(written);
    for (String name : earlier) {
      Path stale = out.resolve(name);
      if (Files.isRegularFile(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && !kept.contains(stale.toAbsolutePath().normalize())) {
        Files.delete(stale);
      }
    }
    Files.move(manifest, out.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The plain file names of an earlier run's manifest; anything that could name another folder is ignored. */
  private static List<String> readManifest(Path out) throws IOException {
    Path manifest = out.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return List.of();
    }
    return Files.readAllLines(manifest).stream()
        .filter(n -> !n.isBlank() && !n.startsWith(".") && !n.contains("/") && !n.contains("\\"))
        .toList();
  }

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
