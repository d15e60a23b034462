package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.ListJobsRequest;
import org.svdd.api.proto.SampleRecord;
import org.svdd.api.proto.SamplingServiceGrpc;
import org.svdd.api.proto.SubmitJobRequest;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;

/** The job API over an in-process channel, against a real one-node engine with fake model and oracle. */
class SamplingGrpcServiceTest {
  private static final double[][] P = AbcModel.rows(3);
  private static final Vocabulary ABC = Vocabulary.ofCharacters("ABC");
  private static SamplingEngine engine;
  private static Server server;
  private static ManagedChannel channel;
  private static SamplingServiceGrpc.SamplingServiceBlockingStub api;
  private static org.svdd.store.JdbcJobStore store;
  private static final String STORE_URL = "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @BeforeAll
  static void start() throws Exception {
    EngineSettings settings = AbcModel.SETTINGS;
    engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(ABC, 3), () -> new FactorizedDenoiserFake(P),
        new SimulatedLatencyOracle(Duration.ofMillis(5), 8, 2), settings, new WorkerStats()), ConfigFactory.load());
    store = org.svdd.store.JdbcJobStore.open(STORE_URL, "sa", "");
    JobRegistry registry = new JobRegistry(engine, new ServedTask("abc", List.of("count-c"), ABC), Clock.systemUTC(), store);
    registry.recover(); // as a served node does: it keeps its leases and reads jobs other nodes follow
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(new SamplingGrpcService(registry)).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    api = SamplingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    engine.close();
  }

  private static JobSpec spec(int particles, int steps) {
    return JobSpec.newBuilder().setMethod("svdd").setParticles(particles).setCandidates(3).setSteps(steps).setSeed(4).build();
  }

  @Test
  void submitWatchResults_finishedJob_streamsProgressThenSamples() {
    JobStatus accepted = api.submitJob(SubmitJobRequest.newBuilder().setSpec(spec(6, 3)).build());
    assertEquals("abc", accepted.getSpec().getTask());
    assertEquals("count-c", accepted.getSpec().getReward());
    List<JobStatus> updates = new ArrayList<>();
    api.watchJob(JobRef.newBuilder().setJobId(accepted.getJobId()).build()).forEachRemaining(updates::add);
    JobStatus last = updates.get(updates.size() - 1);
    assertEquals(JobState.DONE, last.getState(), last.toString());
    assertEquals(18, last.getStepsTotal());
    assertEquals(18, last.getStepsDone());
    assertTrue(updates.stream().anyMatch(u -> u.getState() == JobState.RUNNING));
    List<SampleRecord> samples = new ArrayList<>();
    api.getResults(JobRef.newBuilder().setJobId(accepted.getJobId()).build()).forEachRemaining(samples::add);
    assertEquals(6, samples.size());
    assertTrue(samples.stream().allMatch(s -> s.getSequence().matches("[ABC]{0,3}")), samples.toString());
    assertTrue(samples.stream().allMatch(s -> !s.hasNaturalness()),
        "the service does not estimate naturalness, and says so: " + samples);
    assertTrue(api.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
        .anyMatch(j -> j.getJobId().equals(accepted.getJobId()) && j.getState() == JobState.DONE));
  }

  @Test
  void submit_withAnOracleSecondsBudget_endsDoneAndItsStatusSaysTheBudgetWasSpent() {
    JobSpec spec = spec(6, 3).toBuilder()
        .setBudget(org.svdd.api.proto.Budget.newBuilder().setMaxOracleSeconds(0.004)).build();
    JobStatus accepted = api.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build());
    List<JobStatus> updates = new ArrayList<>();
    api.watchJob(JobRef.newBuilder().setJobId(accepted.getJobId()).build()).forEachRemaining(updates::add);
    JobStatus last = updates.get(updates.size() - 1);
    assertEquals(JobState.DONE, last.getState(), last.toString());
    assertTrue(last.getNote().startsWith("oracle budget spent: ") && last.getNote().contains("guidance stopped"),
        last.getNote());
    assertTrue(last.getOracleSeconds() >= 0.004, "5 ms a call, timed: " + last.getOracleSeconds());
    List<SampleRecord> samples = new ArrayList<>();
    api.getResults(JobRef.newBuilder().setJobId(accepted.getJobId()).build()).forEachRemaining(samples::add);
    assertEquals(6, samples.size(), "every particle still ends with a scored design");
  }

  /**
   * A job another api node follows, watched here, that ends and is deleted before this node reads its end: the watch
   * ends NOT_FOUND saying so (before, it stayed open for good, and the store was read for it every second).
   */
  @Test
  void watch_ofAJobFollowedElsewhere_deletedBeforeItsEndWasRead_endsNotFound() throws Exception {
    String id = JobsElsewhere.running(store);
    java.util.Iterator<JobStatus> watching = SamplingServiceGrpc.newBlockingStub(channel) // a deadline of its own
        .withDeadlineAfter(30, TimeUnit.SECONDS).watchJob(JobRef.newBuilder().setJobId(id).build());
    assertEquals(JobState.RUNNING, watching.next().getState());
    JobsElsewhere.vanish(STORE_URL, id);
    StatusRuntimeException end = assertThrows(StatusRuntimeException.class, () -> {
      while (true) { // the same status may be told again (why it waits is read afresh), never an end
        JobStatus again = watching.next();
        assertEquals(JobState.RUNNING, again.getState(), again.toString());
      }
    });
    assertEquals(Status.Code.NOT_FOUND, end.getStatus().getCode(), end.toString());
    assertEquals("job " + id + " ended and was deleted before this api node read how it ended",
        end.getStatus().getDescription());
  }

  /**
   * A job another api node follows, watched here, that ended there a moment ago: deleting it here is taken, and the
   * watch hears its end (before, until this node's next read of the store, the delete was refused: "is RUNNING").
   */
  @Test
  void delete_ofAJobFollowedElsewhere_thatEndedSinceThisNodeReadIt_isTaken_andItsWatchHearsTheEnd() {
    String id = JobsElsewhere.running(store);
    JobRef ref = JobRef.newBuilder().setJobId(id).build();
    java.util.Iterator<JobStatus> watching = SamplingServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS).watchJob(ref);
    assertEquals(JobState.RUNNING, watching.next().getState());
    JobsElsewhere.cancel(store, id);
    assertEquals(JobState.CANCELLED, api.deleteJob(ref).getState());
    JobStatus last = watching.next();
    while (watching.hasNext()) {
      last = watching.next();
    }
    assertEquals(JobState.CANCELLED, last.getState(), last.toString());
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> api.getJob(ref)).getStatus()
        .getCode());
  }

  @Test
  void cancel_runningJob_endsCancelledAndHasNoResults() {
    JobStatus accepted = api.submitJob(SubmitJobRequest.newBuilder().setSpec(spec(64, 200)).build());
    JobRef ref = JobRef.newBuilder().setJobId(accepted.getJobId()).build();
    StatusRuntimeException early = assertThrows(StatusRuntimeException.class, () -> api.getResults(ref).hasNext());
    assertEquals(Status.Code.FAILED_PRECONDITION, early.getStatus().getCode());
    java.util.Iterator<JobStatus> watching = api.watchJob(ref);
    while (watching.next().getStepsDone() == 0) {
      // cancel once it is under way
    }
    api.cancelJob(ref);
    List<JobStatus> updates = new ArrayList<>();
    watching.forEachRemaining(updates::add);
    JobStatus last = updates.get(updates.size() - 1);
    assertEquals(JobState.CANCELLED, last.getState());
    assertEquals("cancelled after " + last.getStepsDone() + " of " + last.getStepsTotal() + " particle-steps",
        last.getError(), "the status shows the steps done when it stopped, not those of its last whole percent");
    StatusRuntimeException again = assertThrows(StatusRuntimeException.class, () -> api.cancelJob(ref));
    assertEquals(Status.Code.FAILED_PRECONDITION, again.getStatus().getCode());
  }

  @Test
  void submit_badSpecs_areInvalidArgumentNamingTheField() {
    assertInvalid(JobSpec.newBuilder().setTask("protein").build(), "unknown task 'protein'; this service runs [abc]");
    assertInvalid(spec(-2, 3), "particles must be between 1 and 4096, got -2");
    assertInvalid(spec(4, 3).toBuilder().setMethod("dts").build(), "unknown method 'dts'");
    assertInvalid(spec(4, 3).toBuilder().setMethod("svdd,").build(), "method 'svdd,' has an empty name between its commas");
    assertInvalid(spec(4, 3).toBuilder().setMethod("beam").setValueEstimator("mc").build(),
        "method beam ranks the children of every particle by their reward");
    assertInvalid(spec(4, 3).toBuilder().setAdaptive(org.svdd.api.proto.Adaptive.newBuilder().setProbe(4)).build(),
        "adaptive.probe (4) cannot exceed the candidates (3)");
    assertInvalid(spec(4, 3).toBuilder().setMethod("smc").clearCandidates().setAlpha(0).build(),
        "alpha must be a positive finite number for smc");
    assertInvalid(spec(4, 3).toBuilder().setMethod("smc").build(), "candidates is for methods that draw M children "
        + "per step or N·M samples (best-of-n, svdd, svdd-r, beam, tree); smc takes none");
    assertInvalid(spec(4, 3).toBuilder().setMethod("best-of-n").setGuidance(org.svdd.api.proto.Guidance.newBuilder()
        .setEvery(2)).build(), "guidance.every is for methods that value intermediate steps");
    assertInvalid(spec(4, 3).toBuilder().setMethod("svdd,smc").build(), "method must name one method");
    assertInvalid(spec(4, 3).toBuilder().setMethod("svdd").setEssThreshold(0.2).build(),
        "ess_threshold is for methods that weight particles (smc, fk); svdd takes none");
    assertInvalid(spec(4, 3).toBuilder().setReward("qed").build(), "unknown reward 'qed' for task abc");
    assertInvalid(spec(4, 3).toBuilder().setParticles(0).build(), "particles must be between 1 and 4096, got 0");
    assertInvalid(spec(4, 3).toBuilder().setLimits(org.svdd.api.proto.BatchLimits.newBuilder().setMaxBatch(-5)).build(),
        "limits.max_batch must be at least 1, got -5");
    assertInvalid(spec(4, 3).toBuilder().setLimits(org.svdd.api.proto.BatchLimits.newBuilder().setMaxBatch(8)).build(),
        "limits cannot be chosen per job");
  }

  @Test
  void unknownJob_isNotFound() {
    JobRef nobody = JobRef.newBuilder().setJobId("no-such-job").build();
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> api.getJob(nobody)).getStatus().getCode());
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> api.cancelJob(nobody)).getStatus().getCode());
    assertEquals(Status.Code.NOT_FOUND,
        assertThrows(StatusRuntimeException.class, () -> api.watchJob(nobody).hasNext()).getStatus().getCode());
  }

  @Test
  void errors_hugeValues_areEchoedOnlyAsAShortPrefix() {
    String huge = "x".repeat(3_000_000);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> api.submitJob(
        SubmitJobRequest.newBuilder().setSpec(spec(4, 3).toBuilder().setMethod(huge)).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().length() < 600, "description of " + e.getStatus().getDescription().length());
    assertTrue(e.getStatus().getDescription().startsWith("unknown method 'xxx"), e.getStatus().getDescription());
    String longId = "j".repeat(10_000);
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
        () -> api.getJob(org.svdd.api.proto.JobRef.newBuilder().setJobId(longId).build()));
    assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    assertTrue(missing.getStatus().getDescription().length() < 200, missing.getStatus().getDescription());
  }

  /**
   * A value echoed in a refusal shows its control characters escaped (an id, a page token, a method name), so none
   * moves a terminal's cursor or splits a log line; an empty job id is refused as such.
   */
  @Test
  void errors_echoedValues_showControlCharactersEscaped_andAnEmptyIdIsRefused() {
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
        () -> api.getJob(org.svdd.api.proto.JobRef.newBuilder().setJobId("a\u001b[2Jb\nc").build()));
    assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    assertEquals("no job with id 'a\\u001b[2Jb\\u000ac'", missing.getStatus().getDescription());
    StatusRuntimeException token = assertThrows(StatusRuntimeException.class, () -> api.listJobs(
        org.svdd.api.proto.ListJobsRequest.newBuilder().setPageToken("\u0000x").build()));
    assertEquals("page_token '\\u0000x' is not a token this service gave", token.getStatus().getDescription());
    StatusRuntimeException method = assertThrows(StatusRuntimeException.class, () -> api.submitJob(
        SubmitJobRequest.newBuilder().setSpec(spec(4, 3).toBuilder().setMethod("sv\u0007dd")).build()));
    assertTrue(method.getStatus().getDescription().startsWith("unknown method 'sv\\u0007dd'"),
        method.getStatus().getDescription());
    StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
        () -> api.cancelJob(org.svdd.api.proto.JobRef.newBuilder().build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    assertEquals("job_id is empty: give a job's id, or its first 4 or more characters", empty.getStatus().getDescription());
  }

  @Test
  void listJobs_pagesNewestFirstWithoutRepeatsOrGaps() {
    java.util.Set<String> submitted = new java.util.HashSet<>();
    for (int i = 0; i < 5; i++) {
      submitted.add(api.submitJob(SubmitJobRequest.newBuilder().setSpec(spec(2, 2)).build()).getJobId());
    }
    List<String> seen = new java.util.ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      var page = api.listJobs(org.svdd.api.proto.ListJobsRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      assertTrue(page.getJobsCount() <= 2);
      page.getJobsList().forEach(j -> seen.add(j.getJobId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 100);
    assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no job twice");
    assertTrue(seen.containsAll(submitted), "every job once");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> api.listJobs(
        org.svdd.api.proto.ListJobsRequest.newBuilder().setPageToken("garbage!").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class, () -> api.listJobs(
        org.svdd.api.proto.ListJobsRequest.newBuilder().setPageSize(5000).build())).getStatus().getCode());
  }

  /**
   * This node's record of a job can be ahead of the job's stored row (its ending heard here, the write still to come):
   * a listing by state goes by the record, and so reads the rows of stored queued and running jobs too.
   */
  @Test
  void listJobs_inSomeStates_goesByThisNodesRecordWhereTheStoredRowIsBehind() {
    String done = endedJob(false);
    store.updateState(done, "RUNNING", null); // the row as it was before the ending was written
    try {
      assertTrue(listed(JobState.DONE).contains(done), "its record says done");
      assertTrue(!listed(JobState.RUNNING).contains(done), "and not running");
    } finally {
      store.updateState(done, "DONE", null);
    }
  }

  private static List<String> listed(JobState state) {
    return api.listJobs(ListJobsRequest.newBuilder().setPageSize(1000).addStates(state).build()).getJobsList().stream()
        .map(JobStatus::getJobId).toList();
  }

  /** Jobs in other states lie between and after the ones asked for: each page is still full, none repeated or lost. */
  @Test
  void listJobs_inSomeStates_pagesOnlyThoseJobs() {
    String done1 = endedJob(false);
    String cancelled1 = endedJob(true);
    String done2 = endedJob(false);
    String cancelled2 = endedJob(true);
    String done3 = endedJob(false);
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      var page = api.listJobs(ListJobsRequest.newBuilder().setPageSize(1).setPageToken(token)
          .addStates(JobState.CANCELLED).build());
      assertEquals(1, page.getJobsCount(), "a page of one, never an empty one: " + page);
      assertEquals(JobState.CANCELLED, page.getJobs(0).getState());
      seen.add(page.getJobs(0).getJobId());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 100);
    assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no job twice: " + seen);
    assertTrue(seen.indexOf(cancelled2) >= 0 && seen.indexOf(cancelled2) < seen.indexOf(cancelled1),
        "both, newest first: " + seen);
    List<String> doneOrCancelled = api.listJobs(ListJobsRequest.newBuilder().setPageSize(1000)
        .addStates(JobState.DONE).addStates(JobState.CANCELLED).build()).getJobsList().stream()
        .map(JobStatus::getJobId).toList();
    assertEquals(List.of(done3, cancelled2, done2, cancelled1, done1), doneOrCancelled.stream()
        .filter(List.of(done1, cancelled1, done2, cancelled2, done3)::contains).toList());
    assertTrue(api.listJobs(ListJobsRequest.newBuilder().addStates(JobState.QUEUED).build()).getJobsList().stream()
        .noneMatch(j -> List.of(done1, cancelled1, done2, cancelled2, done3).contains(j.getJobId())));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> api.listJobs(
        ListJobsRequest.newBuilder().addStates(JobState.JOB_STATE_UNSPECIFIED).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals("states: JOB_STATE_UNSPECIFIED is not a state to list; allowed: [QUEUED, RUNNING, DONE, FAILED,"
        + " CANCELLED]", e.getStatus().getDescription());
    StatusRuntimeException tooLong = assertThrows(StatusRuntimeException.class, () -> api.listJobs(
        ListJobsRequest.newBuilder().setNameContains("é".repeat(JobSpecs.MAX_NAME + 1)).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, tooLong.getStatus().getCode());
    assertEquals("name_contains must be at most 100 characters (no name is longer), got 101",
        tooLong.getStatus().getDescription());
    assertEquals(0, api.listJobs(ListJobsRequest.newBuilder().setNameContains("é".repeat(JobSpecs.MAX_NAME)).build())
        .getJobsCount(), "as long as the longest name: asked, and no job holds it");
  }

  /**
   * A job is named by the start of its id (4 characters or more) in every call that names one, as by its whole id;
   * a start that several ids share is refused naming them, and a shorter one is taken as a whole id.
   */
  @Test
  void theStartOfAJobsId_namesTheJob_inEveryCall_unlessSeveralIdsStartSo() {
    JobStatus running = api.submitJob(SubmitJobRequest.newBuilder().setSpec(spec(64, 200)).build());
    String id = running.getJobId();
    JobRef start = JobRef.newBuilder().setJobId(id.substring(0, 8)).build();
    java.util.Iterator<JobStatus> watching = api.watchJob(start);
    JobStatus last = watching.next();
    assertEquals(id, last.getJobId(), "the watch follows the job it names");
    assertEquals(id, api.getJob(start).getJobId());
    assertEquals(id, api.cancelJob(start).getJobId());
    while (watching.hasNext()) {
      last = watching.next();
    }
    assertEquals(JobState.CANCELLED, last.getState(), "cancelled through the start of its id: " + last);

    String done = endedJob(false);
    JobRef doneStart = JobRef.newBuilder().setJobId(done.substring(0, 13)).build();
    List<SampleRecord> samples = new ArrayList<>();
    api.getResults(doneStart).forEachRemaining(samples::add);
    assertEquals(2, samples.size());
    assertEquals(done, api.deleteJob(doneStart).getJobId());
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
        () -> api.getJob(JobRef.newBuilder().setJobId(done).build())).getStatus().getCode(), "deleted");

    for (String twin : List.of("0ddba11f-0000-4000-8000-100000000000", "0ddba11f-0000-4000-8000-200000000000")) {
      store.insertJob(new org.svdd.store.StoredJob(twin, JobSpecs.toJson(spec(2, 2).toBuilder().setTask("abc")
          .setReward("count-c").build()), "FAILED", "stored by the test", System.currentTimeMillis()));
    }
    StatusRuntimeException shared = assertThrows(StatusRuntimeException.class,
        () -> api.getJob(JobRef.newBuilder().setJobId("0ddba11f").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, shared.getStatus().getCode());
    assertEquals("job id '0ddba11f' is the start of several jobs' ids (0ddba11f-0000-4000-8000-100000000000, "
        + "0ddba11f-0000-4000-8000-200000000000); give more of it", shared.getStatus().getDescription());
    assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
        () -> api.watchJob(JobRef.newBuilder().setJobId("0ddb").build()).hasNext()).getStatus().getCode());
    assertEquals("0ddba11f-0000-4000-8000-200000000000",
        api.getJob(JobRef.newBuilder().setJobId("0ddba11f-0000-4000-8000-2").build()).getJobId(),
        "enough characters name one");
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
        () -> api.getJob(JobRef.newBuilder().setJobId("0dd").build())).getStatus().getCode(), "3 characters: an id");
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
        () -> api.getJob(JobRef.newBuilder().setJobId("0ddba11e").build())).getStatus().getCode());
  }

  /** A job run to its end, or cancelled once under way; its id. */
  private static String endedJob(boolean cancel) {
    JobStatus accepted = api.submitJob(SubmitJobRequest.newBuilder().setSpec(cancel ? spec(64, 200) : spec(2, 2))
        .build());
    JobRef ref = JobRef.newBuilder().setJobId(accepted.getJobId()).build();
    java.util.Iterator<JobStatus> watching = api.watchJob(ref);
    JobStatus last = watching.next();
    if (cancel) {
      while (last.getStepsDone() == 0) {
        last = watching.next();
      }
      api.cancelJob(ref);
    }
    while (watching.hasNext()) {
      last = watching.next();
    }
    assertEquals(cancel ? JobState.CANCELLED : JobState.DONE, last.getState(), last.toString());
    return accepted.getJobId();
  }

  private static void assertInvalid(JobSpec spec, String expected) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> api.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith(expected), e.getStatus().getDescription());
  }
}
