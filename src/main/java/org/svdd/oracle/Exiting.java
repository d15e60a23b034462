package org.svdd.oracle;

/**
 * Whether a one-shot command's JVM is exiting (Ctrl-C, a kill signal). Once its exit hook has begun killing the
 * programs the oracles started, a thread that would start a program, sees one end, or sees the reward archive fail
 * waits for the JVM to halt instead: a new program would outlive the JVM, and the end or failure was most likely
 * the exit's doing (the hook's kill, the database closed by its own hook), so it says nothing of the designs at
 * hand. Going on, the thread would report the exit as failed designs ("could not judge N of N designs"), warn of a
 * closed archive, and let the command begin writing results from them before the JVM halts.
 */
public final class Exiting {
  private static volatile boolean begun;

  private Exiting() {}

  /** The JVM is exiting: from now on every thread that calls {@link #holdIfExiting} waits for the halt. */
  public static void begin() {
    begun = true;
  }

  /** Whether {@link #begin} was called. */
  static boolean begun() {
    return begun;
  }

  /** Returns at once while the JVM runs on; after {@link #begin}, never. */
  static void holdIfExiting() {
    while (begun) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // nothing is waited for but the halt
      }
    }
  }
}
