package org.svdd.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import java.util.ArrayList;
import java.util.List;
import org.svdd.cluster.DenoiseWorker;
import org.svdd.cluster.JobCoordinator;
import org.svdd.cluster.JobManager;
import org.svdd.cluster.NodeReporter;
import org.svdd.cluster.Particle;
import org.svdd.cluster.RewardWorker;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.GuidanceSchedule;
import org.svdd.core.method.RewardSchedule;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Trajectory;
import org.svdd.core.method.ValueEstimator;
import org.svdd.core.reward.Reward;
import org.svdd.core.select.Resampler;

/**
 * The classes that may cross nodes, registered in a fixed order so that every node assigns the same
 * ids. Append new classes at the end; reordering breaks mixed-version clusters.
 */
final class MessageRegistry {
  private MessageRegistry() {}

  /** Message classes, in registration order (tests check each one round-trips). */
  static final List<Class<?>> MESSAGES = List.of(
      DenoiseWorker.Denoise.class, DenoiseWorker.Denoised.class, DenoiseWorker.DenoiseFailed.class,
      RewardWorker.Score.class, RewardWorker.Scored.class, RewardWorker.ScoreFailed.class,
      Particle.Advance.class,
      JobCoordinator.StepDone.class, JobCoordinator.ParticleFailed.class, JobCoordinator.Progress.class,
      JobCoordinator.Finished.class, JobCoordinator.Failed.class,
      JobManager.SubmitJob.class,
      JobManager.CancelJob.class, JobCoordinator.Cancel.class, JobCoordinator.Cancelled.class,
      JobCoordinator.Run.class, RewardWorker.Abandon.class, JobCoordinator.FinishedPart.class,
      DenoiseWorker.Busy.class, RewardWorker.Busy.class, Particle.StopGuiding.class,
      NodeReporter.Report.class, NodeReporter.Load.class, RewardWorker.Withdraw.class,
      DenoiseWorker.Withdraw.class);

  static Kryo configure(Kryo kryo, Serializer<?> actorRefs, Serializer<?> lists) {
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.register(int[].class, 20);
    kryo.register(float[].class, 21);
    kryo.register(float[][].class, 22);
    kryo.register(double[].class, 23);
    kryo.register(List.of().getClass(), lists, 24);
    kryo.register(List.of(1).getClass(), lists, 25);
    kryo.register(List.of(1, 2, 3).getClass(), lists, 26);
    kryo.register(ArrayList.class, lists, 27);
    kryo.register(actorRefClass(), actorRefs, 28);
    kryo.register(TokenState.class, 40);
    kryo.register(DenoiseInput.class, 41);
    kryo.register(Reward.class, 42);
    kryo.register(Trajectory.class, 43);
    kryo.register(Sample.class, 44);
    kryo.register(SamplingPlan.class, 45);
    kryo.register(Method.class, 46);
    kryo.register(ValueEstimator.class, 47);
    kryo.register(Resampler.class, 48);
    kryo.register(GuidanceSchedule.class, 49);
    kryo.register(RewardSchedule.class, 50);
    kryo.register(org.svdd.core.diffusion.FloatState.class, 51);
    kryo.register(org.svdd.core.method.Replacement.class, 52);
    kryo.register(org.svdd.core.method.Potential.class, 53);
    kryo.register(org.svdd.core.method.BeamSchedule.class, 54);
    kryo.register(org.svdd.core.method.AdaptiveCandidates.class, 55);
    kryo.register(org.svdd.core.method.Spend.class, 56);
    kryo.register(org.svdd.cluster.OracleUse.class, 57);
    int id = 100;
    for (Class<?> message : MESSAGES) {
      kryo.register(message, id++);
    }
    return kryo;
  }

  private static Class<?> actorRefClass() {
    try {
      return Class.forName("org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Pekko typed ActorRef implementation not found", e);
    }
  }
}
