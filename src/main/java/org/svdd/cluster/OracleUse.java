package org.svdd.cluster;

/**
 * The oracle ({@link org.svdd.core.reward.RewardOracle#identity}) that scored {@code reward} ("" for the task's
 * default) for a job, and the node whose answer first named it there.
 */
public record OracleUse(String reward, String oracle, String node) {}
