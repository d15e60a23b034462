package org.svdd.api;

import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Spend;
import org.svdd.store.StoredJob;

/** A job's status as the job store keeps it: a stored row read as a status, and a status's ending written as a row's. */
final class StoredStatus {
  private StoredStatus() {}

  /**
   * A stored job's status: its spec, state and error, times, what it asked of its oracles and which they were, the
   * model that runs it, and for a finished job all its steps done.
   */
  static JobStatus.Builder of(StoredJob stored) {
    JobSpec spec = JobSpecs.parseJson(stored.spec(), "stored job " + stored.id());
    JobState state = JobState.valueOf(stored.state());
    Checkpoints.Tally tally = stored.tally();
    JobStatus.Builder status = JobStatus.newBuilder().setJobId(stored.id()).setSpec(spec).setState(state)
        .setSubmittedAtMs(stored.submittedAtMs()).setError(stored.error() == null ? "" : stored.error())
        .setStepsDone(stored.progress().stepsDone()).setStepsTotal(stored.progress().stepsTotal())
        .setValueQ10(stored.progress().q10()).setValueMedian(stored.progress().median())
        .setValueQ90(stored.progress().q90())
        .setStartedAtMs(stored.startedAtMs()).setEndedAtMs(stored.endedAtMs())
        .setNote(tally.note()).putAllOracles(tally.oracles()).setModelDigest(stored.modelDigest());
    spent(status, tally.spent());
    return state == JobState.DONE ? allStepsDone(status) : status;
  }

  /** How a job whose last status is {@code status} ended, at {@code at}. */
  static StoredJob.Ending ending(JobStatus status, long at) {
    return new StoredJob.Ending(progressOf(status), new Checkpoints.Tally(new Spend(status.getDenoisedRows(),
        status.getDesignsScored(), status.getDesignsFailed(), status.getOracleCalls(), status.getEarlyOracleCalls(),
        status.getArchiveAnswers(), status.getOracleSeconds(), status.getLastFailure()), status.getNote(),
        status.getOraclesMap()), at);
  }

  /** Sets what the job spent on {@code status}. */
  static JobStatus.Builder spent(JobStatus.Builder status, Spend spent) {
    return status.setDenoisedRows(spent.denoisedRows()).setDesignsScored(spent.designsScored())
        .setDesignsFailed(spent.designsFailed()).setOracleCalls(spent.oracleCalls())
        .setEarlyOracleCalls(spent.earlyOracleCalls())
        .setArchiveAnswers(spent.archiveAnswers()).setOracleSeconds(spent.oracleSeconds())
        .setLastFailure(spent.lastFailure());
  }

  private static StoredJob.Progress progressOf(JobStatus status) {
    return new StoredJob.Progress(status.getStepsDone(), status.getStepsTotal(), status.getValueQ10(),
        status.getValueMedian(), status.getValueQ90());
  }

  /** A finished job's progress: every step of every trajectory of its plan done. */
  static JobStatus.Builder allStepsDone(JobStatus.Builder status) {
    SamplingPlan plan;
    try {
      plan = JobSpecs.toPlan(status.getSpec(), Method.parse(status.getSpec().getMethod()));
    } catch (IllegalArgumentException e) {
      return status; // a job an earlier build ran, whose spec this build's checks refuse: its stored counts stand
    }
    long total = (long) plan.trajectories() * plan.steps();
    return status.setStepsDone(total).setStepsTotal(total).setFinished(plan.trajectories())
        .setTrajectories(plan.trajectories());
  }
}
