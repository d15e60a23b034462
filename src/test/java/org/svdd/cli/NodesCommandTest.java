package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.svdd.api.proto.NodeStatus;

/** A node's line says what an operator looks for: which node answered, which cannot be reached, what each scores. */
class NodesCommandTest {
  @Test
  void line_marksTheAnsweringNode_anUnreachableOne_andARewardNodesOwnRewards() {
    NodeStatus api = NodeStatus.newBuilder().setAddress("127.0.0.1:25520").addRoles("api").addRoles("coordinator")
        .setStatus("Up").setReachable(true).setAnswering(true).build();
    assertEquals("127.0.0.1:25520 (answering)" + " ".repeat(8) + "Up        yes       api,coordinator", NodesCommand.line(api));
    NodeStatus docker = NodeStatus.newBuilder().setAddress("10.0.0.7:25520").addRoles("reward").addRewards("vina-abl")
        .setStatus("Up").setReachable(false).build();
    assertEquals("10.0.0.7:25520" + " ".repeat(21) + "Up        NO        reward (scores vina-abl only)",
        NodesCommand.line(docker));
    assertEquals("node" + " ".repeat(31) + "status    reachable roles", NodesCommand.header());
  }
}
