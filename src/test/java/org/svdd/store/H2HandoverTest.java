package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import org.h2.jdbc.JdbcConnection;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which of H2's errors say that a shared file changed hands (drop the connection, try again) and which do not. */
class H2HandoverTest {
  private final H2Handover handover = new H2Handover();

  @ParameterizedTest
  @ValueSource(ints = {90121, 90098, 90067})
  void closedOrBrokenDatabase_isGone_andItsConnectionDropped(int code) {
    SQLException e = new SQLException("gone", "90000", code);
    assertTrue(H2Handover.gone(e));
    assertTrue(H2Handover.handedOver(e));
    assertEquals(Override.MUST_EVICT, handover.adjudicate(e));
  }

  @Test
  void emptyFile_isHandedOver_butTheConnectionIsKept() {
    SQLException e = new SQLException("Table not found (this database is empty)", "42S04", 42104);
    assertFalse(H2Handover.gone(e));
    assertTrue(H2Handover.handedOver(e), "the tables are made again");
    assertEquals(Override.CONTINUE_EVICT, handover.adjudicate(e));
  }

  /**
   * A server that answers "session closed" in the middle of a call (its holder is exiting) leaves H2's client with
   * its list of servers emptied under it. Here the list empties itself as the client reads it, and the driver's own
   * error for that call is a General error: a handover.
   */
  @Test
  void sessionClosedUnderTheClient_isGone() throws Exception {
    System.setProperty("h2.bindAddress", "127.0.0.1");
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    try (Connection c = DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:handover",
        "sa", "")) {
      Object session = ((JdbcConnection) c).getSession();
      Field servers = session.getClass().getDeclaredField("transferList");
      servers.setAccessible(true);
      @SuppressWarnings("unchecked")
      ArrayList<Object> kept = (ArrayList<Object>) servers.get(session);
      servers.set(session, new ArrayList<>(kept) {
        @java.lang.Override
        public Object get(int i) {
          try {
            servers.set(session, null); // as H2's client does on the answer "session closed"
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
          return super.get(i);
        }
      });
      SQLException e = assertThrows(SQLException.class, () -> c.setAutoCommit(false));
      servers.set(session, kept);
      assertEquals(50000, e.getErrorCode(), "H2 wraps its client's own failure: " + e);
      assertTrue(H2Handover.gone(e), "a session closed under the client is a handover: " + e);
      assertEquals(Override.MUST_EVICT, handover.adjudicate(e));
    } finally {
      server.stop();
    }
  }

  @Test
  void otherGeneralErrors_andWrongStatements_areNotGone() throws Exception {
    SQLException elsewhere = new SQLException("General error", "HY000", 50000, new NullPointerException("ours"));
    assertFalse(H2Handover.gone(elsewhere), "a General error from anywhere else is the statement's");
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:wrong", "sa", "")) {
      SQLException wrong = assertThrows(SQLException.class, () -> c.createStatement().execute("SELEC 1"));
      assertFalse(H2Handover.gone(wrong));
      assertFalse(H2Handover.handedOver(wrong));
      assertEquals(Override.CONTINUE_EVICT, handover.adjudicate(wrong));
    }
  }
}
