package org.svdd.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SampleRecord;
import org.svdd.cluster.JobCoordinator;
import org.svdd.cluster.SamplingEngine;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/**
 * The jobs a service has accepted: validates specs at the edge, records them in the job store, submits
 * them to the engine, follows their events, and answers status, watch, cancel and result queries.
 * {@link #recover} after a restart brings back every stored job: finished ones with their samples,
 * unfinished ones resubmitted, resuming from their checkpoints.
 */
public final class JobRegistry {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobRegistry.class);
  private final SamplingEngine engine;
  private final ServedTask task;
  private final Clock clock;
  private final JdbcJobStore store;
  private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();

  private final ApiPolicy policy;

  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock, JdbcJobStore store) {
    this(engine, task, clock, store, ApiPolicy.open());
  }

  private final MeterRegistry meters;
  private final Map<String, ProgressMeters> progress = new ConcurrentHashMap<>();

  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock, JdbcJobStore store, ApiPolicy policy) {
    this(engine, task, clock, store, policy, new SimpleMeterRegistry());
  }

  /** A registry that also reports jobs by state, and each running job's progress and step time, to {@code meters}. */
  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock, JdbcJobStore store, ApiPolicy policy,
      MeterRegistry meters) {
    this.engine = engine;
    this.task = task;
    this.clock = clock;
    this.store = store;
    this.policy = policy;
    this.meters = meters;
    for (JobState state : List.of(JobState.QUEUED, JobState.RUNNING, JobState.DONE, JobState.FAILED, JobState.CANCELLED)) {
      Gauge.builder("svdd.jobs", jobs, all -> all.values().stream().filter(j -> j.status().getState() == state).count())
          .description("jobs held by this service, by state").tag("state", state.name()).register(meters);
    }
  }

  /** A running job's meters: progress (0..1) and seconds per particle-step between progress reports. */
  private final class ProgressMeters {
    private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong(1);
    private final Gauge gauge;
    private final DistributionSummary stepSeconds;
    private long lastNanos = System.nanoTime();

    ProgressMeters(String id) {
      gauge = Gauge.builder("svdd.job.progress", this, m -> (double) m.done.get() / m.total.get())
          .description("fraction of a job's particle-steps done").tag("job", id).register(meters);
      stepSeconds = DistributionSummary.builder("svdd.job.step.seconds")
          .description("wall seconds per particle-step of a job").tag("job", id).register(meters);
    }

    synchronized void update(long stepsDone, long stepsTotal) {
      long now = System.nanoTime();
      long steps = stepsDone - done.get();
      if (steps > 0) {
        stepSeconds.record((now - lastNanos) / 1e9 / steps);
      }
      lastNanos = now;
      done.set(stepsDone);
      total.set(Math.max(1, stepsTotal));
    }

    void remove() {
      meters.remove(gauge);
      meters.remove(stepSeconds);
    }
  }

  /** Jobs asked to stop; kept so that late progress does not record them as running again. */
  private final java.util.Set<String> cancelRequested = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Loads every stored job; unfinished ones start again from their checkpoints. Returns how many resumed. */
  public int recover() {
    int resumed = 0;
    for (StoredJob stored : store.jobs()) {
      JobSpec spec = JobSpecs.parseJson(stored.spec(), "stored job " + stored.id());
      JobState state = JobState.valueOf(stored.state());
      JobStatus.Builder status = JobStatus.newBuilder().setJobId(stored.id()).setSpec(spec)
          .setSubmittedAtMs(stored.submittedAtMs()).setError(stored.error() == null ? "" : stored.error());
      if (JobRecord.ended(state)) {
        int samples = state == JobState.DONE ? store.sampleCount(stored.id()) : 0;
        if (state == JobState.DONE) {
          allStepsDone(status);
        }
        jobs.put(stored.id(), new JobRecord(status.setState(state).build(), samples, ""));
      } else {
        JobRecord record = new JobRecord(status.setState(JobState.QUEUED).build(), 0, "");
        jobs.put(stored.id(), record);
        start(record, spec);
        resumed++;
      }
    }
    return resumed;
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
    JobSpec spec = validate(requested);
    policy.checkSize(spec);
    long unfinished = jobs.values().stream()
        .filter(j -> j.client().equals(client) && !JobRecord.ended(j.status().getState())).count();
    if (unfinished >= policy.maxJobsPerClient()) {
      throw new LimitExceededException("client " + (client.isEmpty() ? "(anonymous)" : client) + " has " + unfinished
          + " unfinished jobs; svdd.api.limits.max-jobs-per-client = " + policy.maxJobsPerClient());
    }
    String id = UUID.randomUUID().toString();
    JobRecord record = new JobRecord(id, spec, clock.millis(), client);
    store.insertJob(new StoredJob(id, JobSpecs.toJson(spec), JobState.QUEUED.name(), null, record.status().getSubmittedAtMs()));
    jobs.put(id, record);
    start(record, spec);
    return record.status();
  }

  private void start(JobRecord record, JobSpec spec) {
    SamplingPlan plan = JobSpecs.toPlan(spec, Method.parse(spec.getMethod()));
    engine.submit(record.status().getJobId(), plan, event -> onEvent(record, event));
  }

  JobSpec validate(JobSpec requested) {
    String name = requested.getTask().isEmpty() ? task.name() : requested.getTask();
    if (!name.equals(task.name())) {
      throw new IllegalArgumentException("unknown task '" + name + "'; this service runs [" + task.name() + "]");
    }
    JobSpec spec = JobSpecs.withDefaults(requested.toBuilder().setTask(name).build(), task.rewards().get(0));
    task.checkReward(spec.getReward());
    if (!spec.getEarlyValue().getReward().isEmpty()) {
      task.checkReward(spec.getEarlyValue().getReward());
    }
    if (spec.getMethod().contains(",")) {
      throw new IllegalArgumentException("method must name one method, got '" + spec.getMethod() + "'");
    }
    if (!spec.getModel().isEmpty()) {
      throw new IllegalArgumentException("model cannot be chosen per job; this service runs its configured model");
    }
    JobSpecs.toPlan(spec, Method.parse(spec.getMethod()));
    if (spec.hasLimits()) {
      throw new IllegalArgumentException(
          "limits cannot be chosen per job; this service batches with its configured svdd.denoise and svdd.reward limits");
    }
    return spec;
  }

  public JobStatus get(String id) {
    return find(id).status();
  }

  public List<JobStatus> list() {
    List<JobStatus> out = new ArrayList<>();
    jobs.values().forEach(j -> out.add(j.status()));
    out.sort(Comparator.comparingLong(JobStatus::getSubmittedAtMs).reversed().thenComparing(JobStatus::getJobId));
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
    List<JobStatus> all = list();
    int from = 0;
    if (!token.isEmpty()) {
      String[] cursor = decodeToken(token);
      long at = Long.parseLong(cursor[0]);
      from = all.size();
      for (int i = 0; i < all.size(); i++) {
        JobStatus s = all.get(i);
        if (s.getSubmittedAtMs() < at || (s.getSubmittedAtMs() == at && s.getJobId().compareTo(cursor[1]) > 0)) {
          from = i;
          break;
        }
      }
    }
    List<JobStatus> page = all.subList(from, Math.min(all.size(), from + limit));
    String next = from + limit < all.size() ? encodeToken(page.get(page.size() - 1)) : "";
    return new Page(List.copyOf(page), next);
  }

  private static String encodeToken(JobStatus last) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        (last.getSubmittedAtMs() + "|" + last.getJobId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String[] decodeToken(String token) {
    try {
      String[] parts = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8)
          .split("\\|", 2);
      Long.parseLong(parts[0]);
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      return parts;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("page_token '" + SamplingGrpcService.clip(token, 64) + "' is not a token this service gave");
    }
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

  /** The samples of a finished job. */
  public List<SampleRecord> results(String id) {
    JobRecord record = find(id);
    JobState state = record.status().getState();
    if (state != JobState.DONE) {
      throw new IllegalStateException("job " + id + " is " + state + "; results exist once it is DONE");
    }
    return recentSamples.get(id, k -> records(record.status().getSpec(), store.samples(k)));
  }

  /** The samples of the last jobs to finish or be read, so a client fetching them right away reads no store. */
  private final com.github.benmanes.caffeine.cache.Cache<String, List<SampleRecord>> recentSamples =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(64).build();

  public void watch(String id, Consumer<JobStatus> watcher) {
    find(id).watch(watcher);
  }

  public void unwatch(String id, Consumer<JobStatus> watcher) {
    find(id).unwatch(watcher);
  }

  private JobRecord find(String id) {
    JobRecord record = jobs.get(id);
    if (record == null) {
      throw new NoSuchElementException("no job with id '" + SamplingGrpcService.clip(id, 64) + "'");
    }
    return record;
  }

  /**
   * Events are recorded on a writer thread of their own, in order, never on the actor thread that
   * delivers them: a slow store holds no dispatcher. Watchers hear an event after it is stored.
   */
  private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "svdd-job-writer");
    t.setDaemon(true);
    return t;
  });

  private void onEvent(JobRecord record, JobCoordinator.Event event) {
    writer.execute(() -> {
      try {
        persist(record, event);
      } catch (RuntimeException e) {
        LOG.error("job store: could not record {} of job {}: {}", event.getClass().getSimpleName(),
            record.status().getJobId(), e.getMessage());
      }
      follow(record, event);
    });
  }

  private void persist(JobRecord record, JobCoordinator.Event event) {
    String id = record.status().getJobId();
    if (event instanceof JobCoordinator.Progress && record.status().getState() == JobState.QUEUED
        && !cancelRequested.contains(id)) {
      store.updateState(id, JobState.RUNNING.name(), null);
    } else if (event instanceof JobCoordinator.Finished f) {
      store.finish(id, JobState.DONE.name(), f.samples());
    } else if (event instanceof JobCoordinator.Failed f) {
      store.end(id, JobState.FAILED.name(), f.reason());
    } else if (event instanceof JobCoordinator.Cancelled c) {
      store.end(id, JobState.CANCELLED.name(), c.reason());
    }
  }

  private void follow(JobRecord record, JobCoordinator.Event event) {
    String id = record.status().getJobId();
    if (event instanceof JobCoordinator.Progress p) {
      progress.computeIfAbsent(id, ProgressMeters::new).update(p.stepsDone(), p.stepsTotal());
    } else {
      ProgressMeters ended = progress.remove(id);
      if (ended != null) {
        ended.remove();
      }
    }
    if (event instanceof JobCoordinator.Progress p) {
      record.update(b -> b.setState(JobState.RUNNING).setStepsDone(p.stepsDone()).setStepsTotal(p.stepsTotal())
          .setFinished(p.finished()).setTrajectories(p.trajectories()).setValueQ10(p.q10Value())
          .setValueMedian(p.medianValue()).setValueQ90(p.q90Value()).setCoordinatorNode(p.node()), 0);
    } else if (event instanceof JobCoordinator.Finished f) {
      recentSamples.put(id, records(record.status().getSpec(), f.samples()));
      // a job answered by its ended coordinator (after an api restart) heard no progress: its steps are all done
      record.update(b -> allStepsDone(b.setState(JobState.DONE)), f.samples().size());
    } else if (event instanceof JobCoordinator.Failed f) {
      record.update(b -> b.setState(JobState.FAILED).setError(f.reason()), 0);
    } else if (event instanceof JobCoordinator.Cancelled c) {
      record.update(b -> b.setState(JobState.CANCELLED).setError(c.reason()), 0);
    }
  }

  /** A finished job's progress: every step of every trajectory of its plan done. */
  private static JobStatus.Builder allStepsDone(JobStatus.Builder status) {
    SamplingPlan plan = JobSpecs.toPlan(status.getSpec(), Method.parse(status.getSpec().getMethod()));
    long total = (long) plan.trajectories() * plan.steps();
    return status.setStepsDone(total).setStepsTotal(total).setFinished(plan.trajectories())
        .setTrajectories(plan.trajectories());
  }

  private List<SampleRecord> records(JobSpec spec, List<Sample> samples) {
    List<SampleRecord> out = new ArrayList<>();
    for (Sample s : samples) {
      out.add(SampleRecords.of(spec.getMethod(), s, task.codec()).build());
    }
    return out;
  }
}
