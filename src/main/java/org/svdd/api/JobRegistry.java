package org.svdd.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SampleRecord;
import org.svdd.cluster.JobCoordinator;
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
  private final SamplingEngine engine;
  private final ServedTask task;
  private final Clock clock;
  private final JdbcJobStore store;
  private final ApiPolicy policy;
  private final JobAdmission admission;
  private final MeterRegistry meters;
  private final JobLeases.Keeper leases;
  /** The unfinished jobs this node follows (holds the lease of). */
  private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
  /** Jobs followed elsewhere that someone watches here: their state is read from the store every second. */
  private final Map<String, JobRecord> elsewhere = new ConcurrentHashMap<>();
  /** The last jobs this node saw end, with their full progress. */
  private final Cache<String, JobRecord> ended = Caffeine.newBuilder().maximumSize(1024).build();
  private final Map<String, ProgressMeters> progress = new ConcurrentHashMap<>();
  /** The progress of jobs this node followed, status by status. */
  private final JobHistories histories = new JobHistories();
  /** Jobs in the store by state, read at most once a second; held here because gauges hold it weakly. */
  private final LoadingCache<String, Map<String, Long>> counts;
  /** The samples of the last jobs to finish or be read, so a client fetching them right away reads no store. */
  private final Cache<String, List<SampleRecord>> recentSamples = Caffeine.newBuilder().maximumSize(64).build();
  /** Jobs asked to stop; kept so that late progress does not record them as running again. */
  private final Set<String> cancelRequested = ConcurrentHashMap.newKeySet();
  /** Where followed jobs' events go: the store, then {@link #follow}. */
  private final JobEvents events;
  /** Why jobs of each reward waited when watchers were last told (touched by the lease thread only). */
  private Map<List<String>, Optional<String>> toldWaits = Map.of();
  /** Whether the last renewal of this node's leases failed (touched by the lease thread only). */
  private boolean renewalFailed;
  /** Before this time (epoch ms) this node takes no lapsed lease over (touched by the lease thread only). */
  private long takeLapsedFrom;

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
    this.meters = meters;
    this.leases = new JobLeases.Keeper(store.leases(), lease, clock);
    this.events = new JobEvents(store, cancelRequested::contains, this::follow);
    this.counts = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).build(k -> store.countByState());
    for (JobState state : List.of(JobState.QUEUED, JobState.RUNNING, JobState.DONE, JobState.FAILED, JobState.CANCELLED)) {
      Gauge.builder("svdd.jobs", counts, c -> c.get("").getOrDefault(state.name(), 0L))
          .description("jobs in the job store, by state").tag("state", state.name()).register(meters);
    }
  }

  /**
   * Takes back this node's unfinished jobs from before a restart, and any no live api node follows;
   * they start again from their checkpoints. Then keeps this node's leases and takes over jobs whose
   * lease lapses. Returns how many jobs resumed now.
   */
  public int recover() {
    List<StoredJob> taken = leases.claim(true);
    taken.forEach(this::takeOver);
    leases.start(this::keepLeases, () -> {
      pollElsewhere();
      retellWaits();
    }, POLL_ELSEWHERE);
    return taken.size();
  }

  /** Follows and resumes a job this node now holds the lease of. */
  private void takeOver(StoredJob stored) {
    JobRecord watched = elsewhere.remove(stored.id());
    JobRecord record = watched != null ? watched : new JobRecord(StoredStatus.of(stored).build(), 0, stored.client());
    jobs.put(stored.id(), record);
    resume(record);
  }

  /**
   * Renews this node's leases, lets go of any job another node took over meanwhile (this node was
   * unreachable past its lease), and takes over jobs whose lease lapsed. After renewals that failed (the store did
   * not answer), it waits a lease's length before taking any: the other api nodes could not renew theirs through
   * the same outage, and are given the time to (else the first to get through took every other node's jobs).
   */
  private void keepLeases() {
    if (store.isClosed()) {
      leases.close(false); // the service is shutting down around this registry
      return;
    }
    try {
      Set<String> held = new HashSet<>(leases.renew());
      if (renewalFailed) {
        renewalFailed = false;
        takeLapsedFrom = clock.millis() + leases.ttl().toMillis();
        LOG.info("job leases: renewed again; lapsed leases of other api nodes are taken over from {} ms on, once they"
            + " could renew theirs", leases.ttl().toMillis());
      }
      for (String id : List.copyOf(jobs.keySet())) {
        String owner = held.contains(id) ? leases.owner() : leases.ownerOf(id);
        if (!owner.equals(leases.owner()) && !owner.isEmpty()) {
          JobRecord lost = jobs.remove(id);
          if (lost != null) {
            LOG.warn("job {} was taken over by {}; this node stops following it", id, owner);
            engine.release(id);
            elsewhere.put(id, lost);
            letGo(id);
          }
        }
      }
      for (String id : held) {
        if (!jobs.containsKey(id)) {
          // leased to this node's name but not followed here (given to it by an operator, or taken
          // by this node's previous life after recover ran)
          store.job(id).ifPresent(this::takeOver);
        }
      }
      if (clock.millis() >= takeLapsedFrom) {
        for (StoredJob lapsed : leases.claim(false)) {
          LOG.warn("taking over job {}: its api node's lease lapsed", lapsed.id());
          takeOver(lapsed);
        }
      }
    } catch (RuntimeException e) {
      renewalFailed = true;
      LOG.warn("job leases: {}", e.getMessage());
    }
  }

  /** Brings the watched jobs other nodes follow up to their stored state. */
  private void pollElsewhere() {
    for (Map.Entry<String, JobRecord> e : List.copyOf(elsewhere.entrySet())) {
      try {
        store.job(e.getKey()).ifPresent(stored -> {
          JobStatus now = StoredStatus.of(stored).build();
          JobRecord record = e.getValue();
          if (now.getState() != record.status().getState() || now.getStepsDone() != record.status().getStepsDone()
              || JobRecord.ended(now.getState())) {
            int samples = now.getState() == JobState.DONE ? store.sampleCount(stored.id()) : 0;
            record.update(b -> b.mergeFrom(now), samples);
          }
          if (JobRecord.ended(now.getState())) {
            elsewhere.remove(e.getKey());
          }
        });
      } catch (RuntimeException failure) {
        LOG.warn("job store: cannot read job {}: {}", e.getKey(), failure.getMessage());
      }
    }
  }

  /**
   * Tells the watchers of unfinished jobs their status again when why jobs wait changes (a worker node went or
   * came), so a watch says that its job waits, and stops saying it, without the job's progress changing.
   */
  private void retellWaits() {
    List<JobRecord> watched = Stream.concat(jobs.values().stream(), elsewhere.values().stream())
        .filter(JobRecord::watched).toList();
    Map<List<String>, Optional<String>> now = new HashMap<>();
    try {
      watched.forEach(r -> now.computeIfAbsent(rewards(r.status().getSpec()), engine::jobsWait));
    } catch (RuntimeException e) {
      return; // the engine is stopping around this registry
    }
    for (JobRecord r : watched) {
      List<String> rewards = rewards(r.status().getSpec());
      if (!now.get(rewards).equals(toldWaits.get(rewards))) {
        r.retell();
      }
    }
    toldWaits = now;
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
    JobRecord record = new JobRecord(id, spec, clock.millis(), client);
    jobs.put(id, record); // before its row names this node: the lease keeper must not take it over again
    try {
      store.insertJob(new StoredJob(id, JobSpecs.toJson(spec), JobState.QUEUED.name(), null,
          record.status().getSubmittedAtMs(), client), leases.owner(), leases.expiry());
    } catch (RuntimeException e) {
      jobs.remove(id);
      throw e;
    }
    engine.submit(id, admitted.plan(), event -> events.accept(record, event, clock.millis()));
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
    return engine.jobsWait(rewards(s.getSpec())).map(why -> s.toBuilder().setNote(WAITING + why).build()).orElse(s);
  }

  /** The rewards a job asks reward nodes for: its own, and its early value's if it names one. */
  private static List<String> rewards(JobSpec spec) {
    return spec.getEarlyValue().getReward().isEmpty() ? List.of(spec.getReward())
        : List.of(spec.getReward(), spec.getEarlyValue().getReward());
  }

  /** Starts a stored job again from its checkpoints, planned anew from its spec. */
  private void resume(JobRecord record) {
    SamplingPlan plan;
    try {
      plan = JobAdmission.planOf(record.status().getSpec());
    } catch (IllegalArgumentException e) {
      // a stored job an earlier build accepted, whose spec this build's checks refuse: it ends, saying why
      events.accept(record, new JobCoordinator.Failed("this build cannot resume the job: " + e.getMessage()),
          clock.millis());
      return;
    }
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
      Page page = list(MAX_PAGE_SIZE, token);
      out.addAll(page.jobs());
      token = page.nextToken();
    } while (!token.isEmpty());
    return out;
  }

  /** One page of jobs, newest first, and the token of the next page ("" on the last). */
  public record Page(List<JobStatus> jobs, String nextToken) {}

  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int MAX_PAGE_SIZE = 1000;

  /**
   * Jobs after the one {@code token} names (the first page for ""), at most {@code size} (0: the
   * default). The token is the last job's submission time and id, so jobs submitted meanwhile never
   * shift a page.
   */
  public Page list(int size, String token) {
    if (size < 0 || size > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("page_size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
    }
    int limit = size == 0 ? DEFAULT_PAGE_SIZE : size;
    List<StoredJob> rows;
    if (token.isEmpty()) {
      rows = store.page(limit + 1, 0, null);
    } else {
      PageToken after = PageToken.parse(token);
      rows = store.page(limit + 1, after.submittedAtMs(), after.jobId());
    }
    List<JobStatus> page = new ArrayList<>();
    for (StoredJob row : rows.subList(0, Math.min(limit, rows.size()))) {
      JobRecord known = known(row.id());
      page.add(withWait(known != null ? known.status() : fromStore(row).status()));
    }
    String next = rows.size() > limit ? PageToken.after(page.get(page.size() - 1)).encoded() : "";
    return new Page(List.copyOf(page), next);
  }

  /** Asks a running job to stop; an ended job cannot be cancelled. */
  public JobStatus cancel(String id) {
    JobRecord record = find(id);
    if (JobRecord.ended(record.status().getState())) {
      throw new IllegalStateException("job " + id + " has already ended (" + record.status().getState() + ")");
    }
    // durable first: a node restarted before the job stops does not resume it
    cancelRequested.add(id);
    store.updateState(id, JobState.CANCELLED.name(), "cancel requested");
    engine.cancel(id);
    return record.status();
  }

  /**
   * Removes an ended job and its samples; a queued or running one must end first. With tokens, a client removes only
   * its own jobs ({@link SecurityException} otherwise). Returns the job's last status.
   */
  public JobStatus delete(String id, String client) {
    JobRecord record = find(id);
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
    ended.invalidate(id);
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

  public void watch(String id, Consumer<JobStatus> watcher) {
    JobRecord record = find(id);
    if (known(id) == null && !JobRecord.ended(record.status().getState())) {
      JobRecord first = elsewhere.putIfAbsent(id, record);
      record = first != null ? first : record;
    }
    record.watch(watcher, this::withWait);
  }

  /** Stops telling a watcher; a job this node no longer holds has no watchers left to drop. */
  public void unwatch(String id, Consumer<JobStatus> watcher) {
    JobRecord record = known(id);
    if (record != null) {
      record.unwatch(watcher);
    }
  }

  private JobRecord find(String id) {
    JobRecord record = known(id);
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

  /** The record this node holds of a job, if any: followed here, watched here, or seen ending here. */
  private JobRecord known(String id) {
    JobRecord record = jobs.get(id);
    if (record == null) {
      record = elsewhere.get(id);
    }
    return record != null ? record : ended.getIfPresent(id);
  }

  /** A record of a job this node does not follow: its stored state, watched by polling the store while it runs. */
  private JobRecord fromStore(StoredJob stored) {
    JobStatus status = StoredStatus.of(stored).build();
    int samples = status.getState() == JobState.DONE ? store.sampleCount(stored.id()) : 0;
    return new JobRecord(status, samples, stored.client());
  }

  /** Drops what this node kept of a job it stops following without hearing its end: its gauges, its writes. */
  private void letGo(String id) {
    events.letGo(id, () -> dropGauges(id));
  }

  private void dropGauges(String id) {
    ProgressMeters gauges = progress.remove(id);
    if (gauges != null) {
      gauges.remove();
    }
  }

  /** Hears a followed job's events, in order (on {@link JobEvents}' teller thread). */
  private void follow(JobRecord record, JobCoordinator.Event event, long at) {
    String id = record.status().getJobId();
    if (event instanceof JobCoordinator.Progress p) {
      progress.computeIfAbsent(id, k -> new ProgressMeters(meters, k)).update(p.stepsDone(), p.stepsTotal());
      record.update(b -> b.setState(JobState.RUNNING).setStepsDone(p.stepsDone()).setStepsTotal(p.stepsTotal())
          .setFinished(p.finished()).setTrajectories(p.trajectories()).setValueQ10(p.q10Value())
          .setValueMedian(p.medianValue()).setValueQ90(p.q90Value()).setCoordinatorNode(p.node()).setEss(p.ess())
          .setResamplings(p.resamplings()).setDesignsScored(p.designsScored()).setDesignsFailed(p.designsFailed())
          .setOracleCalls(p.oracleCalls()).setOracleSeconds(p.oracleSeconds()).setArchiveAnswers(p.archiveAnswers())
          .setDenoisedRows(p.denoisedRows()).setLastFailure(p.lastFailure())
          .setNote(p.note()).setStartedAtMs(b.getStartedAtMs() == 0 ? at : b.getStartedAtMs()), 0);
      histories.add(id, record.status());
      return;
    }
    dropGauges(id);
    if (event instanceof JobCoordinator.Finished f) {
      recentSamples.put(id, records(record.status().getSpec(), f.samples()));
      // a job answered by its ended coordinator (after an api restart) heard no progress: its steps are all done
      record.update(b -> StoredStatus.allStepsDone(b.setState(JobState.DONE)).setEndedAtMs(at), f.samples().size());
    } else if (event instanceof JobCoordinator.Failed f) {
      record.update(b -> b.setState(JobState.FAILED).setError(f.reason()).setEndedAtMs(at), 0);
    } else if (event instanceof JobCoordinator.Cancelled c) {
      record.update(b -> b.setState(JobState.CANCELLED).setError(c.reason()).setEndedAtMs(at), 0);
    }
    ended.put(id, record);
    jobs.remove(id);
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
