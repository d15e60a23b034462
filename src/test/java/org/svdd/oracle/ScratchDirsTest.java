package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.testing.LeftFolders;

class ScratchDirsTest {
  @TempDir Path dir;

  private Path folder(String name, int minutesAgo) throws Exception {
    return LeftFolders.folder(dir, name, minutesAgo);
  }

  private List<String> left() throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFoldersOfProcessesGone_areRemoved_onceAMinuteOld_andNothingElse() throws Exception {
    long dead = LeftFolders.deadPid();
    long me = ProcessHandle.current().pid();
    folder("svdd-vina-" + dead + "-1", 5); // a node killed outright: removed
    folder("svdd-vina-" + dead + "-2", 0); // just made, perhaps in another machine's process: kept for now
    folder("svdd-vina-" + me + "-3", 5); // a live process's: kept
    folder("svdd-vina-16986122395804217998", 5); // an older svdd's, naming no process: kept (it may still run)
    folder("svdd-cmsearch-" + dead + "-4", 5); // another prefix: kept
    Files.writeString(dir.resolve("svdd-vina-" + dead + "-5"), "a file, not a folder: kept");

    ScratchDirs.removeDead(dir, "svdd-vina-", false);

    assertEquals(Stream.of("svdd-vina-" + dead + "-2", "svdd-vina-" + me + "-3", "svdd-vina-16986122395804217998",
        "svdd-cmsearch-" + dead + "-4", "svdd-vina-" + dead + "-5").sorted().toList(), left());

    ScratchDirs.removeDead(dir, "svdd-vina-", true);
    assertFalse(left().contains("svdd-vina-16986122395804217998"), "unnamedToo removes the folder naming no process");
  }

  @Test
  void aFolderThatCannotBeListed_isNoError() {
    assertDoesNotThrow(() -> ScratchDirs.removeDead(dir.resolve("missing"), "svdd-vina-", true));
    assertFalse(Files.exists(dir.resolve("missing")), "nothing made where there was nothing");
  }

  @Test
  void aNewFolder_namesThisProcess_andIsGoneWhenDeleted() throws Exception {
    Path made = ScratchDirs.create("svdd-test-");
    try {
      assertTrue(made.getFileName().toString().startsWith("svdd-test-" + ProcessHandle.current().pid() + "-"),
          made.toString());
      assertTrue(Files.isDirectory(made));
    } finally {
      ScratchDirs.delete(made);
    }
    assertFalse(Files.exists(made));
  }
}
