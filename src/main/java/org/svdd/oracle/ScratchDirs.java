package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Working folders of the oracles that run programs on files (Vina, cmsearch): made under the system's temporary
 * folder, removed when their oracle closes, and those still open removed by {@link #deleteAll} (the launcher's
 * exit hook calls it, after the programs writing into them are stopped). A command's own staging folder (a model
 * being trained) is {@link #adopt adopted} to be removed at exit the same way.
 */
public final class ScratchDirs {
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
  /** Folders a command made to write into, removed at exit if they are still empty ({@link #removeIfLeftEmpty}). */
  private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();

  private ScratchDirs() {}

  /**
   * A new folder named {@code prefix}, this process's id and a random suffix, after removing the folders of the same
   * prefix that processes gone left (a JVM killed outright runs no exit hook).
   */
  static Path create(String prefix) throws IOException {
    removeDead(Path.of(System.getProperty("java.io.tmpdir")), prefix, false);
    Path dir = Files.createTempDirectory(prefix + ProcessHandle.current().pid() + "-");
    OPEN.add(dir);
    return dir;
  }

  /** How old a dead process's folder must be to be removed: one of another machine sharing the folder is kept. */
  private static final Duration MIN_AGE = Duration.ofMinutes(1);

  /**
   * Removes the folders in {@code parent} named {@code prefix}, a process id and a dash, whose process no longer
   * runs, once they are {@link #MIN_AGE} old; with {@code unnamedToo}, also those whose name after the prefix names
   * no process (made before folders were named so). Quietly: a folder left costs disk, not the run.
   */
  public static void removeDead(Path parent, String prefix, boolean unnamedToo) {
    FileTime before = FileTime.from(Instant.now().minus(MIN_AGE));
    try (var entries = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path folder : entries) {
        long owner = owner(folder, prefix);
        boolean dead = owner >= 0 ? ProcessHandle.of(owner).isEmpty() : unnamedToo;
        if (dead && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(folder).compareTo(before) < 0) {
          delete(folder);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a folder that cannot be listed or read keeps what it holds
    }
  }

  /**
   * The process id a folder named {@code prefix}, a process id and a dash carries; -1 when it names none, and
   * {@link Long#MAX_VALUE} (no process) for a number too long to be one.
   */
  public static long owner(Path folder, String prefix) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+)-.*").matcher(folder.getFileName().toString());
    if (!m.matches()) {
      return -1;
    }
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** Removes {@code dir}, made elsewhere, with the others at exit unless {@link #release released} first. */
  public static void adopt(Path dir) {
    OPEN.add(dir);
  }

  /** No longer removes {@code dir} at exit: what it holds is being kept. */
  public static void release(Path dir) {
    OPEN.remove(dir);
    MADE.remove(dir);
  }

  /**
   * Removes {@code dir}, a folder a command made for its output, at exit if it is empty then (after the folders being
   * staged in it are removed): a command stopped before writing leaves no empty folder behind. {@link #release} keeps it.
   */
  public static void removeIfLeftEmpty(Path dir) {
    MADE.add(dir);
  }

  /** Removes a folder and everything in it, quietly (nothing depends on it being gone). */
  public static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    OPEN.remove(dir);
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException ignored) {
      // a temporary folder (a file removed by another thread while walking it is not an error)
    }
  }

  /**
   * Removes every folder made here and not yet removed, trying again a few times while threads still at work
   * (a ligand being prepared) put files into them; then the output folders left empty ({@link #removeIfLeftEmpty}).
   */
  public static void deleteAll() {
    for (int attempt = 0; attempt < 5 && !OPEN.isEmpty(); attempt++) {
      for (Path dir : List.copyOf(OPEN)) {
        delete(dir);
        if (Files.exists(dir)) {
          OPEN.add(dir);
        }
      }
      if (!OPEN.isEmpty()) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    for (Path dir : List.copyOf(MADE)) {
      MADE.remove(dir);
      try {
        Files.deleteIfExists(dir); // only if empty: a folder with anything in it stays
      } catch (IOException notEmpty) {
        // kept
      }
    }
  }
}
