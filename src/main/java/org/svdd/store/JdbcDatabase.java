package org.svdd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.svdd.core.method.StoreUnavailableException;

/**
 * The SQL database of a job store, H2 or PostgreSQL, through a small connection pool: it opens the database (an
 * H2 file in a folder it creates), makes the tables it is given, runs work in transactions, and says what a failed
 * statement means: {@link StoreUnavailableException} when the database did not answer, else that it refused.
 */
final class JdbcDatabase implements AutoCloseable {
  /** Work on one connection, in one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * How long a statement waits for the database before it fails with {@link StoreUnavailableException}: a
   * restart shorter than this delays requests, a longer one fails them well inside a client's 30 s deadline.
   */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(15);

  private final HikariDataSource pool;
  /** Creates the tables and columns that are missing. */
  private final Work<Void> makeTables;

  private JdbcDatabase(HikariDataSource pool, Work<Void> makeTables) {
    this.pool = pool;
    this.makeTables = makeTables;
  }

  /**
   * Connects and makes the tables; {@code what} names the database in errors ("the job store"). A statement waits
   * {@code connectionTimeout} for a connection while the database does not answer. A database that does not answer
   * at all fails with {@link StoreUnavailableException}; one that answers and refuses, with IllegalStateException.
   */
  static JdbcDatabase open(String what, String url, String user, String password, Duration connectionTimeout,
      Work<Void> makeTables) {
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalStateException("cannot open " + what + " at " + url
          + ": this build keeps it in H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://host/db) only");
    }
    makeFolderOf(what, url);
    HikariConfig config = new HikariConfig();
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setPoolName("svdd-store");
    config.setExceptionOverrideClassName(H2Handover.class.getName());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      String message = "cannot open " + what + " at " + url + ": " + rootMessage(e);
      throw unreachableCause(e) ? new StoreUnavailableException(message, e) : new IllegalStateException(message, e);
    }
    JdbcDatabase db = new JdbcDatabase(pool, makeTables);
    db.createSchema();
    return db;
  }

  private static final String H2_FILE = "jdbc:h2:file:";

  /**
   * Creates the folder of an H2 file database, or fails naming it: H2 cannot create a folder it cannot write either,
   * but says so in stack traces on standard error as well as in its exception.
   */
  private static void makeFolderOf(String what, String url) {
    if (!url.startsWith(H2_FILE)) {
      return;
    }
    String file = url.substring(H2_FILE.length()).split(";", 2)[0];
    java.nio.file.Path folder = java.nio.file.Path.of(file).toAbsolutePath().getParent();
    try {
      java.nio.file.Files.createDirectories(folder);
      if (!java.nio.file.Files.isWritable(folder)) {
        throw new java.nio.file.AccessDeniedException(folder.toString());
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalStateException("cannot open " + what + " at " + url + ": its folder " + folder
          + " cannot be " + (java.nio.file.Files.isDirectory(folder) ? "written" : "created") + " ("
          + org.svdd.core.reward.Failures.describe(e) + ")", e);
    }
  }

  /**
   * Creates the tables and columns that are missing. Nodes starting together race to create them, and
   * PostgreSQL's IF NOT EXISTS is not safe under that race (a loser fails on a duplicate key): a failed
   * attempt is retried, and then finds what the winner created.
   */
  private void createSchema() {
    for (int attempt = 1; ; attempt++) {
      try {
        inTransaction(makeTables);
        return;
      } catch (IllegalStateException e) {
        if (attempt == 5) {
          pool.close();
          throw e;
        }
        try {
          Thread.sleep(100L * attempt + (long) (Math.random() * 100));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** How many times work is tried while a shared H2 file changes hands (H2Handover), a short pause between. */
  static final int HANDOVER_ATTEMPTS = 5;

  /** Runs {@code work} in one transaction; a failed statement throws as {@link #failure} says. */
  <T> T inTransaction(Work<T> work) {
    try {
      return once(work);
    } catch (SQLException e) {
      if (!H2Handover.handedOver(e)) {
        throw failure(e);
      }
      return afterHandover(work, e);
    }
  }

  /**
   * Runs {@code work} again after {@code first} said that a shared H2 file changed hands (H2Handover): the pool
   * dropped the connection, and a holder killed within a second of creating the file leaves it without the tables,
   * which are made again. The file's next holder may take a moment to open it or serve it (the last one stops its
   * server before it lets go of the file), so this tries again at once and then up to three more times, after
   * pauses of 0.2-0.3, 0.3-0.4 and 0.4-0.5 s; an error that does not say "handed over" ends it at once.
   */
  private <T> T afterHandover(Work<T> work, SQLException first) {
    SQLException last = first;
    for (int attempt = 2; ; attempt++) {
      try {
        once(makeTables);
        return once(work);
      } catch (SQLException again) {
        if (!H2Handover.handedOver(again) || attempt == HANDOVER_ATTEMPTS) {
          throw failure(again);
        }
        last = again;
      }
      try {
        Thread.sleep(100L * attempt + (long) (Math.random() * 100));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw failure(last);
      }
    }
  }

  /** A failed statement as an exception: {@link StoreUnavailableException} when the database did not answer. */
  static IllegalStateException failure(SQLException e) {
    return unreachable(e) ? new StoreUnavailableException("the job store does not answer: " + e.getMessage(), e)
        : new IllegalStateException("job store: " + e.getMessage(), e);
  }

  /**
   * Whether the database could not be reached or went away (SQL state class 08, connection exceptions;
   * PostgreSQL's 57P01-57P03, shut down or starting; H2's closed or broken connections; no connection within the
   * pool's timeout), rather than refusing the statement.
   */
  static boolean unreachable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException
        || state.startsWith("08") || state.startsWith("57P") || H2Handover.gone(e);
  }

  /** Whether {@code e} or a cause of it is an {@link #unreachable} database. */
  private static boolean unreachableCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && unreachable(sql)) {
        return true;
      }
    }
    return false;
  }

  private <T> T once(Work<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback); // the connection is gone with its transaction
        }
        throw e;
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    boolean locked = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      locked |= t instanceof java.sql.SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN;
      root = t;
    }
    return root.getMessage() + (locked ? " (another process has this H2 database open: one process at a time can; "
        + "nodes of a cluster share PostgreSQL)" : "");
  }

  /** H2's error code for a database file another process holds open. */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  /** Whether {@link #close} ran: nothing more can be read or written. */
  boolean isClosed() {
    return pool.isClosed();
  }

  @Override
  public void close() {
    pool.close();
  }
}
