package org.svdd.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * An H2 file database shared by several processes ({@code AUTO_SERVER=TRUE}: the first opens it and serves it
 * to the others on loopback) changes hands when that first process exits: the others' connections then answer
 * "database is already closed" or break. Such a connection is dropped from the pool (Hikari keeps connections
 * whose errors it does not know as fatal), and the next one opens the file itself or reaches the new server.
 *
 * <p>One of those breaks comes disguised: when the server closes a client's session during a call (its holder is
 * exiting), H2's client marks itself closed and then trips over its own emptied server list, so the call fails as a
 * "General error" wrapping a {@link NullPointerException} thrown in {@code org.h2.engine.SessionRemote}.
 */
public final class H2Handover implements SQLExceptionOverride {
  /** H2's DATABASE_CALLED_AT_SHUTDOWN, DATABASE_IS_CLOSED and CONNECTION_BROKEN_1. */
  private static final Set<Integer> GONE = Set.of(90121, 90098, 90067);

  /** H2's TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1: a fresh file, as a holder killed early leaves it. */
  private static final int EMPTY = 42104;

  /** H2's GENERAL_ERROR_1: an exception H2 did not expect, wrapped. */
  private static final int GENERAL_ERROR = 50000;

  /** The class of H2's client side of a session on another process's server. */
  private static final String REMOTE_SESSION = "org.h2.engine.SessionRemote";

  /** Whether {@code e} says the database this connection reached is gone, not that the statement was wrong. */
  static boolean gone(SQLException e) {
    return GONE.contains(e.getErrorCode()) || e.getErrorCode() == GENERAL_ERROR && closedUnderTheClient(e);
  }

  /** Whether {@code e} wraps the failure of H2's client on a session its server closed during the call. */
  private static boolean closedUnderTheClient(SQLException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      StackTraceElement[] at = t.getStackTrace();
      if (t instanceof NullPointerException && at.length > 0 && at[0].getClassName().equals(REMOTE_SESSION)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the store should make its tables and try again: the database went away, or the file it reaches now
   * is empty (its holder was killed within a second of creating it, before H2 wrote anything).
   */
  static boolean handedOver(SQLException e) {
    return gone(e) || e.getErrorCode() == EMPTY;
  }

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    return gone(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
  }
}
