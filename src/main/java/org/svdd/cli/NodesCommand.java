package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.svdd.api.proto.ListNodesRequest;
import org.svdd.api.proto.NodeLoad;
import org.svdd.api.proto.NodeStatus;
import org.svdd.cluster.Roles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code svdd nodes}: the cluster's members, their state, load and roles, as the api node that answers sees them. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
    description = {"List the cluster's nodes: membership status, whether the api node reaches them, what each is doing"
        + " now, and roles.",
        "Columns: jobs coordinated there; rows waiting for a forward pass (queued); designs at the oracle and waiting"
        + " for room there (oracle, running+waiting); the oracles' programs working, of those it runs (slots:"
        + " RNAfold processes, docking slots); the machine's one-minute load average over its cores. A dash: the node"
        + " lacks that role, runs no oracle program, or did not answer in time.",
        "Under a reward node, a line per oracle it has opened: 'scorer  REWARD: ORACLE', the program, version and every"
        + " setting that changes a score; marked DIFFERS where another node scores that reward otherwise (a job scored"
        + " by both would fail)."})
final class NodesCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--json", description = "Each node as one line of JSON: its svdd.v1.NodeStatus in protobuf's JSON"
      + " mapping (for scripts and jq).")
  boolean json;

  @Override
  public Integer call() throws java.io.IOException {
    ManagedChannel channel = client.channel();
    try {
      var nodes = ClientOptions.quick(channel).listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
      if (!json) {
        System.out.println(header());
      }
      for (NodeStatus n : nodes) {
        System.out.println(json ? ReadableJson.oneLine(n) : line(n));
        if (!json) {
          System.out.print(scorers(n, nodes)); // a line per oracle, under the node's
        }
      }
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }

  private static final String FORMAT = "%-34s %-9s %-9s %5s %7s %-11s %-7s %-9s %s";

  static String header() {
    return String.format(Locale.ROOT, FORMAT, "node", "status", "reachable", "jobs", "queued", "oracle", "slots",
        "load", "roles");
  }

  /**
   * A line per oracle the node has opened, by reward name, indented under its line ("" where it has opened none); one
   * that another of {@code all} nodes has opened otherwise for the same reward says so, naming that node: a job scored
   * by both would fail.
   */
  static String scorers(NodeStatus n, List<NodeStatus> all) {
    StringBuilder lines = new StringBuilder();
    new java.util.TreeMap<>(n.getLoad().getOraclesMap()).forEach((reward, oracle) -> {
      lines.append("    scorer  ").append(reward);
      all.stream().filter(other -> !other.getLoad().getOraclesMap().getOrDefault(reward, oracle).equals(oracle))
          .findFirst().ifPresent(other -> lines.append(" (DIFFERS from ").append(other.getAddress()).append("'s)"));
      lines.append(": ").append(oracle).append('\n');
    });
    return lines.toString();
  }

  /**
   * A node's line: its load where it answered (a dash for a role it lacks), its roles, a reward node's own rewards
   * after them, and the api node that answered marked.
   */
  static String line(NodeStatus n) {
    String roles = String.join(",", n.getRolesList())
        + (n.getRewardsCount() == 0 ? "" : " (scores " + String.join(", ", n.getRewardsList()) + " only)");
    NodeLoad load = n.hasLoad() ? n.getLoad() : null;
    List<String> has = n.getRolesList();
    String jobs = load == null || !has.contains(Roles.COORDINATOR) ? "-" : String.valueOf(load.getJobs());
    String queued = load == null || !has.contains(Roles.DENOISER) ? "-" : String.valueOf(load.getQueuedRows());
    String oracle = load == null || !has.contains(Roles.REWARD) ? "-"
        : load.getRunningDesigns() + "+" + load.getWaitingDesigns();
    String slots = load == null || !has.contains(Roles.REWARD) || load.getSlots() == 0 ? "-"
        : load.getBusySlots() + "/" + load.getSlots();
    String average = load == null ? "-" : load.getLoadAverage() < 0 ? "?/" + load.getCores()
        : String.format(Locale.ROOT, "%.2f/%d", load.getLoadAverage(), load.getCores());
    return String.format(Locale.ROOT, FORMAT, n.getAddress() + (n.getAnswering() ? " (answering)" : ""),
        n.getStatus(), n.getReachable() ? "yes" : "NO", jobs, queued, oracle, slots, average, roles);
  }
}
