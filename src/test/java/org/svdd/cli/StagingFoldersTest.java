package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.testing.LeftFolders;

class StagingFoldersTest {
  @TempDir Path dir;

  private Path folder(String name, int minutesAgo) throws Exception {
    return LeftFolders.folder(dir, name, minutesAgo);
  }

  @Test
  void aNewStagingFolder_removesThoseOfProcessesGone_onceAMinuteOld_andNothingElse() throws Exception {
    long dead = LeftFolders.deadPid();
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
