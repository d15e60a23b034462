package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.method.StoreUnavailableException;

/**
 * A node started before its job store's database answers (an H2 server on loopback stands for PostgreSQL) waits
 * for it, saying why, up to svdd.store.start-wait; a database that answers and refuses stops it at once.
 */
class StoreStartWaitTest {
  @TempDir Path dir;

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private Server database(int port) throws java.sql.SQLException {
    return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists").start();
  }

  @Test
  void databaseThatStartsLater_isWaitedFor_andTheStoreOpensOnItOnceItAnswers() throws Exception {
    int port = freePort();
    List<String> told = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Server> started = new java.util.concurrent.atomic.AtomicReference<>();
    Thread starter = new Thread(() -> { // once the node has found the database down
      try {
        while (told.isEmpty()) {
          Thread.sleep(50);
        }
        started.set(database(port));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    starter.start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/jobs";
    try (JdbcJobStore store = JdbcJobStore.openWhenUp(url, "sa", "", Duration.ofSeconds(60), told::add)) {
      assertEquals(0, store.sampleCount("none"), "the store answers");
    } finally {
      starter.join();
      if (started.get() != null) {
        started.get().stop();
      }
    }
    assertEquals(1, told.size(), "told once, at the first failed try: " + told);
    assertTrue(told.get(0).startsWith("cannot open the job store at " + url + ": "), told.get(0));
    assertTrue(told.get(0).matches(".*; waiting up to [1-6]?[0-9] s more for it to answer \\(svdd.store.start-wait\\)"),
        told.get(0));
  }

  @Test
  void databaseThatNeverAnswers_isGivenUpAfterTheWait_namingTheSetting() throws Exception {
    String url = "jdbc:h2:tcp://127.0.0.1:" + freePort() + "/jobs";
    List<String> told = new CopyOnWriteArrayList<>();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> JdbcJobStore.openWhenUp(url, "sa", "", Duration.ofSeconds(1), told::add));
    assertTrue(e.getMessage().startsWith("cannot open the job store at " + url + ": "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (waited 1 s for it to answer: svdd.store.start-wait)"), e.getMessage());

    told.clear();
    StoreUnavailableException atOnce = assertThrows(StoreUnavailableException.class,
        () -> JdbcJobStore.openWhenUp(url, "sa", "", Duration.ZERO, told::add));
    assertTrue(atOnce.getMessage().endsWith(" (waited 0 s for it to answer: svdd.store.start-wait)"), atOnce.getMessage());
    assertEquals(List.of(), told, "no wait, nothing to tell");
  }

  @Test
  void databaseThatAnswersAndRefuses_stopsTheStartAtOnce() throws Exception {
    int port = freePort();
    Server server = database(port);
    try {
      String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/jobs";
      JdbcJobStore.open(url, "sa", "secret").close(); // the database now has this password
      List<String> told = new CopyOnWriteArrayList<>();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> JdbcJobStore.openWhenUp(url, "sa", "wrong", Duration.ofSeconds(60), told::add));
      assertFalse(e instanceof StoreUnavailableException, "a refusal is not an outage: " + e);
      assertTrue(e.getMessage().contains("Wrong user name or password"), e.getMessage());
      assertEquals(List.of(), told);
    } finally {
      server.stop();
    }
  }
}
