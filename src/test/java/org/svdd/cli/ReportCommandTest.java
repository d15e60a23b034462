package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svdd report --quick}: runs tasks × methods × seeds, writes a well-formed report, and resumes. */
class ReportCommandTest {
  @TempDir Path dir;

  @Test
  void quickReport_writesTablesAndPlotsPerTask_andAResumedRunKeepsWhatIsDone() throws IOException {
    Path out = dir.resolve("report");
    CliRunner.Result first = CliRunner.run("report", "--quick", "--tasks", "trna,fashion", "--seeds", "2", "--out",
        out.toString());
    assertEquals(0, first.exitCode(), first.err());
    String report = Files.readString(out.resolve("results.md"));
    for (String task : new String[] {"trna", "fashion"}) {
      assertTrue(report.contains("\n## " + task + "\n"), report);
      assertTrue(Files.size(out.resolve(task + "-reward-vs-m.png")) > 0 && Files.size(out.resolve(task + "-reward-vs-calls.png")) > 0);
      assertTrue(Files.isRegularFile(out.resolve("runs/" + task + "/methods/seed-2/summary.json")));
    }
    for (String method : new String[] {"pretrained", "best-of-n", "svdd", "smc", "svdd-r", "fk", "beam", "tree", "svdd-adaptive"}) {
      assertTrue(report.lines().anyMatch(l -> l.matches("\\| " + method + " \\| -?[0-9.]+ ± [0-9.]+ \\| .*")), method + "\n" + report);
    }
    assertTrue(report.contains("| 1 | ") && report.contains("| 2 | "), "the M sweep: " + report);
    assertTrue(report.contains("| M | Best-of-N median reward |") && report.contains("| 4 | "), "Best-of-N's sweep: " + report);
    assertTrue(report.contains("judge pass"), report);
    assertTrue(section(report, "trna").matches("(?s)## trna\n\nReward `rna-mfe`; N = \\d+, M = \\d+, T = \\d+\\. Scored "
        + "by: rna-mfe `rna-mfe\\|RNAfold [^`]+`; value:rna-mfe `value-network rna-mfe model [^`]+`\\.\n.*"),
        "the oracles that scored the runs: " + section(report, "trna"));
    long trnaRuns = first.err().lines().filter(l -> l.matches("\\[\\d+/\\d+ \\d+ s\\] trna .*")).count();
    assertTrue(trnaRuns >= 4, "methods and the M sweep, two seeds each: " + first.err());

    CliRunner.Result again = CliRunner.run("report", "--quick", "--tasks", "trna", "--seeds", "2", "--out", out.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(trnaRuns, again.err().lines().filter(l -> l.endsWith("done before, kept")).count(), again.err());
    String trna = Files.readString(out.resolve("results.md"));
    assertTrue(trna.contains("## trna") && !trna.contains("## fashion"), "the report covers the tasks asked");
    assertEquals(section(report, "trna"), section(trna, "trna"), "kept runs give the same figures");

    // a run kept from other settings (a --quick report resumed in full, an earlier version's) is run again
    Path home = Path.of(System.getProperty("svdd.home", "."));
    int particles = summaryAt(out, "methods/seed-1").getSpec().getParticles();
    rewrite(out, "methods/seed-1", s -> s.setSpec(s.getSpec().toBuilder().setParticles(particles + 1)));
    // and one drawn by other weights (the bundled model retrained since, in a later version)
    String weights = org.svdd.oracle.ContentDigest.ofDenoiser(home.resolve("models/trna"));
    assertEquals(weights, summaryAt(out, "methods/seed-2").getModelDigest(), "a run records the weights that drew it");
    assertEquals("", summaryAt(out, "methods/seed-2").getValueNetworkDigest(), "no value network steered the methods");
    assertEquals("", summaryAt(out, "methods/seed-2").getRewardModelDigest(), "RNAfold is a program, not a model");
    assertEquals(java.util.Set.of("rna-mfe"), summaryAt(out, "methods/seed-2").getOraclesMap().keySet());
    assertTrue(summaryAt(out, "methods/seed-2").getOraclesMap().get("rna-mfe").startsWith("rna-mfe|RNAfold "),
        "the program that scored, and its version: " + summaryAt(out, "methods/seed-2").getOraclesMap());
    assertEquals(org.svdd.oracle.ContentDigest.of(home.resolve("models/judges/trna/tRNA.c.cm")),
        summaryAt(out, "methods/seed-2").getJudgeModelDigest(), "the judge's covariance model");
    rewrite(out, "methods/seed-2", s -> s.setModelDigest("0123456789abcdef"));
    // and one steered by another value network (the bundled one retrained since)
    String network = org.svdd.oracle.ContentDigest.of(home.resolve("models/trna/value-rna-mfe"));
    assertEquals(network, summaryAt(out, "svdd-mc/seed-1").getValueNetworkDigest(),
        "an svdd-mc run records the value network that steered it");
    rewrite(out, "svdd-mc/seed-1", s -> s.setValueNetworkDigest("fedcba9876543210"));
    // and one scored by another RNAfold (upgraded since)
    String rnafold = summaryAt(out, "svdd-mc/seed-2").getOraclesMap().get("rna-mfe");
    rewrite(out, "svdd-mc/seed-2", s -> s.putOracles("rna-mfe", "rna-mfe|RNAfold 0.9 --noPS"));
    CliRunner.Result resumed = CliRunner.run("report", "--quick", "--tasks", "trna", "--seeds", "2", "--out",
        out.toString());
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertEquals(trnaRuns - 4, resumed.err().lines().filter(l -> l.endsWith("done before, kept")).count(), resumed.err());
    assertEquals(java.util.List.of("trna methods seed 1: done before with other settings (particles " + (particles + 1)
        + ", now " + particles + "), run again", "trna methods seed 2: done before with other settings (model weights "
        + "0123456789abcdef, now " + weights + "), run again", "trna svdd-mc seed 1: done before with other settings "
        + "(value network fedcba9876543210, now " + network + "), run again", "trna svdd-mc seed 2: done before with "
        + "other settings (oracle of rna-mfe rna-mfe|RNAfold 0.9 --noPS, now " + rnafold + "), run again"),
        resumed.err().lines().filter(l -> l.endsWith("run again"))
        .map(l -> l.replaceFirst("^\\[[^]]*\\] ", "")).toList(), resumed.err());
  }

  /** Oracles not known now: none compared. */
  private static final java.util.function.UnaryOperator<String> NO_ORACLES = reward -> "";

  /** A kept run is run again when a model it recorded is not the one now, and kept when it recorded none. */
  @Test
  void changes_nameEachModelRetrainedSince() {
    org.svdd.api.proto.JobSpec spec = org.svdd.api.proto.JobSpec.newBuilder().setTask("promoter").build();
    org.svdd.api.proto.RunSummary kept = org.svdd.api.proto.RunSummary.newBuilder().setSpec(spec).setModelDigest("d1")
        .setRewardModelDigest("r1").setJudgeModelDigest("j1").build();
    assertEquals("", ReportCommand.changes(kept, spec, new ReportCommand.Models("d1", "", "r1", "j1", NO_ORACLES)));
    assertEquals("reward model r1, now r2", ReportCommand.changes(kept, spec,
        new ReportCommand.Models("d1", "", "r2", "j1", NO_ORACLES)));
    assertEquals("judge model j1, now j2", ReportCommand.changes(kept, spec,
        new ReportCommand.Models("d1", "", "r1", "j2", NO_ORACLES)));
    assertEquals("model weights d1, now d2; reward model r1, now none; judge model j1, now none",
        ReportCommand.changes(kept, spec, new ReportCommand.Models("d2", "", "", "", NO_ORACLES)));
    assertEquals("", ReportCommand.changes(kept.toBuilder().clearRewardModelDigest().clearModelDigest()
        .clearJudgeModelDigest().build(), spec, new ReportCommand.Models("d2", "v2", "r2", "j2", NO_ORACLES)),
        "a summary written before svdd recorded them: its spec decides");
  }

  /**
   * A kept run is run again when an oracle it recorded is not the one that would score now; kept when the oracle
   * cannot be opened now (running it again would only fail), and a value network is judged by its digest alone.
   */
  @Test
  void changes_nameEachOracleUpgradedSince() {
    org.svdd.api.proto.JobSpec spec = org.svdd.api.proto.JobSpec.newBuilder().setTask("trna").build();
    String valueNetwork = org.svdd.core.method.ValueEstimator.valueNetworkOf("rna-mfe");
    org.svdd.api.proto.RunSummary kept = org.svdd.api.proto.RunSummary.newBuilder().setSpec(spec)
        .putOracles("rna-mfe", "rna-mfe|RNAfold 2.5.1 --noPS").putOracles("cloverleaf", "cloverleaf|RNAfold 2.5.1")
        .putOracles(valueNetwork, "value-network rna-mfe model v1").build();
    java.util.Map<String, String> now = new java.util.HashMap<>(java.util.Map.of("rna-mfe", "rna-mfe|RNAfold 2.5.1 --noPS",
        "cloverleaf", "cloverleaf|RNAfold 2.5.1", valueNetwork, "value-network rna-mfe model v2"));
    assertEquals("", ReportCommand.changes(kept, spec, new ReportCommand.Models("", "", "", "", now::get)));
    now.put("rna-mfe", "rna-mfe|RNAfold 2.6.4 --noPS");
    now.put("cloverleaf", "cloverleaf|RNAfold 2.6.4");
    assertEquals("oracle of cloverleaf cloverleaf|RNAfold 2.5.1, now cloverleaf|RNAfold 2.6.4; oracle of rna-mfe "
        + "rna-mfe|RNAfold 2.5.1 --noPS, now rna-mfe|RNAfold 2.6.4 --noPS",
        ReportCommand.changes(kept, spec, new ReportCommand.Models("", "", "", "", now::get)));
    now.put("rna-mfe", "");
    now.remove("cloverleaf");
    assertEquals("", ReportCommand.changes(kept, spec, new ReportCommand.Models("", "", "", "",
        reward -> now.getOrDefault(reward, ""))), "none that can be opened now");
  }

  @Test
  void badOptions_areRefused() {
    CliRunner.Result seeds = CliRunner.run("report", "--quick", "--seeds", "0", "--out", dir.toString());
    assertEquals(2, seeds.exitCode());
    assertTrue(seeds.err().contains("--seeds must be at least 1, got 0"), seeds.err());
    CliRunner.Result unwritable = CliRunner.run("report", "--quick", "--tasks", "trna", "--out", "/proc/nope");
    assertEquals(2, unwritable.exitCode(), unwritable.err());
    assertTrue(unwritable.err().contains("--out /proc/nope cannot be written"), unwritable.err());
    assertTrue(!unwritable.err().contains("trna methods"), "refused before any run: " + unwritable.err());
    CliRunner.Result task = CliRunner.run("report", "--quick", "--tasks", "protein", "--out", dir.toString());
    assertEquals(2, task.exitCode());
    assertTrue(task.err().contains("unknown task 'protein'"), task.err());
  }

  /** The summary of a trna run kept in the report at {@code out}, e.g. {@code methods/seed-1}. */
  private static org.svdd.api.proto.RunSummary.Builder summaryAt(Path out, String run) throws IOException {
    org.svdd.api.proto.RunSummary.Builder summary = org.svdd.api.proto.RunSummary.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().merge(Files.readString(summaryFile(out, run)), summary);
    return summary;
  }

  /** Rewrites a kept trna run's summary as {@code change} says, as if an earlier run had written it so. */
  private static void rewrite(Path out, String run,
      java.util.function.UnaryOperator<org.svdd.api.proto.RunSummary.Builder> change) throws IOException {
    Files.writeString(summaryFile(out, run), com.google.protobuf.util.JsonFormat.printer().print(
        change.apply(summaryAt(out, run))));
  }

  private static Path summaryFile(Path out, String run) {
    return out.resolve("runs/trna/" + run + "/summary.json");
  }

  private static String section(String report, String task) {
    int from = report.indexOf("## " + task);
    int to = report.indexOf("\n## ", from + 1);
    return report.substring(from, to < 0 ? report.length() : to);
  }
}
