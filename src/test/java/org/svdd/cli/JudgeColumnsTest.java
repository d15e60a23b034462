package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.task.Judge;

/** The held-out judge's columns count only the designs it judged, and a design it could not judge is reported. */
class JudgeColumnsTest {
  /** A judge for tests: scores a design by its length, passes at 3 or more, cannot judge "crash". */
  static class FakeLengthJudge implements Judge {
    @Override
    public String name() {
      return "length";
    }

    @Override
    public List<Verdict> judge(List<String> designs) {
      return designs.stream().map(d -> d.equals("crash") ? Verdict.failed("Vina exited with code 1: bad")
          : new Verdict(d.length(), d.length() >= 3)).toList();
    }

    @Override
    public void close() {}
  }

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private List<Map<String, Double>> judge(Judge judge, List<String> designs) {
    List<Map<String, Double>> properties = new ArrayList<>();
    designs.forEach(d -> properties.add(new HashMap<>()));
    Workbench.addVerdicts(judge, "svdd", designs, properties, new PrintStream(err, true, StandardCharsets.UTF_8));
    return properties;
  }

  @Test
  void aDesignTheJudgeCouldNotJudge_isLeftOutOfItsColumnsAndReported() {
    List<String> designs = List.of("ab", "crash", "abcd", "abc");
    List<Map<String, Double>> properties = judge(new FakeLengthJudge(), designs);
    assertEquals(Map.of(Workbench.JUDGE_SCORE, 2.0, Workbench.JUDGE_PASS, 0.0), properties.get(0));
    assertEquals(Map.of(), properties.get(1));
    assertEquals("svdd: the held-out judge could not judge 1 of 4 svdd designs (left out of its columns): "
        + "Vina exited with code 1: bad", err.toString(StandardCharsets.UTF_8).strip());
    List<SampleRecord> records = new ArrayList<>();
    properties.forEach(p -> records.add(SampleRecord.newBuilder().putAllProperties(p).build()));
    MethodSummary row = RunReport.judged(MethodSummary.newBuilder(), "length", records).build();
    assertEquals(2.0 / 3, row.getJudgePassRate(), 1e-12, "two of the three judged pass; the crash counts nowhere");
    assertEquals(3.0, row.getJudgeMedianScore(), 1e-12);
  }

  @Test
  void aJudgeThatFailsAsAWhole_leavesEveryDesignUnjudged_andTheRunGoesOn() {
    Judge broken = new FakeLengthJudge() {
      @Override
      public List<Verdict> judge(List<String> designs) {
        throw new IllegalStateException("cmsearch exited with code 2");
      }
    };
    List<Map<String, Double>> properties = judge(broken, List.of("abc", "abcd"));
    assertEquals(List.of(Map.of(), Map.of()), properties);
    assertEquals("svdd: the held-out judge could not judge 2 of 2 svdd designs (left out of its columns): "
        + "cmsearch exited with code 2", err.toString(StandardCharsets.UTF_8).strip());
    List<SampleRecord> records = List.of(SampleRecord.getDefaultInstance(), SampleRecord.getDefaultInstance());
    assertEquals("", RunReport.judged(MethodSummary.newBuilder(), "length", records).build().getJudge(),
        "no judge columns at all");
  }
}
