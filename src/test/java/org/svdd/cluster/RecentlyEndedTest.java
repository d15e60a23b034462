package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentlyEndedTest {
  @Test
  void aWithdrawnJob_isRemembered_forTheWindowOnly() {
    AtomicLong now = new AtomicLong(1_000);
    RecentlyEnded ended = new RecentlyEnded(now::get);
    ended.add("job-a");
    assertTrue(ended.contains("job-a"));
    assertFalse(ended.contains("job-b"), "only the job withdrawn");
    now.addAndGet(RecentlyEnded.WINDOW.toNanos() - 1);
    assertTrue(ended.contains("job-a"), "still within the window");
    now.addAndGet(2);
    assertFalse(ended.contains("job-a"), "a job run again under the same id is taken once the window is over");
  }

  @Test
  void noJob_isNeverRemembered() {
    RecentlyEnded ended = new RecentlyEnded();
    ended.add("");
    assertFalse(ended.contains(""), "requests of no job are withdrawn only by their own abandon");
  }
}
