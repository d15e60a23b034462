package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.task.DesignSetMetrics;

/** A summary leaves out the figures its task does not define, and still reads those an older svdd wrote as "NaN". */
class RunReportTest {
  private static final List<SampleRecord> RECORDS = List.of(SampleRecord.newBuilder().setReward(2).setNaturalness(-1).build(),
      SampleRecord.newBuilder().setReward(4).setNaturalness(-3).build());

  @Test
  void summarize_sequenceTask_leavesOutTheMoleculeFigures() throws Exception {
    MethodSummary row = RunReport.summarize("svdd", RECORDS,
        new DesignSetMetrics(0.4, 0.6, Double.NaN, Double.NaN, Double.NaN)).build();
    String json = JsonFormat.printer().print(row);
    assertFalse(json.contains("NaN"), json);
    assertFalse(json.contains("validity") || json.contains("uniqueness") || json.contains("novelty"), json);
    assertEquals(0.6, RunReport.kmer3(row));
    assertEquals(-2.0, RunReport.naturalness(row));
    assertTrue(Double.isNaN(RunReport.validity(row)));
    assertTrue(RunReport.table(List.of(row)).lines().findFirst().orElseThrow().contains("3mer-r"));
  }

  @Test
  void summarize_moleculeTask_keepsAValidityOfZero_andLeavesOutTheKmerFigure() throws Exception {
    MethodSummary row = RunReport.summarize("svdd", RECORDS, new DesignSetMetrics(0.4, Double.NaN, 0.0, 0.0, 0.0)).build();
    String json = JsonFormat.printer().print(row);
    assertTrue(json.contains("\"validity\": 0.0"), "no valid molecule is a figure, not an absence: " + json);
    assertFalse(json.contains("kmer3Correlation") || json.contains("NaN"), json);
    assertTrue(Double.isNaN(RunReport.kmer3(row)));
  }

  @Test
  void olderSummaryWithNanStrings_readsAsUndefined() throws Exception {
    MethodSummary.Builder old = MethodSummary.newBuilder();
    JsonFormat.parser().merge("{\"method\": \"svdd\", \"kmer3Correlation\": 0.5, \"validity\": \"NaN\","
        + " \"uniqueness\": \"NaN\", \"novelty\": \"NaN\"}", old);
    assertTrue(Double.isNaN(RunReport.validity(old.build())));
    assertEquals(0.5, RunReport.kmer3(old.build()));
    String header = RunReport.table(List.of(old.build())).lines().findFirst().orElseThrow();
    assertTrue(header.contains("3mer-r") && !header.contains("valid"), header);
  }
}
