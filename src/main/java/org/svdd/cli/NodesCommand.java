package org.svdd.cli;

import io.grpc.ManagedChannel;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.svdd.api.proto.ListNodesRequest;
import org.svdd.api.proto.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code svdd nodes}: the cluster's members, their roles and state, as the api node that answers sees them. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
    description = "List the cluster's nodes: roles, membership status, and whether the api node reaches them.")
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
      nodes.forEach(n -> System.out.println(json ? ReadableJson.oneLine(n) : line(n)));
      return 0;
    } finally {
      ClientOptions.close(channel);
    }
  }

  static String header() {
    return String.format(Locale.ROOT, "%-34s %-9s %-9s %s", "node", "status", "reachable", "roles");
  }

  /** A node's line: its roles, a reward node's own rewards after them, and the api node that answered marked. */
  static String line(NodeStatus n) {
    String roles = String.join(",", n.getRolesList())
        + (n.getRewardsCount() == 0 ? "" : " (scores " + String.join(", ", n.getRewardsList()) + " only)");
    return String.format(Locale.ROOT, "%-34s %-9s %-9s %s", n.getAddress() + (n.getAnswering() ? " (answering)" : ""),
        n.getStatus(), n.getReachable() ? "yes" : "NO", roles);
  }
}
