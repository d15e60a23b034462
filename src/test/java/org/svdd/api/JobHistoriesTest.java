package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobStatus;

class JobHistoriesTest {
  private static JobStatus step(long done) {
    return JobStatus.newBuilder().setJobId("j").setStepsDone(done).build();
  }

  private static List<Long> steps(List<JobStatus> history) {
    return history.stream().map(JobStatus::getStepsDone).toList();
  }

  @Test
  void aFullHistory_dropsEveryOtherStatus_keepingTheNewestInOrder() {
    JobHistories histories = new JobHistories();
    for (long i = 1; i <= JobHistories.KEPT + 1; i++) {
      histories.add("j", step(i));
    }
    List<Long> kept = steps(histories.of("j"));
    assertEquals(JobHistories.KEPT / 2 + 1, kept.size());
    assertEquals(2L, kept.get(0), "every other one of the first 512, from the second");
    assertEquals(List.of((long) JobHistories.KEPT, JobHistories.KEPT + 1L), kept.subList(kept.size() - 2, kept.size()));
    for (int i = 1; i < kept.size() - 1; i++) {
      assertEquals(2, kept.get(i) - kept.get(i - 1), "evenly thinned");
    }
  }

  @Test
  void aLongJob_neverKeepsMoreThanTheBound_andItsLastStatusIsAlwaysThere() {
    JobHistories histories = new JobHistories();
    for (long i = 1; i <= 20_000; i++) {
      histories.add("j", step(i));
      List<JobStatus> now = histories.of("j");
      assertTrue(now.size() <= JobHistories.KEPT);
      assertEquals(i, now.get(now.size() - 1).getStepsDone());
    }
  }

  @Test
  void jobsAreKeptApart_andAForgottenOrUnknownJobHasNone() {
    JobHistories histories = new JobHistories();
    histories.add("a", step(1));
    histories.add("b", step(7));
    histories.add("a", step(2));
    assertEquals(List.of(1L, 2L), steps(histories.of("a")));
    assertEquals(List.of(7L), steps(histories.of("b")));
    histories.forget("a");
    assertEquals(List.of(), histories.of("a"));
    assertEquals(List.of(), histories.of("unknown"));
  }
}
