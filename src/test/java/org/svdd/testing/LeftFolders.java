package org.svdd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** For tests of the sweeps of folders that processes left: such a folder, and the id of a process that has ended. */
public final class LeftFolders {
  private LeftFolders() {}

  /** A folder {@code name} in {@code dir}, holding one file, last changed {@code minutesAgo} ago. */
  public static Path folder(Path dir, String name, int minutesAgo) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("left.txt"), "x");
    Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minusSeconds(60L * minutesAgo)));
    return folder;
  }

  /** The id of a process that has ended. */
  public static long deadPid() throws IOException, InterruptedException {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }
}
