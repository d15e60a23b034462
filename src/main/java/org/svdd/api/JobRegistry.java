package org.svdd.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.NodeLoad;
import org.svdd.api.proto.NodeStatus;
import org.svdd.api.proto.SampleRecord;
import org.svdd.cluster.JobCoordinator;
import org.svdd.cluster.NodeReporter;
import org.svdd.cluster.SamplingEngine;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/**
 * The jobs a service has accepted: admits specs ({@link JobAdmission}), records them in the job store, submits
 * them to the engine, follows their events, and answers status, watch, cancel and result queries.
 * Several api nodes may share one store: each follows the unfinished jobs it holds a lease on
 * ({@link JobLeases}) and takes over those whose lease lapsed; any node answers for any job, reading
 * the store for jobs another node follows (their state, and progress their node writes every 2 s).
 * {@link #recover} at start takes back this node's unfinished jobs (and any without a live lease),
 * resuming them from their checkpoints, and starts the leases.
 */
public final class JobRegistry implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobRegistry.class);
  /** How the note of a job that waits for the cluster begins. */
  public static final String WAITING = "waiting: ";
  private static final Duration POLL_ELSEWHERE = Duration.ofSeconds(1);
  /** How long a node's load is waited for when the cluster's nodes are listed. */
  private static final Duration LOAD_WAIT = Duration.ofSeconds(1);
  private final SamplingEngine engine;
  private final ServedTask task;
  private final Clock clock;
  private final JdbcJobStore store;
  private final ApiPolicy policy;
  private final JobAdmission admission;
  private final JobLeases.Keeper leases;
  /** The jobs this node holds records of: followed, watched here while another node follows them, or seen ending. */
  private final KnownJobs known = new KnownJobs();
  private final JobTakeovers takeovers;
  /** Reads, once a second, the jobs watched here that other nodes follow. */
  private final WatchRefresh refresh;
  private final JobMeters jobMeters;
  /** The progress of jobs this node followed, status by status. */
  private final JobHistories histories = new JobHistories();
  /** The samples of the last jobs to finish or be read, so a client fetching them right away reads no store. */
  private final Cache<String, List<SampleRecord>> recentSamples = Caffeine.newBuilder().maximumSize(64).build();
  /** Jobs asked to stop; kept so that late progress does not record them as running again. */
  private final Set<String> cancelRequested = ConcurrentHashMap.newKeySet();
  /** Where followed jobs' events go: the store, then {@link #follow}. */
  private final JobEvents events;

  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock, JdbcJobStore store) {
    this(engine, task, clock, store, ApiPolicy.open());
  }

  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock, JdbcJobStore store, ApiPolicy policy) {
    this(engine, task, clock, store, policy, new SimpleMeterRegistry());
  }

  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock, JdbcJobStore store, ApiPolicy policy,
      MeterRegistry meters) {
    this(engine, task, clock, store, policy, meters, new JobLeases("api@" + engine.address(), JobLeases.DEFAULT_TTL));
  }

  /**
   * A registry that also reports jobs by state, and each running job's progress and step time, to
   * {@code meters}, and holds its jobs' leases as {@code lease} says.
   */
  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock, JdbcJobStore store, ApiPolicy policy,
      MeterRegistry meters, JobLeases lease) {
    this.engine = engine;
    this.task = task;
    this.clock = clock;
    this.store = store;
    this.policy = policy;
    this.admission = new JobAdmission(task, policy, store);
    this.leases = new JobLeases.Keeper(store.leases(), lease);
    this.events = new JobEvents(store, cancelRequested::contains, this::follow);
    this.jobMeters = new JobMeters(meters, store);
    this.refresh = new WatchRefresh(known, store, engine::jobsWait);
    this.takeovers = new JobTakeovers(known, leases, store, engine, clock, this::resume, this::letGo,
        this::cancelledElsewhere);
  }

  /**
   * Takes back this node's unfinished jobs from before a restart, and any no live api node follows;
   * they start again from their checkpoints. Then keeps this node's leases and takes over jobs whose
   * lease lapses. Says how many jobs resumed now, and which could not and ended FAILED instead, each with why.
   */
  public Recovery recover() {
    JobNames.fillMissingKeys(store);
    Recovery recovered = takeovers.recover();
    leases.start(takeovers::keep, refresh, POLL_ELSEWHERE);
    return recovered;
  }

  /**
   * What {@link #recover} took back: how many unfinished jobs resumed from their checkpoints, and the ids of those it
   * could not resume (begun under another model, or with a spec this build refuses), each with the error they ended
   * FAILED with.
   */
  public record Recovery(int resumed, Map<String, String> ended) {
    public Recovery {
      ended = Map.copyOf(ended);
    }
  }

  /** Validates and starts a job for an anonymous client. */
  public JobStatus submit(JobSpec requested) {
    return submit(requested, "");
  }

  /**
   * Validates and starts a job; bad specs throw IllegalArgumentException naming the field, a client over
   * its share of unfinished jobs LimitExceededException.
   */
  public synchronized JobStatus submit(JobSpec requested, String client) {
    JobAdmission.Admitted admitted = admission.admit(requested, client);
    JobSpec spec = admitted.spec();
    String id = UUID.randomUUID().toString();
    JobRecord record = new JobRecord(id, spec, clock.millis(), client, task.modelDigest());
    known.follow(id, record); // before its row names this node: the lease keeper must not take it over again
    try {
      store.insertJob(new StoredJob(id, JobSpecs.toJson(spec), JobState.QUEUED.name(), null,
          record.status().getSubmittedAtMs(), client).withModelDigest(task.modelDigest()), JobNames.key(spec.getName()),
          leases.owner(), leases.ttl());
    } catch (RuntimeException e) {
      known.drop(id);
      throw e;
    }
    run(record, admitted.plan());
    return withWait(record.status());
  }

  /**
   * An unfinished job's status with why it waits, when the cluster gives a reason (no node has the coordinator role,
   * or none the denoiser role, say), as its note unless it has one.
   */
  private JobStatus withWait(JobStatus s) {
    if (s.getState() != JobState.QUEUED && s.getState() != JobState.RUNNING || !s.getNote().isEmpty()) {
      return s;
    }
    return engine.jobsWait(JobSpecs.rewardsAsked(s.getSpec())).map(why -> s.toBuilder().setNote(WAITING + why).build())
        .orElse(s);
  }

  /**
   * Starts a stored job again from its checkpoints, planned anew from its spec; or, where it cannot be (begun under
   * another model, a spec this build refuses, a value network no longer usable), ends it FAILED and returns why.
   */
  private Optional<String> resume(JobRecord record) {
    String ranWith = record.status().getModelDigest();
    if (!ranWith.isEmpty() && !task.modelDigest().isEmpty() && !ranWith.equals(task.modelDigest())) {
      // its steps so far came from another model: ended rather than finished with this one's
      return fail(record, "the job began under model " + ranWith + " and this service runs model "
          + task.modelDigest() + " now: one model's steps cannot be finished by another's; submit the job again to run"
          + " it under this model");
    }
    SamplingPlan plan;
    try {
      plan = JobAdmission.planOf(record.status().getSpec());
    } catch (IllegalArgumentException e) {
      // a stored job an earlier build accepted, whose spec this build's checks refuse: it ends, saying why
      return fail(record, "this build cannot resume the job: " + e.getMessage());
    }
    try {
      task.checkValueNetworkOf(plan); // removed, or made for another model, while the job waited
    } catch (RuntimeException e) {
      return fail(record, "the job cannot resume: " + e.getMessage());
    }
    run(record, plan);
    return Optional.empty();
  }

  private Optional<String> fail(JobRecord record, String why) {
    events.accept(record, new JobCoordinator.Failed(why), clock.millis());
    return Optional.of(why);
  }

  /** Submits a followed job to the engine; its events go through {@link JobEvents} to the store and to {@link #follow}. */
  private void run(JobRecord record, SamplingPlan plan) {
    engine.submit(record.status().getJobId(), plan, event -> events.accept(record, event, clock.millis()));
  }

  public JobStatus get(String id) {
    return withWait(find(id).status());
  }

  /** Every job in the store, newest first. */
  public List<JobStatus> list() {
    List<JobStatus> out = new ArrayList<>();
    String token = "";
    do {
      Page page = list(MAX_PAGE_SIZE, token, Set.of());
      out.addAll(page.jobs());
      token = page.nextToken();
    } while (!token.isEmpty());
    return out;
  }

  /** One page of jobs, newest first, and the token of the next page ("" on the last). */
  public record Page(List<JobStatus> jobs, String nextToken) {}

  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int MAX_PAGE_SIZE = 1000;

  /** {@link #list(int, String, Set, String)} of every job, named or not. */
  public Page list(int size, String token, Set<JobState> states) {
    return list(size, token, states, "");
  }

  /**
   * Jobs after the one {@code token} names (the first page for ""), at most {@code size} (0: the default), only those
   * whose status is in {@code states} (every job for none) and whose name contains {@code nameContains} (letters
   * compared without case; every job for ""). The token is the last job's submission time and id, so jobs submitted
   * meanwhile never shift a page.
   */
  public Page list(int size, String token, Set<JobState> states, String nameContains) {
    if (size < 0 || size > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("page_size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
    }
    for (JobState state : states) {
      if (state == JobState.JOB_STATE_UNSPECIFIED || state == JobState.UNRECOGNIZED) {
        throw new IllegalArgumentException("states: " + state + " is not a state to list; allowed: "
            + JobStates.LISTABLE);
      }
    }
    JobSpecs.checkSoughtName(nameContains, "name_contains");
    String nameKey = JobNames.key(nameContains);
    int limit = size == 0 ? DEFAULT_PAGE_SIZE : size;
    PageToken after = token.isEmpty() ? null : PageToken.parse(token);
    // one more than the page, to know whether there is a next one; store rows in other states are read past
    List<JobStatus> page = new ArrayList<>();
    Set<String> stored = JobStates.storedMayShow(states);
    boolean storeHasMore = true;
    while (storeHasMore && page.size() <= limit) {
      List<StoredJob> rows = after == null ? store.page(limit + 1, 0, null, stored, nameKey)
          : store.page(limit + 1, after.submittedAtMs(), after.jobId(), stored, nameKey);
      storeHasMore = rows.size() > limit;
      for (int i = 0; i < rows.size() && page.size() <= limit; i++) {
        StoredJob row = rows.get(i);
        JobRecord record = known.get(row.id());
        JobStatus status = record != null ? record.status() : StoredStatus.of(row).build();
        after = PageToken.after(status);
        if (states.isEmpty() || states.contains(status.getState())) {
          page.add(withWait(record != null ? status : fromStore(row, status).status()));
        }
      }
    }
    List<JobStatus> jobs = page.subList(0, Math.min(limit, page.size()));
    String next = page.size() > limit ? PageToken.after(jobs.get(jobs.size() - 1)).encoded() : "";
    return new Page(List.copyOf(jobs), next);
  }

  /** The cluster's members as this node sees them, by address, each with its load if it answered in time. */
  public List<NodeStatus> nodes() {
    Map<String, NodeReporter.Load> loads;
    try {
      loads = engine.loads(LOAD_WAIT).get(LOAD_WAIT.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      loads = Map.of(); // the listing itself did not come: members without their load
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loads = Map.of();
    }
    Map<String, NodeReporter.Load> answered = loads;
    return engine.members().stream().map(n -> {
      NodeStatus.Builder node = NodeStatus.newBuilder().setAddress(n.address()).addAllRoles(n.roles())
          .addAllRewards(n.rewards()).setStatus(n.status()).setReachable(n.reachable()).setAnswering(n.self());
      NodeReporter.Load load = answered.get(n.address());
      if (load != null) {
        node.setLoad(NodeLoad.newBuilder().setJobs(load.jobs()).setQueuedRows(load.queuedRows()).setRows(load.rows())
            .setRunningDesigns(load.runningDesigns()).setWaitingDesigns(load.waitingDesigns())
            .setDesigns(load.designs()).setBusySlots(load.busySlots()).setSlots(load.slots())
            .setLoadAverage(load.loadAverage()).setCores(load.cores())
            .putAllOracles(org.svdd.cluster.OracleUse.byReward(load.oracles())));
      }
      return node.build();
    }).toList();
  }

  /** Asks a running job to stop; an ended job cannot be cancelled. */
  public JobStatus cancel(String id) {
    JobRecord record = find(id);
    if (JobRecord.ended(record.status().getState())) {
      throw new IllegalStateException("job " + id + " has already ended (" + record.status().getState() + ")");
    }
    // durable first: a node restarted before the job stops does not resume it
    cancelRequested.add(id);
    store.updateState(id, JobState.CANCELLED.name(), JdbcJobStore.CANCEL_REQUESTED);
    engine.cancel(id);
    return record.status();
  }

  /**
   * Stops a job this node follows that another api node cancelled: that node stored the cancel and told the job's
   * coordinator, but the coordinator's node may have died with the message; this node keeps cancelling it until its
   * end is heard, as for a cancel of its own.
   */
  private void cancelledElsewhere(String id) {
    if (cancelRequested.add(id)) {
      LOG.info("job {} was cancelled through another api node; stopping it from here, which follows it", id);
      engine.cancel(id);
    }
  }

  /**
   * Removes an ended job and its samples; a queued or running one must end first. With tokens, a client removes only
   * its own jobs ({@link SecurityException} otherwise). Returns the job's last status.
   */
  public JobStatus delete(String id, String client) {
    JobRecord record = find(id);
    if (!JobRecord.ended(record.status().getState()) && !known.follows(id)) {
      // another node follows it: this node's record may lag the store by a refresh (the job ended since)
      store.job(id).ifPresent(stored -> refresh.catchUp(record, stored));
    }
    JobStatus status = record.status();
    if (!JobRecord.ended(status.getState())) {
      throw new IllegalStateException("job " + id + " is " + status.getState() + (cancelRequested.contains(id)
          ? " and being cancelled; delete it once it has ended" : "; cancel it first, then delete it once it has ended"));
    }
    if (!policy.clients().isEmpty() && !record.client().isEmpty() && !record.client().equals(client)) {
      throw new SecurityException("job " + id + " belongs to client " + record.client() + ", not " + client);
    }
    if (!store.delete(id)) {
      throw new NoSuchElementException("no ended job with id '" + SamplingGrpcService.clip(id, 64) + "'");
    }
    forget(id);
    return status;
  }

  /** Ended jobs removed per pass of {@link #deleteEndedBefore}. */
  private static final int DELETED_PER_PASS = 500;

  /**
   * Removes the jobs (and their samples) that ended more than {@code keep} ago, oldest first, at most a few hundred a
   * pass; returns how many. Jobs stored before their end time was recorded are kept. Every api node may run it: a
   * job two remove at once is removed once.
   */
  public int deleteEndedBefore(Duration keep) {
    int removed = 0;
    for (String id : store.endedBefore(clock.millis() - keep.toMillis(), DELETED_PER_PASS)) {
      if (store.delete(id)) {
        forget(id);
        removed++;
      }
    }
    return removed;
  }

  /** Drops what this node remembers of an ended job. */
  private void forget(String id) {
    known.forget(id);
    recentSamples.invalidate(id);
    histories.forget(id);
  }

  /** The samples of a finished job. */
  public List<SampleRecord> results(String id) {
    JobRecord record = find(id);
    JobState state = record.status().getState();
    if (state != JobState.DONE) {
      throw new IllegalStateException("job " + id + " is " + state + "; results exist once it is DONE");
    }
    return recentSamples.get(id, k -> records(record.status().getSpec(), store.samples(k)));
  }

  public void watch(String id, JobWatcher watcher) {
    JobRecord record = find(id);
    if (!JobRecord.ended(record.status().getState())) {
      // the record held here, taken over meanwhile perhaps; else this one, read from the store, held from now on
      record = known.forWatching(id, record);
    }
    record.watch(watcher, this::withWait);
  }

  /** Stops telling a watcher; a job this node no longer holds has no watchers left to drop. */
  public void unwatch(String id, Consumer<JobStatus> watcher) {
    JobRecord record = known.get(id);
    if (record != null) {
      record.unwatch(watcher);
    }
  }

  /** The fewest characters of a job id that name the job. */
  static final int ID_PREFIX_MIN = 4;
  /** The start of a job id (ids are UUIDs: 36 characters of lower-case hex and dashes). */
  private static final java.util.regex.Pattern ID_PREFIX =
      java.util.regex.Pattern.compile("[0-9a-f-]{" + ID_PREFIX_MIN + ",35}");

  /**
   * The id of the job {@code idOrPrefix} names: a whole id as it is; the start of one ({@value #ID_PREFIX_MIN}
   * characters or more, as typed from the 8 that svdd watch shows) the one stored job whose id starts so. A start that
   * several ids share is refused naming them; one that none has is left for the call to find no job by. An empty one
   * is refused.
   */
  public String resolve(String idOrPrefix) {
    if (idOrPrefix.isEmpty()) {
      throw new IllegalArgumentException("job_id is empty: give a job's id, or its first " + ID_PREFIX_MIN
          + " or more characters");
    }
    if (!ID_PREFIX.matcher(idOrPrefix).matches()) {
      return idOrPrefix;
    }
    List<String> ids = store.idsStartingWith(idOrPrefix, 3);
    if (ids.size() > 1) {
      throw new IllegalArgumentException("job id '" + idOrPrefix + "' is the start of several jobs' ids ("
          + String.join(", ", ids.subList(0, 2)) + (ids.size() > 2 ? ", ..." : "") + "); give more of it");
    }
    return ids.isEmpty() ? idOrPrefix : ids.get(0);
  }

  private JobRecord find(String id) {
    JobRecord record = known.get(id);
    if (record != null && JobRecord.ended(record.status().getState()) && deletedElsewhere(id)) {
      forget(id);
      record = null;
    }
    if (record == null) {
      record = store.job(id).map(this::fromStore).orElseThrow(
          () -> new NoSuchElementException("no job with id '" + SamplingGrpcService.clip(id, 64) + "'"));
    }
    return record;
  }

  /**
   * Whether an ended job this node remembers was deleted through another api node since. A store that cannot be
   * read says no: the node answers from memory meanwhile.
   */
  private boolean deletedElsewhere(String id) {
    try {
      return store.job(id).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A record of a job this node does not follow: its stored state, watched by polling the store while it runs. */
  private JobRecord fromStore(StoredJob stored) {
    return fromStore(stored, StoredStatus.of(stored).build());
  }

  /** {@link #fromStore(StoredJob)} with its status already read from the row. */
  private JobRecord fromStore(StoredJob stored, JobStatus status) {
    return new JobRecord(status, store.sampleCount(stored), stored.client());
  }

  /** Drops what this node kept of a job it stops following without hearing its end: its gauges, its writes. */
  private void letGo(String id) {
    events.letGo(id, () -> jobMeters.drop(id));
  }

  /** Hears a followed job's events, in order (on {@link JobEvents}' teller thread). */
  private void follow(JobRecord record, JobCoordinator.Event event, long at) {
    String id = record.status().getJobId();
    if (event instanceof JobCoordinator.Progress p) {
      jobMeters.progress(id, p.stepsDone(), p.stepsTotal());
      record.update(b -> StoredStatus.spent(b, p.spent()).setState(JobState.RUNNING).setStepsDone(p.stepsDone())
          .setStepsTotal(p.stepsTotal()).setFinished(p.finished()).setTrajectories(p.trajectories())
          .setValueQ10(p.q10Value()).setValueMedian(p.medianValue()).setValueQ90(p.q90Value())
          .setCoordinatorNode(p.node()).setEss(p.ess()).setResamplings(p.resamplings())
          .setNote(p.note()).putAllOracles(p.oraclesByReward())
          .setStartedAtMs(b.getStartedAtMs() == 0 ? at : b.getStartedAtMs()), 0);
      histories.add(id, record.status());
      return;
    }
    jobMeters.drop(id);
    if (event instanceof JobCoordinator.Finished f) {
      recentSamples.put(id, records(record.status().getSpec(), f.samples()));
      // a job answered by its ended coordinator (after an api restart) heard no progress: its steps are all done
      record.update(b -> StoredStatus.allStepsDone(b.setState(JobState.DONE)).setEndedAtMs(at), f.samples().size());
    } else if (event instanceof JobCoordinator.Failed f) {
      record.update(b -> b.setState(JobState.FAILED).setError(f.reason()).setEndedAtMs(at), 0);
    } else if (event instanceof JobCoordinator.Cancelled c) {
      record.update(b -> b.setState(JobState.CANCELLED).setError(c.reason()).setEndedAtMs(at), 0);
    }
    known.ended(id, record);
    cancelRequested.remove(id);
  }

  /**
   * The statuses a job went through on this node, oldest first (empty for a job followed elsewhere or before a
   * restart); the last at most {@value JobHistories#KEPT}, older ones thinned.
   */
  public List<JobStatus> history(String id) {
    find(id);
    return histories.of(id);
  }

  /** Whether a job in this state has ended (done, failed or cancelled): it changes no more. */
  public static boolean ended(JobState state) {
    return JobRecord.ended(state);
  }

  private List<SampleRecord> records(JobSpec spec, List<Sample> samples) {
    List<SampleRecord> out = new ArrayList<>();
    for (Sample s : samples) {
      // the service does not estimate naturalness: the record leaves it out (svdd results --out estimates it)
      out.add(SampleRecords.of(spec.getMethod(), s, task.codec()).build());
    }
    return out;
  }

  /**
   * Stops following jobs: their leases lapse at once, so another api node on the same store takes them
   * over (or this node, restarted). The jobs themselves run on.
   */
  @Override
  public void close() {
    events.close();
    try {
      leases.close(true);
    } catch (RuntimeException e) {
      LOG.warn("job leases: could not release them ({}); they lapse on their own", e.getMessage());
    }
  }
}
