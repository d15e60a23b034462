package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Working folders of the oracles that run programs on files (Vina, cmsearch): made under the system's temporary
 * folder, removed when their oracle closes, and those still open removed by {@link #deleteAll} (the launcher's
 * exit hook calls it, after the programs writing into them are stopped). A command's own staging folder (a model
 * being trained) is {@link #adopt adopted} to be removed at exit the same way.
 */
public final class ScratchDirs {
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private ScratchDirs() {}

  /** A new folder named {@code prefix} and a random suffix. */
  static Path create(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    OPEN.add(dir);
    return dir;
  }

  /** Removes {@code dir}, made elsewhere, with the others at exit unless {@link #release released} first. */
  public static void adopt(Path dir) {
    OPEN.add(dir);
  }

  /** No longer removes {@code dir} at exit: what it holds is being kept. */
  public static void release(Path dir) {
    OPEN.remove(dir);
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
   * (a ligand being prepared) put files into them.
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
  }
}
