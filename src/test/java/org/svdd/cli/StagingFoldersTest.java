package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingFoldersTest {
  @TempDir Path dir;

  /** A folder named {@code name} in {@code dir}, last changed {@code minutesAgo} ago. */
  private Path folder(String name, int minutesAgo) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("summary.json"), "{}");
    Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minusSeconds(60L * minutesAgo)));
    return folder;
  }

  /** The id of a process that has ended. */
  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  @Test
  void aNewStagingFolder_removesThoseOfProcessesGone_onceAMinuteOld_andNothingElse() throws Exception {
    long dead = deadPid();
    long me = ProcessHandle.current().pid();
    folder(".svdd-partial-" + dead + "-123", 5); // a run killed while writing: removed
    folder(".svdd-partial-16986122395804217998", 5); // an older svdd's, naming no process: removed
    folder(".svdd-partial-" + dead + "-456", 0); // just made (another machine's, perhaps): kept for now
    folder(".svdd-partial-" + me + "-789", 5); // a live process's: kept
    folder("results", 5);
    Files.writeString(dir.resolve(".svdd-files"), "summary.json\n");

    Path made = StagingFolders.create(dir);

    assertTrue(made.getFileName().toString().startsWith(".svdd-partial-" + me + "-"), made.toString());
    try (var left = Files.list(dir)) {
      assertEquals(java.util.stream.Stream.of(".svdd-files", ".svdd-partial-" + dead + "-456", ".svdd-partial-" + me
          + "-789", made.getFileName().toString(), "results").sorted().toList(),
          left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
