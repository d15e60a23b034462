package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.RunSummary;

/** The bundled tRNA model, the real RNAfold, the actor engine and the CLI, end to end. */
class SampleEndToEndTest {
  @TempDir Path dir;

  private static RunSummary summary(Path out) throws IOException {
    RunSummary.Builder b = RunSummary.newBuilder();
    JsonFormat.parser().merge(Files.readString(out.resolve("summary.json")), b);
    return b.build();
  }

  @Test
  void sample_bundledModel_svddBeatsBestOfNBeatsPretrained() throws IOException {
    Path out = dir.resolve("compare");
    CliRunner.Result r = CliRunner.run("sample", "--task", "trna", "--reward", "rna-mfe", "--method",
        "svdd,best-of-n,pretrained", "--particles", "16", "--candidates", "4", "--steps", "32", "--seed", "7",
        "--out", out.toString(), "--timings");
    assertEquals(0, r.exitCode(), r.err());
    String timings = r.err().lines().filter(l -> l.startsWith("timings: ")).findFirst().orElseThrow(() ->
        new AssertionError("--timings printed no timings line: " + r.err()));
    for (String phase : List.of("jvm ", "model and oracle ", "engine start ", "sampling ", "engine stop ", "writing ", "total ")) {
      assertTrue(timings.contains(phase), "phase '" + phase.strip() + "' in " + timings);
    }
    Map<String, MethodSummary> rows = summary(out).getMethodsList().stream()
        .collect(Collectors.toMap(MethodSummary::getMethod, m -> m));
    double svdd = rows.get("svdd").getMedianReward();
    double bestOfN = rows.get("best-of-n").getMedianReward();
    double pretrained = rows.get("pretrained").getMedianReward();
    assertTrue(svdd > bestOfN && bestOfN > pretrained, "medians svdd " + svdd + ", best-of-n " + bestOfN + ", pretrained " + pretrained);
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("svdd ")), r.out());
    for (String method : List.of("svdd", "best-of-n", "pretrained")) {
      assertEquals(16, Files.readAllLines(out.resolve(method + ".jsonl")).size());
      assertEquals(32, Files.readAllLines(out.resolve(method + ".fasta")).size());
    }
    String line = Files.readAllLines(out.resolve("svdd.jsonl")).get(0);
    for (String field : List.of("\"sequence\"", "\"reward\"", "\"structure\"", "\"naturalness\"")) {
      assertTrue(line.contains(field), line);
    }
    try (var files = Files.list(out)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".svdd-partial")));
    }
  }

  @Test
  void sample_molecules_cheapEarlyValue_countsItsCallsApartAndReportsTheJobsReward() throws IOException {
    Path out = dir.resolve("molecules");
    CliRunner.Result r = CliRunner.run("sample", "--task", "molecules", "--reward", "sa", "--early-reward", "qed",
        "--late-fraction", "0.25", "--method", "svdd", "--particles", "4", "--candidates", "2", "--steps", "8",
        "--seed", "3", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    MethodSummary row = summary(out).getMethods(0);
    assertTrue(row.getEarlyOracleCalls() > 0, row.toString());
    assertTrue(row.getOracleCalls() > 0 && row.getOracleCalls() <= 2L * 4 * 2 + 4, "sa values the last 2 of 8 steps: " + row);
    assertEquals("qed", summary(out).getSpec().getEarlyValue().getReward());
    for (String line : Files.readAllLines(out.resolve("svdd.jsonl"))) {
      assertTrue(line.contains("\"sa\""), line);
    }
  }

  /** Beam's end width and svdd's probe in one comparison: each goes to its method, none refused for the other. */
  @Test
  void sample_comparisonWithOptionsOfOneMethodEach_runsEveryMethod() throws IOException {
    Path out = dir.resolve("options");
    CliRunner.Result r = CliRunner.run("sample", "--method", "svdd,beam", "--beam-end-width", "1", "--adaptive-probe",
        "2", "--particles", "4", "--candidates", "3", "--steps", "6", "--seed", "3", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("svdd", "beam"), summary(out).getMethodsList().stream().map(MethodSummary::getMethod).toList());
    assertEquals(4, Files.readAllLines(out.resolve("beam.jsonl")).size());
  }

  /** Rollouts start part-way down the tree; each counts as a whole chain all the same, so the bar ends full at N·M·T. */
  @Test
  void sample_treeSearch_progressBarCountsEveryRolloutAsAWholeChain() throws IOException {
    CliRunner.Result r = CliRunner.run("sample", "--method", "tree", "--particles", "4", "--candidates", "4", "--steps",
        "8", "--seed", "3", "--out", dir.resolve("tree").toString());
    assertEquals(0, r.exitCode(), r.err());
    String[] renders = r.err().split("\r");
    String last = java.util.Arrays.stream(renders).filter(l -> l.startsWith("tree ")).reduce((a, b) -> b).orElseThrow();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("tree +100% .* (\\d+)/(\\d+) ").matcher(last);
    assertTrue(m.find(), last);
    assertEquals(m.group(1), m.group(2), last);
    assertEquals(4 * 4 * 8, Integer.parseInt(m.group(2)), last);
  }

  @Test
  void sample_sameSeed_isByteIdenticalForMaxBatchOneAndSixtyFour() throws IOException {
    Path one = dir.resolve("batch1");
    Path many = dir.resolve("batch64");
    for (String method : List.of("svdd", "smc")) {
      String candidates = method.equals("svdd") ? "3" : "4"; // smc draws one child: M at its default
      CliRunner.Result a = CliRunner.run("sample", "--method", method, "--particles", "6", "--candidates", candidates,
          "--steps", "12", "--seed", "3", "--max-batch", "1", "--out", one.toString());
      CliRunner.Result b = CliRunner.run("sample", "--method", method, "--particles", "6", "--candidates", candidates,
          "--steps", "12", "--seed", "3", "--max-batch", "64", "--out", many.toString());
      assertEquals(0, a.exitCode(), a.err());
      assertEquals(0, b.exitCode(), b.err());
      assertArrayEquals(Files.readAllBytes(one.resolve(method + ".fasta")), Files.readAllBytes(many.resolve(method + ".fasta")));
      assertArrayEquals(Files.readAllBytes(one.resolve(method + ".jsonl")), Files.readAllBytes(many.resolve(method + ".jsonl")));
    }
  }

  @Test
  void sample_repeatedRun_paysNoOracleCallTwiceThroughTheDurableArchive() throws IOException {
    String url = "jdbc:h2:file:" + dir.resolve("rewards").toAbsolutePath();
    System.setProperty("svdd.reward.archive-url", url);
    com.typesafe.config.ConfigFactory.invalidateCaches();
    try {
      String[] args = {"sample", "--method", "svdd", "--particles", "4", "--candidates", "2", "--steps", "8", "--seed",
          "5", "--out", ""};
      args[args.length - 1] = dir.resolve("first").toString();
      assertEquals(0, CliRunner.run(args).exitCode());
      args[args.length - 1] = dir.resolve("again").toString();
      CliRunner.Result again = CliRunner.run(args);
      assertEquals(0, again.exitCode(), again.err());
      MethodSummary first = summary(dir.resolve("first")).getMethods(0);
      MethodSummary second = summary(dir.resolve("again")).getMethods(0);
      assertTrue(first.getOracleCalls() > 0);
      assertEquals(0, first.getArchiveHits());
      assertEquals(0, second.getOracleCalls(), "every design was paid for by the first run");
      assertEquals(first.getOracleCalls(), second.getArchiveHits());
      assertArrayEquals(Files.readAllBytes(dir.resolve("first/svdd.jsonl")), Files.readAllBytes(dir.resolve("again/svdd.jsonl")));
    } finally {
      System.setProperty("svdd.reward.archive-url", "");
      com.typesafe.config.ConfigFactory.invalidateCaches();
    }
  }
}
