package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.RunSummary;

/**
 * A report counts what each method paid its oracle whatever earlier runs left in the durable archive:
 * designs the archive answered count as calls, so a run's cost does not depend on the runs before it.
 */
class ReportWriterTest {
  @TempDir Path dir;

  @Test
  void oracleCallsPerDesign_countTheArchiveAnswersToo() throws Exception {
    ReportPlan plan = new ReportPlan("trna", "rna-mfe", 4, 2, 4, List.of(2), List.of(4));
    // seed 1 paid the oracle for all 8 designs; seed 2 asked for the same 8, 6 of them answered by the archive
    RunSummary first = RunSummary.newBuilder().addMethods(MethodSummary.newBuilder().setMethod("best-of-n")
        .setSamples(4).setOracleCalls(8).setArchiveHits(0)).build();
    RunSummary second = RunSummary.newBuilder().addMethods(MethodSummary.newBuilder().setMethod("best-of-n")
        .setSamples(4).setOracleCalls(2).setArchiveHits(6)).build();
    Map<ReportPlan, List<ReportWriter.RunResult>> results = new LinkedHashMap<>();
    results.put(plan, List.of(new ReportWriter.RunResult("methods", 1, first),
        new ReportWriter.RunResult("methods", 2, second)));
    String report = Files.readString(new ReportWriter(dir, false, 2).write(results));
    String row = report.lines().filter(l -> l.startsWith("| best-of-n |")).findFirst().orElseThrow();
    String[] cells = row.split("\\|");
    assertTrue(List.of(cells).stream().anyMatch(c -> c.strip().equals("2.0")),
        "8 designs asked per run of 4 samples: 2.0 calls per design on both seeds: " + row);
    assertTrue(report.contains("answered by the oracle or by the durable archive"), report);
  }
}
