package org.svdd.cluster;

/**
 * The oracle ({@link org.svdd.core.reward.RewardOracle#identity}) that scored {@code reward} ("" for the task's
 * default) for a job, and the node whose answer first named it there; in a node's {@link NodeReporter.Load}, an oracle
 * that node has opened.
 */
public record OracleUse(String reward, String oracle, String node) {
  /** The oracle of each reward in {@code uses} (the first named, where one is named twice), by reward name. */
  public static java.util.Map<String, String> byReward(java.util.List<OracleUse> uses) {
    java.util.Map<String, String> byReward = new java.util.LinkedHashMap<>();
    uses.forEach(use -> byReward.putIfAbsent(use.reward(), use.oracle()));
    return byReward;
  }
}
