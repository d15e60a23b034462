package org.svdd.api;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.ValueEstimator;

/**
 * The task a service answers jobs for, as the API needs to know it: name, rewards (the first the
 * default), how its designs read, the check a reward name must pass (returning its canonical name,
 * or failing with a message naming it), the digest of the model it serves ("" where it does not say), which
 * every job it accepts records, and the check a job steered by a reward's value network (SVDD-MC) must pass: that the
 * network lies beside the served model, made for it (null where the service does not check), and the positions of
 * the served model's states (0 where not known).
 */
public record ServedTask(String name, List<String> rewards, DesignCodec codec, UnaryOperator<String> rewardCheck,
    String modelDigest, Consumer<String> valueNetworkCheck, int positions) {
  public ServedTask {
    rewards = List.copyOf(rewards);
  }

  /** A task whose states' size is not known (0 positions): its tree searches are judged by their states alone. */
  public ServedTask(String name, List<String> rewards, DesignCodec codec, UnaryOperator<String> rewardCheck,
      String modelDigest, Consumer<String> valueNetworkCheck) {
    this(name, rewards, codec, rewardCheck, modelDigest, valueNetworkCheck, 0);
  }

  public ServedTask(String name, List<String> rewards, DesignCodec codec, UnaryOperator<String> rewardCheck) {
    this(name, rewards, codec, rewardCheck, "", null);
  }

  /** A service scoring exactly {@code rewards}. */
  public ServedTask(String name, List<String> rewards, DesignCodec codec) {
    this(name, rewards, codec, null);
  }

  /** This task, serving the model of {@code digest}. */
  public ServedTask withModelDigest(String digest) {
    return new ServedTask(name, rewards, codec, rewardCheck, digest, valueNetworkCheck, positions);
  }

  /** This task, checking with {@code check} that a reward's value network can steer a job before accepting it. */
  public ServedTask withValueNetworkCheck(Consumer<String> check) {
    return new ServedTask(name, rewards, codec, rewardCheck, modelDigest, check, positions);
  }

  /**
   * This task, whose served model's states have {@code positions} positions (tokens or pixels), by which a tree search
   * is refused when its tree would not fit in memory ({@link TreeMemory}).
   */
  public ServedTask withPositions(int positions) {
    return new ServedTask(name, rewards, codec, rewardCheck, modelDigest, valueNetworkCheck, positions);
  }

  /**
   * Fails saying why unless this service has the value network that steers {@code plan} (SVDD-MC: the network of the
   * job's reward, asked for the steps before the last ones), where one does.
   */
  public void checkValueNetworkOf(SamplingPlan plan) {
    if (valueNetworkCheck != null && ValueEstimator.isValueNetwork(plan.rewards().early())) {
      valueNetworkCheck.accept(plan.rewards().reward());
    }
  }

  /** The reward's canonical name; fails naming it unless this service scores it. */
  public String checkReward(String reward) {
    if (rewardCheck != null) {
      return rewardCheck.apply(reward);
    }
    if (!rewards.contains(reward)) {
      throw new IllegalArgumentException("unknown reward '" + reward + "' for task " + name + "; this service scores " + rewards);
    }
    return reward;
  }
}
