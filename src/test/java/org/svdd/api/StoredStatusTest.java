package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.store.StoredJob;

/**
 * A job's status survives being stored and read back as its ending: what an api node that restarted, or one that
 * did not run the job, answers for it.
 */
class StoredStatusTest {
  @Test
  void endedStatus_readBackFromItsRow_keepsItsCountsNoteAndWhyDesignsFailed() {
    JobSpec spec = JobSpec.newBuilder().setTask("molecules").setReward("vina-abl").setMethod("svdd").build();
    JobStatus ended = JobStatus.newBuilder().setJobId("j").setSpec(spec).setState(JobState.FAILED)
        .setStepsDone(12).setStepsTotal(64).setValueQ10(1).setValueMedian(2).setValueQ90(3)
        .setDenoisedRows(300).setDesignsScored(40).setDesignsFailed(11).setOracleCalls(38).setEarlyOracleCalls(120)
        .setArchiveAnswers(2)
        .setOracleSeconds(90.5).setNote("oracle budget spent")
        .setLastFailure("docking failed after 2 attempts: /usr/bin/vina took longer than 4 s").build();

    StoredJob.Ending ending = StoredStatus.ending(ended, 5_000);
    StoredJob row = new StoredJob("j", JobSpecs.toJson(spec), "FAILED", "too many designs failed", 100, "",
        ending.progress(), ending.tally(), 1_000, ending.atMs(), -1, "0123456789abcdef");
    JobStatus read = StoredStatus.of(row).build();

    assertEquals("0123456789abcdef", read.getModelDigest(), "the model that ran it");

    assertEquals(ended.getLastFailure(), read.getLastFailure(), "why designs failed outlives the node that saw it");
    assertEquals(11, read.getDesignsFailed());
    assertEquals(40, read.getDesignsScored());
    assertEquals(38, read.getOracleCalls());
    assertEquals(120, read.getEarlyOracleCalls(), "the early reward's calls, apart");
    assertEquals(2, read.getArchiveAnswers());
    assertEquals(90.5, read.getOracleSeconds());
    assertEquals("oracle budget spent", read.getNote());
    assertEquals(12, read.getStepsDone());
    assertEquals(5_000, read.getEndedAtMs());
  }
}
