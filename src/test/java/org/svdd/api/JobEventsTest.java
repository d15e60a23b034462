package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.JobSpec;
import org.svdd.cluster.JobCoordinator;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Sample;
import org.svdd.core.method.Spend;
import org.svdd.core.reward.Reward;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/**
 * What an api node does with a job's events while the job store's database does not answer (an H2 server stopped and
 * started on its port, as a PostgreSQL restart looks to a node), JobEvents alone: a job's end waits for the store,
 * tried again until it answers, and is told only once stored; progress is told at once and its write skipped.
 * (Through the whole service, StoreOutageTest: there the coordinator's last checkpoint holds the end back first.)
 */
class JobEventsTest {
  private static final List<Sample> SAMPLES = List.of(new Sample(0, new TokenState(new int[] {0, 1, 2}),
      new Reward(4.5, "((.))")), new Sample(1, new TokenState(new int[] {2, 2, 1}), new Reward(3.25, "")));

  @TempDir Path dir;

  private Server database(int port) throws java.sql.SQLException {
    return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists").start();
  }

  private record Heard(String event, boolean storedThen) {}

  @Test
  void endHeardWhileTheStoreIsDown_isStoredOnceItAnswersAndToldOnlyThen() throws Exception {
    Server database = database(0);
    int port = database.getPort();
    try (JdbcJobStore store = JdbcJobStore.open("jdbc:h2:tcp://127.0.0.1:" + port + "/jobs", "sa", "",
        Duration.ofMillis(300))) {
      store.insertJob(new StoredJob("j1", "{}", "RUNNING", null, 1_000));
      List<Heard> heard = new CopyOnWriteArrayList<>();
      JobRecord record = new JobRecord("j1", JobSpec.getDefaultInstance(), 1_000, "", "");
      try (JobEvents events = new JobEvents(store, id -> false, (r, event, at) -> heard.add(new Heard(
          event.getClass().getSimpleName(), event instanceof JobCoordinator.Finished && doneInStore(port))))) {
        database.stop();
        events.accept(record, progress(3), 2_000);
        events.accept(record, new JobCoordinator.Finished(SAMPLES, 1), 3_000);
        Thread.sleep(2_500); // tried again meanwhile, each try waiting for a connection, then longer between tries
        assertEquals(List.of(new Heard("Progress", false)), heard,
            "progress told at once, its write skipped; the end not told while it is not stored");
        database = database(port);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (heard.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertEquals(List.of(new Heard("Progress", false), new Heard("Finished", true)), heard,
            "the end told once the store holds it");
      }
      StoredJob done = store.job("j1").orElseThrow();
      assertEquals("DONE", done.state());
      assertEquals(3_000, done.endedAtMs());
      assertEquals(SAMPLES, store.samples("j1"), "its samples stored with it");
    } finally {
      database.stop();
    }
  }

  @Test
  void endTheStoreRefuses_isToldAndNotTriedAgain() throws Exception {
    // a statement the database answers and refuses (here a job id longer than the samples' column takes): trying it
    // again would change nothing, and the single writer thread would hold every later job's events behind it
    Server database = database(0);
    try (JdbcJobStore store = JdbcJobStore.open("jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/jobs", "sa", "",
        Duration.ofMillis(300))) {
      store.insertJob(new StoredJob("other", "{}", "RUNNING", null, 1_000));
      List<String> heard = new CopyOnWriteArrayList<>();
      String tooLong = "x".repeat(70);
      try (JobEvents events = new JobEvents(store, id -> false, (r, event, at) -> heard.add(r.status().getJobId()))) {
        events.accept(new JobRecord(tooLong, JobSpec.getDefaultInstance(), 1_000, "", ""),
            new JobCoordinator.Finished(SAMPLES, 0), 2_000);
        events.accept(new JobRecord("other", JobSpec.getDefaultInstance(), 1_000, "", ""),
            new JobCoordinator.Cancelled("cancelled"), 2_500);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (heard.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertEquals(List.of(tooLong, "other"), heard, "both told, in order; the second not held up by the first");
      }
      assertEquals("CANCELLED", store.job("other").orElseThrow().state());
      assertTrue(store.samples(tooLong).isEmpty(), "the refused end stored nothing");
    } finally {
      database.stop();
    }
  }

  private static JobCoordinator.Progress progress(long stepsDone) {
    return new JobCoordinator.Progress(stepsDone, 8, 0, 2, 1, 2, 3, "pekko://svdd@127.0.0.1:25520", Double.NaN, 0,
        Spend.NONE, "", java.util.List.of());
  }

  /** Whether the job's end is in the store, read on a connection of its own (the listener's, not the writer's). */
  private static boolean doneInStore(int port) {
    try (JdbcJobStore reader = JdbcJobStore.open("jdbc:h2:tcp://127.0.0.1:" + port + "/jobs", "sa", "",
        Duration.ofMillis(300))) {
      return reader.job("j1").map(j -> j.state().equals("DONE")).orElse(false);
    }
  }
}
