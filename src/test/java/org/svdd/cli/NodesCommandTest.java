package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.NodeLoad;
import org.svdd.api.proto.NodeStatus;

/**
 * A node's line says what an operator looks for: which node answered, which cannot be reached, what each scores, and
 * its load in the columns of the roles it has (dashes elsewhere, and where it did not answer).
 */
class NodesCommandTest {
  @Test
  void line_marksTheAnsweringNode_anUnreachableOne_andARewardNodesOwnRewards() {
    NodeStatus api = NodeStatus.newBuilder().setAddress("127.0.0.1:25520").addRoles("api").addRoles("coordinator")
        .setStatus("Up").setReachable(true).setAnswering(true).build();
    assertEquals("127.0.0.1:25520 (answering)" + " ".repeat(8) + "Up        yes           -       - -           -       -"
        + " ".repeat(9) + "api,coordinator", NodesCommand.line(api));
    NodeStatus docker = NodeStatus.newBuilder().setAddress("10.0.0.7:25520").addRoles("reward").addRewards("vina-abl")
        .setStatus("Up").setReachable(false).build();
    assertEquals("10.0.0.7:25520" + " ".repeat(21) + "Up        NO            -       - -           -       -"
        + " ".repeat(9) + "reward (scores vina-abl only)", NodesCommand.line(docker));
    assertEquals("node" + " ".repeat(31) + "status    reachable  jobs  queued oracle      slots   load      roles",
        NodesCommand.header());
  }

  private static List<String> columns(NodeStatus node) {
    return List.of(NodesCommand.line(node).split(" +"));
  }

  @Test
  void line_aRewardNode_showsItsOracleWork_andDashesForJobsAndRows() {
    NodeStatus node = NodeStatus.newBuilder().setAddress("10.0.0.7:25520").addRoles("reward").addRewards("vina-abl")
        .setStatus("Up").setReachable(true).setLoad(NodeLoad.newBuilder().setRunningDesigns(8).setWaitingDesigns(40)
            .setDesigns(900).setBusySlots(2).setSlots(2).setLoadAverage(1.956).setCores(2)).build();
    assertEquals(List.of("10.0.0.7:25520", "Up", "yes", "-", "-", "8+40", "2/2", "1.96/2", "reward", "(scores", "vina-abl",
        "only)"), columns(node));
  }

  @Test
  void line_aNodeThatDidNotAnswer_showsDashesForItsLoad() {
    NodeStatus node = NodeStatus.newBuilder().setAddress("10.0.0.8:25520").addAllRoles(List.of("coordinator",
        "denoiser")).setStatus("Up").setReachable(false).build();
    assertEquals(List.of("10.0.0.8:25520", "Up", "NO", "-", "-", "-", "-", "-", "coordinator,denoiser"), columns(node));
  }

  @Test
  void line_aSystemWithoutALoadAverage_showsItsCoresOnly() {
    NodeStatus node = NodeStatus.newBuilder().setAddress("10.0.0.9:25520").addAllRoles(List.of("coordinator",
        "denoiser")).setStatus("Up").setReachable(true).setAnswering(true).setLoad(NodeLoad.newBuilder().setJobs(3)
        .setQueuedRows(96).setLoadAverage(-1).setCores(8)).build();
    assertEquals(List.of("10.0.0.9:25520", "(answering)", "Up", "yes", "3", "96", "-", "-", "?/8", "coordinator,denoiser"),
        columns(node));
  }

  /** Under a reward node's line, the oracle of each reward it has opened, by reward name; nothing where it has none. */
  @Test
  void scorers_nameEachOracleTheNodeHasOpened_underItsLine() {
    NodeStatus node = NodeStatus.newBuilder().setAddress("10.0.0.7:25520").addRoles("reward").setStatus("Up")
        .setReachable(true).setLoad(NodeLoad.newBuilder().setCores(2).putOracles("vina-abl", "vina|abl|AutoDock Vina"
            + " v1.2.5|exhaustiveness 1").putOracles("qed", "qed|RDKit 2022.09.5")).build();
    NodeStatus none = node.toBuilder().setLoad(NodeLoad.newBuilder().setCores(2)).build();
    NodeStatus silent = node.toBuilder().clearLoad().build();
    List<NodeStatus> all = List.of(node, none, silent);
    assertEquals("    scorer  qed: qed|RDKit 2022.09.5\n    scorer  vina-abl: vina|abl|AutoDock Vina v1.2.5|exhaustiveness 1\n",
        NodesCommand.scorers(node, all), "one line a reward, in name order");
    assertEquals("", NodesCommand.scorers(none, all), "a node that has opened no oracle");
    assertEquals("", NodesCommand.scorers(silent, all), "a node that did not answer");
  }

  /** Two nodes scoring one reward with different oracles: each line says so, naming the other node. */
  @Test
  void scorers_markAnOracleAnotherNodeRunsOtherwise() {
    NodeStatus old = NodeStatus.newBuilder().setAddress("10.0.0.7:25520").addRoles("reward").setStatus("Up")
        .setReachable(true).setLoad(NodeLoad.newBuilder().putOracles("vina-abl", "vina|AutoDock Vina v1.2.3")
            .putOracles("qed", "qed|RDKit 2022.09.5")).build();
    NodeStatus upgraded = old.toBuilder().setAddress("10.0.0.8:25520").setLoad(NodeLoad.newBuilder()
        .putOracles("vina-abl", "vina|AutoDock Vina v1.2.5").putOracles("qed", "qed|RDKit 2022.09.5")).build();
    List<NodeStatus> all = List.of(old, upgraded);
    assertEquals("    scorer  qed: qed|RDKit 2022.09.5\n"
        + "    scorer  vina-abl (DIFFERS from 10.0.0.8:25520's): vina|AutoDock Vina v1.2.3\n", NodesCommand.scorers(old, all),
        "the reward they score alike is not marked");
    assertEquals("    scorer  qed: qed|RDKit 2022.09.5\n"
        + "    scorer  vina-abl (DIFFERS from 10.0.0.7:25520's): vina|AutoDock Vina v1.2.5\n",
        NodesCommand.scorers(upgraded, all));
  }
}
