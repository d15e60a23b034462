package org.svdd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Stand-in programs for tests: a {@code /bin/sh} script with the given body, executable, in a test's folder. */
public final class ShellScripts {
  private ShellScripts() {}

  /** Writes {@code dir/name} (replacing it) and makes it executable. */
  public static Path write(Path dir, String name, String body) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!file.toFile().setExecutable(true)) {
      throw new IllegalStateException("cannot make " + file + " executable");
    }
    return file;
  }
}
