package org.svdd.core.reward;

/**
 * The oracles a node scores with, by reward name; a job names its reward (and perhaps a cheaper one for
 * early steps), and the reward worker finds the oracle here.
 */
@FunctionalInterface
public interface RewardOracles {

  /**
   * The oracle for {@code reward} ("" names the node's default).
   *
   * @throws IllegalArgumentException naming the reward if this node does not score it
   */
  RewardOracle forReward(String reward);

  /** The one reward these oracles score, when they were started for one (a node of {@code --reward R}). */
  default java.util.Optional<String> only() {
    return java.util.Optional.empty();
  }

  /** The programs of the oracles opened so far, and how many are working now ({@link RewardOracle#slots}). */
  default RewardOracle.Slots slots() {
    return RewardOracle.Slots.NONE;
  }

  /**
   * What names each reward's oracle opened so far ({@link RewardOracle#identity}), by reward name; known without
   * waiting for an oracle that is opening, so a node can say what it scores with at any time.
   */
  default java.util.Map<String, String> identities() {
    return java.util.Map.of();
  }

  /** One oracle answering for every reward name: for a node, or a test, with a single reward. */
  static RewardOracles only(RewardOracle oracle) {
    return new RewardOracles() {
      @Override
      public RewardOracle forReward(String reward) {
        return oracle;
      }

      @Override
      public RewardOracle.Slots slots() {
        return oracle.slots();
      }
    };
  }
}
