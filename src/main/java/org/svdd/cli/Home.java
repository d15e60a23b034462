package org.svdd.cli;

import java.nio.file.Path;

/** The installation directory (bundled models, configuration); bin/svdd passes it as {@code svdd.home}. */
final class Home {
  private Home() {}

  static Path dir() {
    return Path.of(System.getProperty("svdd.home", "."));
  }
}
