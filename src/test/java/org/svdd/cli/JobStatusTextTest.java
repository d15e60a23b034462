package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    assertEquals("1.000     2.500     4.250  -", values(RUNNING));
  }

  @Test
  void aJobsLine_saysWhenItWasSubmitted_beforeItsNote() {
    JobStatus submitted = RUNNING.toBuilder().setSubmittedAtMs(1_500).build();
    assertEquals("1.000     2.500     4.250  1970-01-01T00:00:01Z", values(submitted));
    assertEquals("1.000     2.500     4.250  1970-01-01T00:00:01Z  oracle budget spent",
        values(submitted.toBuilder().setNote("oracle budget spent").build()));
    assertEquals(JobStatusText.header().indexOf("submitted"), JobStatusText.line(submitted).indexOf("1970"),
        "under its header");
  }

  @Test
  void aQueuedJob_orOneStoredWithoutValues_showsDashes_notZeros() {
    JobStatus queued = RUNNING.toBuilder().setState(JobState.QUEUED).setStepsDone(0).setValueQ10(0).setValueMedian(0)
        .setValueQ90(0).build();
    assertEquals("-         -         -  -", values(queued));
    JobStatus unrecorded = RUNNING.toBuilder().setState(JobState.DONE).setStepsDone(8).setValueQ10(Double.NaN)
        .setValueMedian(Double.NaN).setValueQ90(Double.NaN).build();
    assertEquals("-         -         -  -", values(unrecorded));
  }

  @Test
  void details_sayWhenAJobStartedAndEnded() {
    JobStatus done = RUNNING.toBuilder().setState(JobState.DONE).setSubmittedAtMs(1_000).setStartedAtMs(3_000)
        .setEndedAtMs(15_500).build();
    assertEquals("time    submitted 1970-01-01T00:00:01Z, started 1970-01-01T00:00:03Z, ended 1970-01-01T00:00:15Z "
        + "after 12.5 s", lastLine(JobStatusText.details(done)));
    JobStatus cancelledQueued = RUNNING.toBuilder().setState(JobState.CANCELLED).setSubmittedAtMs(1_000)
        .setEndedAtMs(2_000).build();
    assertEquals("time    submitted 1970-01-01T00:00:01Z, ended 1970-01-01T00:00:02Z before it started",
        lastLine(JobStatusText.details(cancelledQueued)));
    assertEquals("time    submitted 1970-01-01T00:00:01Z, started 1970-01-01T00:00:03Z",
        lastLine(JobStatusText.details(done.toBuilder().setState(JobState.RUNNING).setEndedAtMs(0).build())));
  }

  @Test
  void details_sayWhyDesignsCouldNotBeScored_onlyWhenSomeCouldNot() {
    JobStatus failing = RUNNING.toBuilder().setDesignsScored(183).setDesignsFailed(1)
        .setLastFailure("vina timed out after 300 s").build();
    assertEquals(List.of("work    0 denoiser rows, 183 designs scored, 1 could not be (the last: vina timed out after 300 s)"),
        JobStatusText.details(failing).lines().filter(l -> l.startsWith("work")).toList());
    assertEquals(List.of("work    0 denoiser rows, 183 designs scored, 0 could not be"), JobStatusText.details(
        failing.toBuilder().setDesignsFailed(0).build()).lines().filter(l -> l.startsWith("work")).toList());
  }

  @Test
  void details_nameTheModelThatRunsTheJob_whereRecorded() {
    List<String> lines = JobStatusText.details(RUNNING.toBuilder().setModelDigest("583e01f2a4b6c8d0").build()).lines()
        .toList();
    assertEquals("model   583e01f2a4b6c8d0 (the digest of its weights and settings)", lines.get(1), "below the spec");
    assertTrue(JobStatusText.details(RUNNING).lines().noneMatch(l -> l.startsWith("model")),
        "a job stored before svdd recorded it says nothing");
  }

  /** The job reward's calls first; what valued earlier steps instead apart, by name; cache hits what neither paid. */
  @Test
  void details_countTheEarlyRewardsCallsApart() {
    JobStatus docking = RUNNING.toBuilder().setDesignsScored(500).setOracleCalls(40).setEarlyOracleCalls(380)
        .setArchiveAnswers(30).setOracleSeconds(612.5).setSpec(JobSpec.newBuilder().setMethod("svdd")
            .setEarlyValue(org.svdd.api.proto.EarlyValue.newBuilder().setReward("qed"))).build();
    assertEquals(List.of("oracle  40 oracle calls, 380 by the early reward qed (612.5 oracle-seconds), 30 from the archive, "
        + "50 cache hits"), oracleLine(docking));
    JobStatus mc = docking.toBuilder().setSpec(JobSpec.newBuilder().setMethod("svdd").setValueEstimator("mc")).build();
    assertEquals(List.of("oracle  40 oracle calls, 380 by the value network (612.5 oracle-seconds), 30 from the archive, "
        + "50 cache hits"), oracleLine(mc));
    assertEquals(List.of("oracle  40 oracle calls (612.5 oracle-seconds), 30 from the archive, 430 cache hits"),
        oracleLine(docking.toBuilder().setEarlyOracleCalls(0).setSpec(JobSpec.newBuilder().setMethod("svdd")).build()),
        "a job guided by its reward alone");
  }

  /** Each reward's oracle on a line of its own, by reward name, after the oracle counts; none before one answered. */
  @Test
  void details_nameTheOracleThatScoredEachReward_onceOneHas() {
    JobStatus docking = RUNNING.toBuilder().putOracles("vina-abl", "vina|vina-abl|AutoDock Vina v1.2.3|exhaustiveness 8")
        .putOracles("qed", "qed|RDKit 2022.09.5").build();
    List<String> lines = JobStatusText.details(docking).lines().toList();
    int oracle = lines.indexOf(oracleLine(docking).get(0));
    assertEquals(List.of("scorer  qed: qed|RDKit 2022.09.5",
        "scorer  vina-abl: vina|vina-abl|AutoDock Vina v1.2.3|exhaustiveness 8"), lines.subList(oracle + 1, oracle + 3));
    assertEquals(List.of("scorer  (default): rna-mfe|RNAfold 2.6.4|--noPS"), JobStatusText.details(RUNNING.toBuilder()
        .putOracles("", "rna-mfe|RNAfold 2.6.4|--noPS").build()).lines().filter(l -> l.startsWith("scorer")).toList());
    assertTrue(JobStatusText.details(RUNNING).lines().noneMatch(l -> l.startsWith("scorer")));
  }

  private static List<String> oracleLine(JobStatus s) {
    return JobStatusText.details(s).lines().filter(l -> l.startsWith("oracle")).toList();
  }

  @Test
  void details_nameTheCoordinatorsNodeOnceThereIsOne() {
    assertEquals(List.of("node    pekko://svdd@127.0.0.1:25521 (its coordinator)"), JobStatusText.details(
        RUNNING.toBuilder().setCoordinatorNode("pekko://svdd@127.0.0.1:25521").build()).lines()
        .filter(l -> l.startsWith("node")).toList());
    assertEquals(List.of(), JobStatusText.details(RUNNING).lines().filter(l -> l.startsWith("node")).toList());
  }

  /** The spec comes first, as one line that --spec reads back to the same job. */
  @Test
  void details_startWithTheSpec_asOneLineSpecFilesRead() {
    JobSpec spec = JobSpec.newBuilder().setTask("molecules").setReward("qed").setMethod("svdd").setParticles(4)
        .setSeed(7).setGuidance(org.svdd.api.proto.Guidance.newBuilder().setLastFraction(0.5)).build();
    String first = JobStatusText.details(RUNNING.toBuilder().setSpec(spec).build()).lines().findFirst().orElseThrow();
    assertEquals("spec    {\"task\":\"molecules\",\"reward\":\"qed\",\"method\":\"svdd\",\"particles\":4,\"seed\":\"7\","
        + "\"guidance\":{\"lastFraction\":0.5}}", first);
    assertEquals(spec, org.svdd.api.JobSpecs.parseJson(first.substring("spec    ".length()), "the status line"));
  }

  private static String lastLine(String text) {
    return text.lines().reduce((a, b) -> b).orElseThrow();
  }
}
