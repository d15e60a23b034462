package org.svdd.cli;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What a one-shot command stopped by a signal (Ctrl-C, {@code kill}, {@code timeout}) says as its JVM exits: that it
 * wrote nothing, and where the oracle answers it paid for are kept, so that running it again costs what is left,
 * not the whole (a docking run stopped after an hour has an hour of docks in the archive). Set while the command's
 * {@link Workbench} is open; a command that ends on its own, done or failed, has closed it and says nothing here.
 */
final class StopNotice {
  private static final AtomicReference<String> NOTICE = new AtomicReference<>();

  private StopNotice() {}

  /**
   * Says {@code notice} if the JVM exits before {@link #clear(String)} takes it back, unless a notice is set already:
   * the command that set it ({@code svdd report}, whose runs open workbenches of their own) knows better what is kept.
   */
  static void set(String notice) {
    NOTICE.compareAndSet(null, notice);
  }

  /** Says {@code notice} instead of {@code old}, if {@code old} is what would be said now. */
  static void replace(String old, String notice) {
    NOTICE.compareAndSet(old, notice);
  }

  static void clear(String notice) {
    NOTICE.compareAndSet(notice, null);
  }

  /** The archive of oracle answers that runs keep, as {@link #where} says it; null where none is kept. */
  static String archive(com.typesafe.config.Config config) {
    String url = config.getString("svdd.reward.archive-url");
    return url.isBlank() ? null : where(url);
  }

  /** The notice of a workbench whose durable answers are kept {@code archive} ({@link #archive}; null: nowhere). */
  static String of(String archive) {
    String stopped = "svdd: stopped before its end; nothing was written.";
    if (archive == null) {
      return stopped;
    }
    return stopped + " The oracle answers it paid for are kept in " + archive
        + " (svdd archive): the same command again reads them instead of asking the oracle again.";
  }

  /** An H2 file archive as its path, with ~ for the user's home; any other by its JDBC URL. */
  static String where(String archiveUrl) {
    if (!archiveUrl.startsWith("jdbc:h2:file:")) {
      return archiveUrl;
    }
    String path = archiveUrl.substring("jdbc:h2:file:".length()).replaceFirst(";.*", "");
    String home = System.getProperty("user.home");
    return home != null && !home.isEmpty() && path.startsWith(home + "/") ? "~" + path.substring(home.length()) : path;
  }

  /** Prints the notice, if a command is under way: the exit hook's first act. */
  static void printIfSet() {
    String notice = NOTICE.getAndSet(null);
    if (notice != null) {
      System.err.println();
      System.err.println(notice);
      System.err.flush();
    }
  }
}
