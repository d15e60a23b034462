package org.svdd.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.api.ErrorCode;

/** The file of an H2 database named by a JDBC URL ({@code jdbc:h2:file:PATH;...} or {@code jdbc:h2:PATH}). */
public record H2File(Path base) {

  /** The database file of an H2 file URL, or null for any other URL (a server's, memory, another database). */
  public static H2File of(String url) {
    if (!url.startsWith("jdbc:h2:") || url.matches("jdbc:h2:(mem|tcp|ssl|zip):.*")) {
      return null;
    }
    String path = url.substring("jdbc:h2:".length()).replaceFirst("^file:", "");
    int options = path.indexOf(';');
    path = options < 0 ? path : path.substring(0, options);
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return new H2File(Path.of(path));
  }

  /** Where H2 keeps the data. */
  public Path file() {
    return Path.of(base + ".mv.db");
  }

  public boolean exists() {
    return Files.exists(file());
  }

  /** The file's size in MB (10^6 bytes), NaN when it cannot be read. */
  public double sizeMb() {
    try {
      return Files.size(file()) / 1e6;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /**
   * Rewrites the file without the room that deleted rows left (H2 keeps it, and even grows the file while it writes
   * a large delete). Returns false, changing nothing, when another process has the database open.
   */
  public boolean compact(String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base.toAbsolutePath() + ";IFEXISTS=TRUE", user,
        password); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    } catch (SQLException e) {
      if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        return false;
      }
      if (e.getErrorCode() != ErrorCode.DATABASE_CALLED_AT_SHUTDOWN && e.getErrorCode() != ErrorCode.DATABASE_IS_CLOSED) {
        throw e;
      }
    }
    return true;
  }
}
