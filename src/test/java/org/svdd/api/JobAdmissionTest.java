package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.core.method.Method;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

class JobAdmissionTest {
  private final JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  /** At most 8 particles and 2 unfinished jobs per client. */
  private final JobAdmission admission = new JobAdmission(AbcTask.TASK,
      new ApiPolicy("", 8, 256, 4096, 2, Optional.empty(), Optional.empty()), store);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void admit_fillsTheDefaultsAndPlansTheSpecOnce() {
    JobAdmission.Admitted admitted = admission.admit(JobSpec.newBuilder().setMethod("smc").setParticles(6).build(), "");
    assertEquals("abc", admitted.spec().getTask());
    assertEquals("count-b", admitted.spec().getReward(), "the served task's first reward");
    assertEquals(JobSpecs.DEFAULT_STEPS, admitted.spec().getSteps());
    assertEquals(Method.SMC, admitted.plan().method());
    assertEquals(6, admitted.plan().particles());
    assertEquals(1.0, admitted.plan().alpha(), "smc's own default temperature");
    assertEquals(JobAdmission.planOf(admitted.spec()), admitted.plan(), "a resumed job is planned as it was admitted");
  }

  @Test
  void admit_specsTheServiceDoesNotRun_areRefusedNamingWhy() {
    assertRefused(JobSpec.newBuilder().setTask("protein"), "unknown task 'protein'; this service runs [abc]");
    assertRefused(JobSpec.newBuilder().setModel("/tmp/model"), "model cannot be chosen per job");
    assertRefused(JobSpec.newBuilder().setMethod("svdd,smc"), "method must name one method, got 'svdd,smc'");
    assertRefused(JobSpec.newBuilder().setEarlyValue(org.svdd.api.proto.EarlyValue.newBuilder().setReward("qed")),
        "unknown reward 'qed' for task abc");
    assertRefused(JobSpec.newBuilder().setLimits(org.svdd.api.proto.BatchLimits.newBuilder().setMaxBatch(8)),
        "limits cannot be chosen per job");
    assertRefused(JobSpec.newBuilder().setParticles(9), "particles 9 exceeds this service's limit svdd.api.limits"
        + ".max-particles = 8");
  }

  @Test
  void admit_aJobSteeredByAValueNetwork_isCheckedForIt_otherJobsAreNot() {
    java.util.List<String> checked = new java.util.ArrayList<>();
    JobAdmission checking = new JobAdmission(AbcTask.TASK.withValueNetworkCheck(reward -> {
      checked.add(reward);
      throw new IllegalArgumentException("value mc needs a value network for reward '" + reward + "'");
    }), new ApiPolicy("", 8, 256, 4096, 2, Optional.empty(), Optional.empty()), store);
    checking.admit(JobSpec.newBuilder().setParticles(2).build(), "");
    checking.admit(JobSpec.newBuilder().setParticles(2).setValueEstimator("rollout").build(), "");
    assertEquals(java.util.List.of(), checked, "value pm and rollout use no network");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> checking.admit(
        JobSpec.newBuilder().setParticles(2).setValueEstimator("mc").build(), ""));
    assertEquals("value mc needs a value network for reward 'count-b'", e.getMessage());
    assertEquals(java.util.List.of("count-b"), checked, "the network of the job's reward");
    assertEquals(0, store.unfinishedOf(""), "nothing stored");
  }

  /**
   * A tree search is judged by the memory its tree would take with the served model's states: a tree of images the
   * state cap allows is refused before anything is stored; the same tree of short sequences, and any job of a service
   * that does not know its states' size, are taken.
   */
  @Test
  void admit_aTreeSearchWhoseTreeWouldNotFitInTheHeap_isRefused() {
    ApiPolicy wide = new ApiPolicy("", 1024, 256, 4096, 2, Optional.empty(), Optional.empty());
    JobSpec tree = JobSpec.newBuilder().setMethod("tree").setParticles(1024).setCandidates(64).setSteps(64).build();
    long pixels = Runtime.getRuntime().maxMemory() / (4L * 1024 * 64 * 64) + 1; // a quarter of the heap, passed
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JobAdmission(
        AbcTask.TASK.withPositions((int) pixels), wide, store).admit(tree, ""));
    assertTrue(e.getMessage().startsWith("tree keeps every rollout's states: particles x candidates x steps = 4194304 "
        + "states of " + pixels + " positions"), e.getMessage());
    assertEquals(0, store.unfinishedOf(""), "nothing stored");
    assertEquals(Method.TREE, new JobAdmission(AbcTask.TASK.withPositions(1), wide, store).admit(tree, "").plan()
        .method(), "states of one position fit");
    assertEquals(Method.TREE, new JobAdmission(AbcTask.TASK, wide, store).admit(tree, "").plan().method(),
        "states of unknown size are judged by their number alone");
  }

  @Test
  void admit_aClientAtItsShareOfUnfinishedJobs_isRefusedWhileOthersAreNot() {
    JobSpec spec = JobSpec.newBuilder().setParticles(2).build();
    for (String state : new String[] {JobState.QUEUED.name(), JobState.RUNNING.name(), JobState.DONE.name()}) {
      store.insertJob(new StoredJob(UUID.randomUUID().toString(), JobSpecs.toJson(spec), state, null, 1L, "alice"));
    }
    LimitExceededException e = assertThrows(LimitExceededException.class, () -> admission.admit(spec, "alice"));
    assertEquals("client alice has 2 unfinished jobs; svdd.api.limits.max-jobs-per-client = 2", e.getMessage());
    assertEquals(2, admission.admit(spec, "bob").plan().particles(), "another client's jobs do not count");
  }

  private void assertRefused(JobSpec.Builder spec, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> admission.admit(spec.build(), ""));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
