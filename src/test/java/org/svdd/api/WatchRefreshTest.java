package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.store.JdbcJobStore;

/**
 * An api node's refresh of the watched jobs another node follows: it brings each up to its stored state, and tells
 * the watchers of one whose row is gone (ended and deleted between two reads) that it was deleted, once.
 */
class WatchRefreshTest {
  private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final JdbcJobStore store = JdbcJobStore.open(url, "sa", "");
  private final KnownJobs known = new KnownJobs();
  private final WatchRefresh refresh = new WatchRefresh(known, store, rewards -> Optional.empty());

  @AfterEach
  void close() {
    store.close();
  }

  /** Hears statuses and deletions. */
  private static final class Heard implements JobWatcher {
    final List<JobStatus> statuses = new ArrayList<>();
    final List<String> deletions = new ArrayList<>();

    @Override
    public void accept(JobStatus status) {
      statuses.add(status);
    }

    @Override
    public void deleted(String why) {
      deletions.add(why);
    }
  }

  /** Watches, as this node would, a job that another node follows. */
  private Heard watch(String id) {
    JobRecord record = known.forWatching(id, new JobRecord(StoredStatus.of(store.job(id).orElseThrow()).build(), 0,
        ""));
    Heard heard = new Heard();
    record.watch(heard, UnaryOperator.identity());
    return heard;
  }

  @Test
  void aJobStillRunning_isReadAgainNextTime() {
    String id = JobsElsewhere.running(store);
    Heard heard = watch(id);
    refresh.run();
    assertTrue(heard.statuses.stream().allMatch(s -> s.getState() == JobState.RUNNING), heard.statuses.toString());
    assertEquals(List.of(), heard.deletions);
    assertEquals(List.of(id), known.watchedElsewhere().stream().map(e -> e.getKey()).toList());
  }

  @Test
  void aJobThatEnded_endsItsWatch_withItsStoredEnd() {
    String id = JobsElsewhere.running(store);
    Heard heard = watch(id);
    JobsElsewhere.cancel(store, id);
    refresh.run();
    assertEquals(JobState.CANCELLED, heard.statuses.get(heard.statuses.size() - 1).getState(), heard.statuses.toString());
    assertEquals(List.of(), heard.deletions);
    assertEquals(List.of(), known.watchedElsewhere(), "no more reads of an ended job");
  }

  @Test
  void aJobEndedAndDeletedBetweenTwoReads_tellsItsWatchersOnce_andIsNoLongerRead() throws Exception {
    String id = JobsElsewhere.running(store);
    Heard heard = watch(id);
    Heard other = watch(id);
    JobsElsewhere.vanish(url, id);
    refresh.run();
    refresh.run();
    assertEquals(1, heard.deletions.size(), heard.deletions.toString());
    assertTrue(heard.deletions.get(0).startsWith("job " + id + " ended and was deleted"), heard.deletions.get(0));
    assertEquals(heard.deletions, other.deletions, "every watcher is told");
    assertTrue(heard.statuses.stream().allMatch(s -> s.getState() == JobState.RUNNING),
        "no end is made up for it: " + heard.statuses);
    assertEquals(List.of(), known.watchedElsewhere(), "no more reads of a deleted job");
  }
}
