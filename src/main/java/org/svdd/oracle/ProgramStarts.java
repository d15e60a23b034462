package org.svdd.oracle;

import java.io.IOException;

/**
 * Whether oracles may still start programs: once the launcher's exit hook has begun killing them, a pool that sees
 * its program die must not start another (it would outlive the JVM).
 */
public final class ProgramStarts {
  private static volatile boolean stopped;

  private ProgramStarts() {}

  /** From now on, every start of a program by an oracle fails. */
  public static void stop() {
    stopped = true;
  }

  /** Fails once {@link #stop} has been called. */
  static void check() throws IOException {
    if (stopped) {
      throw new IOException("svdd is exiting: no program is started");
    }
  }
}
