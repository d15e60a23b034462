package org.svdd.api;

import org.svdd.api.proto.JobSpec;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.store.JdbcJobStore;

/**
 * The service's door for new jobs: a requested spec is checked once, here, against the served task, this
 * build's rules and the operator's limits, and comes out defaulted and planned. Bad specs throw
 * IllegalArgumentException naming the field; a client over its share of unfinished jobs, LimitExceededException.
 */
final class JobAdmission {
  /** A spec the service accepted, with its defaults filled in, and the plan it runs. */
  record Admitted(JobSpec spec, SamplingPlan plan) {}

  private final ServedTask task;
  private final ApiPolicy policy;
  private final JdbcJobStore store;

  JobAdmission(ServedTask task, ApiPolicy policy, JdbcJobStore store) {
    this.task = task;
    this.policy = policy;
    this.store = store;
  }

  /** Admits a job of {@code client} ("" for an anonymous one), or refuses it saying why. */
  Admitted admit(JobSpec requested, String client) {
    Admitted admitted = check(requested);
    policy.checkSize(admitted.spec());
    long unfinished = store.unfinishedOf(client);
    if (unfinished >= policy.maxJobsPerClient()) {
      throw new LimitExceededException("client " + (client.isEmpty() ? "(anonymous)" : client) + " has " + unfinished
          + " unfinished jobs; svdd.api.limits.max-jobs-per-client = " + policy.maxJobsPerClient());
    }
    return admitted;
  }

  private Admitted check(JobSpec requested) {
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
    Method method = Method.parse(spec.getMethod());
    JobSpecs.checkNew(spec, method);
    SamplingPlan plan = JobSpecs.toPlan(spec, method);
    task.checkValueNetworkOf(plan); // at once, rather than failing the job once no reward node could open the network
    TreeMemory.checkHere(plan, task.positions()); // the api node's heap, as every node's is set alike
    if (spec.hasLimits()) {
      throw new IllegalArgumentException(
          "limits cannot be chosen per job; this service batches with its configured svdd.denoise and svdd.reward limits");
    }
    return new Admitted(spec, plan);
  }

  /**
   * The plan of a stored job, made anew from its spec when the job resumes: an earlier build may have accepted a spec
   * that this build's checks refuse, which the caller ends saying why.
   */
  static SamplingPlan planOf(JobSpec stored) {
    return JobSpecs.toPlan(stored, Method.parse(stored.getMethod()));
  }
}
