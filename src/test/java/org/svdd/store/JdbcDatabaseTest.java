package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.svdd.core.method.StoreUnavailableException;

/** How work on the database fares when a shared H2 file changes hands under it, and when its statement is wrong. */
class JdbcDatabaseTest {
  private final AtomicInteger tablesMade = new AtomicInteger();
  private JdbcDatabase db;

  @BeforeEach
  void open() {
    db = JdbcDatabase.open("the test store", "jdbc:h2:mem:handover" + System.nanoTime(), "sa", "",
        Duration.ofSeconds(5), c -> {
          tablesMade.incrementAndGet();
          return null;
        });
    tablesMade.set(0);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** Work that finds the database handed over {@code times} times, then does its statement. */
  private JdbcDatabase.Work<Integer> handedOver(int times, AtomicInteger tries) {
    return c -> {
      if (tries.incrementAndGet() <= times) {
        throw new SQLException("Database is already closed", "90121", 90121);
      }
      try (var r = c.createStatement().executeQuery("SELECT 41 + 1")) {
        r.next();
        return r.getInt(1);
      }
    };
  }

  @Test
  void handoverThatTakesAWhile_isWaitedFor_andTheTablesMadeAgain() {
    AtomicInteger tries = new AtomicInteger();
    assertEquals(42, db.inTransaction(handedOver(JdbcDatabase.HANDOVER_ATTEMPTS - 1, tries)));
    assertEquals(JdbcDatabase.HANDOVER_ATTEMPTS, tries.get(), "tried until the file's next holder answered");
    assertEquals(JdbcDatabase.HANDOVER_ATTEMPTS - 1, tablesMade.get(), "the tables made again before each retry");
  }

  @Test
  void handoverThatNeverEnds_failsAsUnavailable_afterItsAttempts() {
    AtomicInteger tries = new AtomicInteger();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> db.inTransaction(handedOver(Integer.MAX_VALUE, tries)));
    assertEquals(JdbcDatabase.HANDOVER_ATTEMPTS, tries.get(), "a bounded number of attempts");
    assertTrue(e.getMessage().contains("already closed"), e.getMessage());
  }

  @Test
  void wrongStatement_failsAtOnce() {
    AtomicInteger tries = new AtomicInteger();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
      tries.incrementAndGet();
      return c.createStatement().execute("SELEC 1");
    }));
    assertEquals(1, tries.get(), "not tried again");
    assertTrue(!(e instanceof StoreUnavailableException) && e.getMessage().startsWith("job store: "), e.getMessage());
    assertEquals(0, tablesMade.get());
  }
}
