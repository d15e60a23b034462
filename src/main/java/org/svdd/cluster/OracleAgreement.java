package org.svdd.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether the reward nodes that answer a particle, or a job's particles, score each reward with one oracle: the first
 * answer for a reward sets its {@link org.svdd.core.reward.RewardOracle#identity} (program, version, every setting
 * that changes a score), and an answer from another oracle is refused, naming both nodes and what differs. Otherwise a
 * design's reward, and so the job's samples, would depend on the node that scored it. A resumed job's agreement starts
 * from the oracles its earlier run scored with.
 */
final class OracleAgreement {
  private record First(String oracle, String node) {}

  /** Where the oracles a resumed job began with scored: its run before it resumed. */
  static final String EARLIER = "the job's run before it resumed";

  private static final Pattern DIGEST = Pattern.compile("\\bsha256 [0-9a-f]{8,}");

  private final Map<String, First> first = new LinkedHashMap<>();

  OracleAgreement() {}

  /** An agreement that begins with {@code earlier}, the oracle that scored each reward before the job resumed. */
  OracleAgreement(Map<String, String> earlier) {
    earlier.forEach((reward, oracle) -> first.put(reward, new First(oracle, EARLIER)));
  }

  /** The oracle first heard for each reward, in the order first heard, with the node that answered. */
  List<OracleUse> agreed() {
    List<OracleUse> uses = new ArrayList<>(first.size());
    first.forEach((reward, seen) -> uses.add(new OracleUse(reward, seen.oracle(), seen.node())));
    return uses;
  }

  /** {@link #agreed()} by reward name. */
  Map<String, String> byReward() {
    return OracleUse.byReward(agreed());
  }

  /**
   * Empty when {@code oracle}, which answered at {@code node}, is the one that first scored {@code reward} here (or
   * is unknown: ""); else why the job cannot go on.
   */
  Optional<String> check(String reward, String oracle, String node) {
    if (oracle.isEmpty()) {
      return Optional.empty();
    }
    First seen = first.putIfAbsent(reward, new First(oracle, node));
    if (seen == null || seen.oracle().equals(oracle)) {
      return Optional.empty();
    }
    String[] differ = differences(seen.oracle(), oracle);
    String name = reward.isEmpty() ? "(default)" : reward;
    if (seen.node().equals(EARLIER)) {
      return Optional.of(String.format("reward '%s' is scored by another oracle than the one the job began with: %s "
          + "with %s, %s with %s (in full: %s; %s), and one oracle's scores cannot be carried on by another's: submit "
          + "the job again to run it with this one%s", name, EARLIER, differ[0], node, differ[1], seen.oracle(), oracle,
          digestHint(differ)));
    }
    return Optional.of(String.format("reward nodes score reward '%s' with different oracles: %s with %s, %s with %s "
        + "(in full: %s; %s), so a design's reward would depend on the node that scored it: give every reward node "
        + "the same oracle programs, versions and svdd.reward settings%s", name, seen.node(), differ[0], node,
        differ[1], seen.oracle(), oracle, digestHint(differ)));
  }

  /** What a program named by its digest means, when one side names one so (see ProgramVersion). */
  private static String digestHint(String[] differ) {
    boolean digest = DIGEST.matcher(differ[0]).find() || DIGEST.matcher(differ[1]).find();
    return digest ? " (a program named 'sha256 ...' named no version when that node asked it, so its file's bytes "
        + "name it: see that it runs there, e.g. with --version)" : "";
  }

  /** The parts of two identities ('|'-separated) that differ, each side's joined; the whole identities if unlike. */
  static String[] differences(String a, String b) {
    String[] x = a.split("\\|", -1);
    String[] y = b.split("\\|", -1);
    if (x.length != y.length) {
      return new String[] {a, b};
    }
    List<String> ours = new ArrayList<>();
    List<String> theirs = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (!x[i].equals(y[i])) {
        ours.add(x[i]);
        theirs.add(y[i]);
      }
    }
    return new String[] {String.join(", ", ours), String.join(", ", theirs)};
  }
}
