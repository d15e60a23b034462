package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;

/** A job's line shows value quantiles only where the job has them. */
class JobStatusTextTest {
  private static final JobStatus RUNNING = JobStatus.newBuilder().setJobId("j").setState(JobState.RUNNING)
      .setSpec(JobSpec.newBuilder().setMethod("svdd")).setStepsDone(3).setStepsTotal(8).setValueQ10(1)
      .setValueMedian(2.5).setValueQ90(4.25).build();

  private static String values(JobStatus s) {
    return JobStatusText.line(s).replaceAll("^.*/8\\s+", "");
  }

  @Test
  void aRunningJob_showsItsQuantiles() {
    assertEquals("1.000     2.500     4.250", values(RUNNING));
  }

  @Test
  void aQueuedJob_orOneStoredWithoutValues_showsDashes_notZeros() {
    JobStatus queued = RUNNING.toBuilder().setState(JobState.QUEUED).setStepsDone(0).setValueQ10(0).setValueMedian(0)
        .setValueQ90(0).build();
    assertEquals("-         -         -", values(queued));
    JobStatus unrecorded = RUNNING.toBuilder().setState(JobState.DONE).setStepsDone(8).setValueQ10(Double.NaN)
        .setValueMedian(Double.NaN).setValueQ90(Double.NaN).build();
    assertEquals("-         -         -", values(unrecorded));
  }
}
