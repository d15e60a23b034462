package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;

/**
 * A job's watchers hear its statuses in the order they were set, and nothing after the one that ends it,
 * however the threads that watch and update it interleave: a gRPC watch completes its stream on the
 * ending status, and a status sent after that broke the stream for the client.
 */
class JobRecordTest {
  private static JobRecord running() {
    JobRecord record = new JobRecord("j", JobSpec.getDefaultInstance(), 0, "", "");
    record.update(b -> b.setState(JobState.RUNNING).setStepsDone(1), 0);
    return record;
  }

  /**
   * A watcher that records what it hears, and holds the first status it is told (from the thread that
   * starts the watch) until released.
   */
  private static final class SlowFirst implements JobWatcher {
    final List<JobStatus> heard = new CopyOnWriteArrayList<>();
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void accept(JobStatus status) {
      if (holding.getCount() > 0) {
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      heard.add(status);
    }
  }

  /** Starts a watch on its own thread, waits until the watcher holds its first status, then updates. */
  private static List<JobStatus> watchWhileUpdating(JobRecord record, java.util.function.UnaryOperator<JobStatus.Builder> change)
      throws InterruptedException {
    SlowFirst watcher = new SlowFirst();
    Thread watching = new Thread(() -> record.watch(watcher, UnaryOperator.identity()));
    watching.start();
    assertTrue(watcher.holding.await(10, TimeUnit.SECONDS));
    Thread updating = new Thread(() -> record.update(change, 0));
    updating.start();
    updating.join(300); // the update either waits for the first status to be told, or (the old race) overtakes it
    watcher.release.countDown();
    watching.join(10_000);
    updating.join(10_000);
    return watcher.heard;
  }

  @Test
  void watch_anUpdateWhileTheFirstStatusIsBeingTold_isHeardAfterIt() throws InterruptedException {
    List<JobStatus> heard = watchWhileUpdating(running(), b -> b.setStepsDone(2));
    assertEquals(List.of(1L, 2L), heard.stream().map(JobStatus::getStepsDone).toList());
  }

  @Test
  void watch_theJobEndingWhileTheFirstStatusIsBeingTold_endsWhatTheWatcherHears() throws InterruptedException {
    List<JobStatus> heard = watchWhileUpdating(running(), b -> b.setState(JobState.DONE));
    assertEquals(List.of(JobState.RUNNING, JobState.DONE), heard.stream().map(JobStatus::getState).toList());
  }

  @Test
  void update_aWatcherThatFails_isDropped_andTheOthersStillHear() {
    JobRecord record = running();
    List<JobStatus> heard = new CopyOnWriteArrayList<>();
    int[] calls = {0};
    record.watch(s -> {
      if (calls[0]++ > 0) {
        throw new IllegalStateException("Stream is already completed");
      }
    }, UnaryOperator.identity());
    record.watch(heard::add, UnaryOperator.identity());
    record.update(b -> b.setStepsDone(2), 0);
    record.update(b -> b.setStepsDone(3), 0);
    assertEquals(List.of(1L, 2L, 3L), heard.stream().map(JobStatus::getStepsDone).toList());
    assertEquals(2, calls[0], "the failed watcher was told once more, then dropped");
  }

  @Test
  void watch_eachStatusIsToldAsTheWatchersViewShowsIt_andRetellSendsItAgainThroughTheView() {
    JobRecord record = running();
    List<JobStatus> heard = new CopyOnWriteArrayList<>();
    String[] why = {"waiting: no denoiser"};
    record.watch(heard::add, s -> s.toBuilder().setNote(why[0]).build());
    why[0] = "";
    record.retell();
    record.update(b -> b.setState(JobState.DONE), 0);
    record.retell(); // an ended job tells nothing more
    assertEquals(List.of("waiting: no denoiser", "", ""), heard.stream().map(JobStatus::getNote).toList());
    assertEquals(List.of(JobState.RUNNING, JobState.RUNNING, JobState.DONE),
        heard.stream().map(JobStatus::getState).toList());
    assertEquals("", record.status().getNote(), "the view changes what watchers hear, not the record");
  }

  @Test
  void unwatch_dropsTheWatcherGivenToWatch() {
    JobRecord record = running();
    List<JobStatus> heard = new CopyOnWriteArrayList<>();
    JobWatcher watcher = heard::add;
    record.watch(watcher, s -> s.toBuilder().setNote("seen").build());
    assertTrue(record.watched());
    record.unwatch(watcher);
    record.update(b -> b.setStepsDone(2), 0);
    assertEquals(1, heard.size());
    assertTrue(!record.watched());
  }

  /**
   * A job found deleted tells each watcher so, once; a watcher that found the record just before it was dropped is
   * told at once, not kept waiting for statuses that nothing will send.
   */
  @Test
  void deleted_tellsEveryWatcherOnce_andALateWatcherAtOnce() {
    JobRecord record = running();
    List<String> told = new CopyOnWriteArrayList<>();
    JobWatcher early = new JobWatcher() {
      @Override
      public void accept(JobStatus status) {}

      @Override
      public void deleted(String why) {
        told.add("early: " + why);
      }
    };
    record.watch(early, UnaryOperator.identity());
    record.deleted();
    assertTrue(!record.watched());
    record.watch(new JobWatcher() {
      @Override
      public void accept(JobStatus status) {
        told.add("late heard a status");
      }

      @Override
      public void deleted(String why) {
        told.add("late: " + why);
      }
    }, UnaryOperator.identity());
    String why = "job " + record.status().getJobId() + " ended and was deleted before this api node read how it "
        + "ended";
    assertEquals(List.of("early: " + why, "late: " + why), told);
    assertTrue(!record.watched(), "nothing holds the late watcher");
  }
}
