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
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;

/**
 * The jobs a service has accepted: validates specs at the edge, submits them to the engine, follows
 * their events, and answers status, watch, cancel and result queries. Jobs live in memory here; a
 * restarted service forgets them (durable jobs: issue 3's next slice).
 */
public final class JobRegistry {
  private final SamplingEngine engine;
  private final ServedTask task;
  private final Clock clock;
  private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();

  public JobRegistry(SamplingEngine engine, ServedTask task, Clock clock) {
    this.engine = engine;
    this.task = task;
    this.clock = clock;
  }

  /** Validates and starts a job; bad specs throw IllegalArgumentException naming the field. */
  public JobStatus submit(JobSpec requested) {
    JobSpec spec = validate(requested);
    SamplingPlan plan = JobSpecs.toPlan(spec, Method.parse(spec.getMethod()));
    String id = UUID.randomUUID().toString();
    JobRecord record = new JobRecord(id, spec, clock.millis());
    jobs.put(id, record);
    engine.submit(id, plan, event -> onEvent(record, event));
    return record.status();
  }

  JobSpec validate(JobSpec requested) {
    String name = requested.getTask().isEmpty() ? task.name() : requested.getTask();
    if (!name.equals(task.name())) {
      throw new IllegalArgumentException("unknown task '" + name + "'; this service runs [" + task.name() + "]");
    }
    JobSpec spec = JobSpecs.withDefaults(requested.toBuilder().setTask(name).build(), task.rewards().get(0));
    if (!task.rewards().contains(spec.getReward())) {
      throw new IllegalArgumentException("unknown reward '" + spec.getReward() + "' for task " + name + "; allowed: "
          + task.rewards());
    }
    if (spec.getMethod().contains(",")) {
      throw new IllegalArgumentException("method must name one method, got '" + spec.getMethod() + "'");
    }
    if (!spec.getModel().isEmpty()) {
      throw new IllegalArgumentException("model cannot be chosen per job; this service runs its configured model");
    }
    JobSpecs.toPlan(spec, Method.parse(spec.getMethod()));
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

  /** Asks a running job to stop; an ended job cannot be cancelled. */
  public JobStatus cancel(String id) {
    JobRecord record = find(id);
    if (JobRecord.ended(record.status().getState())) {
      throw new IllegalStateException("job " + id + " has already ended (" + record.status().getState() + ")");
    }
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
    return record.samples();
  }

  public void watch(String id, Consumer<JobStatus> watcher) {
    find(id).watch(watcher);
  }

  public void unwatch(String id, Consumer<JobStatus> watcher) {
    find(id).unwatch(watcher);
  }

  private JobRecord find(String id) {
    JobRecord record = jobs.get(id);
    if (record == null) {
      throw new NoSuchElementException("no job with id '" + id + "'");
    }
    return record;
  }

  private void onEvent(JobRecord record, JobCoordinator.Event event) {
    if (event instanceof JobCoordinator.Progress p) {
      record.update(b -> b.setState(JobState.RUNNING).setStepsDone(p.stepsDone()).setStepsTotal(p.stepsTotal())
          .setFinished(p.finished()).setTrajectories(p.trajectories()).setValueQ10(p.q10Value())
          .setValueMedian(p.medianValue()).setValueQ90(p.q90Value()), List.of());
    } else if (event instanceof JobCoordinator.Finished f) {
      record.update(b -> b.setState(JobState.DONE), records(record.status().getSpec(), f.samples()));
    } else if (event instanceof JobCoordinator.Failed f) {
      record.update(b -> b.setState(JobState.FAILED).setError(f.reason()), List.of());
    } else if (event instanceof JobCoordinator.Cancelled c) {
      record.update(b -> b.setState(JobState.CANCELLED).setError(c.reason()), List.of());
    }
  }

  private List<SampleRecord> records(JobSpec spec, List<Sample> samples) {
    List<SampleRecord> out = new ArrayList<>();
    for (Sample s : samples) {
      out.add(SampleRecord.newBuilder().setMethod(spec.getMethod()).setParticle(s.particle())
          .setSequence(task.vocabulary().decode((TokenState) s.design())).setReward(s.reward().value())
          .setStructure(s.reward().detail()).build());
    }
    return out;
  }
}
