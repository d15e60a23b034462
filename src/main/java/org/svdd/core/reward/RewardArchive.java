package org.svdd.core.reward;

import java.util.Collection;
import java.util.Map;

/**
 * Durable memory of oracle answers, shared by every node and job: (oracle identity with its settings,
 * canonical design) to reward. Oracles are deterministic, so an answer once paid for is valid for good;
 * a resumed job, a repeated job or a second method on the same task never pays twice. Blocking: call it
 * off actor threads.
 */
public interface RewardArchive {

  /** The rewards known for {@code designs} under {@code oracle}; designs not found are absent. */
  Map<String, Reward> find(String oracle, Collection<String> designs);

  /** Remembers rewards (failed ones must not be passed); an existing entry is kept. */
  void save(String oracle, Map<String, Reward> rewards);

  /** Remembers nothing. */
  RewardArchive NONE = new RewardArchive() {
    @Override
    public Map<String, Reward> find(String oracle, Collection<String> designs) {
      return Map.of();
    }

    @Override
    public void save(String oracle, Map<String, Reward> rewards) {}
  };
}
