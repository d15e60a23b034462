package org.svdd.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.core.reward.RewardOracle;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.SequenceFiles;

/** Summarises a method's samples, prints the comparison table, and writes the output files atomically. */
final class RunReport {
  private RunReport() {}

  /** Figures shared by sampled and evaluated sets: reward quantiles, naturalness and the task's set figures. */
  static MethodSummary.Builder summarize(String method, List<SampleRecord> records, DesignSetMetrics metrics) {
    double[] rewards = records.stream().mapToDouble(SampleRecord::getReward).toArray();
    double[] naturalness = records.stream().mapToDouble(r -> r.hasNaturalness() ? r.getNaturalness() : Double.NaN)
        .toArray();
    double[] q = SampleMetrics.quantiles(rewards, 0.5, 0.9);
    MethodSummary.Builder row = MethodSummary.newBuilder()
        .setMethod(method)
        .setSamples(records.size())
        .setMedianReward(q[0])
        .setQ90Reward(q[1])
        .setDiversity(metrics.diversity())
        .putAllFigures(metrics.figures());
    definedOnly(SampleMetrics.mean(naturalness), row::setMeanNaturalness);
    definedOnly(metrics.kmer3Correlation(), row::setKmer3Correlation);
    definedOnly(metrics.validity(), row::setValidity);
    definedOnly(metrics.uniqueness(), row::setUniqueness);
    definedOnly(metrics.novelty(), row::setNovelty);
    return row;
  }

  /** A figure the task does not define (NaN) stays absent from the summary instead of reading "NaN". */
  private static void definedOnly(double figure, java.util.function.DoubleFunction<?> set) {
    if (!Double.isNaN(figure)) {
      set.apply(figure);
    }
  }

  /** The summary's figures, NaN where absent (or written as "NaN" by an older svdd). */
  static double naturalness(MethodSummary m) {
    return m.hasMeanNaturalness() ? m.getMeanNaturalness() : Double.NaN;
  }

  static double kmer3(MethodSummary m) {
    return m.hasKmer3Correlation() ? m.getKmer3Correlation() : Double.NaN;
  }

  static double validity(MethodSummary m) {
    return m.hasValidity() ? m.getValidity() : Double.NaN;
  }

  static double uniqueness(MethodSummary m) {
    return m.hasUniqueness() ? m.getUniqueness() : Double.NaN;
  }

  static double novelty(MethodSummary m) {
    return m.hasNovelty() ? m.getNovelty() : Double.NaN;
  }

  /** Adds the held-out judge's pass rate and median score over the records that carry its verdict. */
  static MethodSummary.Builder judged(MethodSummary.Builder row, String judge, List<SampleRecord> all) {
    List<SampleRecord> records = all.stream().filter(r -> r.containsProperties(Workbench.JUDGE_PASS)).toList();
    if (records.isEmpty()) {
      return row;
    }
    double[] scores = records.stream().mapToDouble(r -> r.getPropertiesOrDefault(Workbench.JUDGE_SCORE, 0)).toArray();
    double passed = records.stream().mapToDouble(r -> r.getPropertiesOrDefault(Workbench.JUDGE_PASS, 0)).sum();
    return row.setJudge(judge).setJudgePassRate(passed / records.size())
        .setJudgeMedianScore(SampleMetrics.quantiles(scores, 0.5)[0]);
  }

  /**
   * A method's name heads its output files: letters, digits, '.', '_' and '-', not starting with '.', so that
   * no name (a user's --label, a server's answer) writes outside the output folder or hides a file.
   */
  static String checkFileName(String method) {
    if (!method.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("'" + method + "' cannot name output files: use up to 64 letters, digits, "
          + "'.', '_' or '-', not starting with '.'");
    }
    return method;
  }

  /** One row per method; molecule tasks show validity, uniqueness and novelty where RNA shows 3-mer correlation. */
  static String table(List<MethodSummary> rows) {
    boolean molecules = rows.stream().anyMatch(r -> validity(r) > 0);
    boolean judged = rows.stream().anyMatch(r -> !r.getJudge().isEmpty());
    List<String> figures = rows.stream().flatMap(r -> r.getFiguresMap().keySet().stream()).distinct().sorted().toList();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-12s %5s %9s %9s %11s %9s %s%s %13s %9s %12s %8s", "method", "n", "median",
        "q90", "natural/sym", "diversity", molecules ? String.format("%6s %6s %6s", "valid", "unique", "novel")
            : String.format("%8s", "3mer-r"), judged ? String.format("%7s %9s", "judged", "judge-med") : "",
        "oracle-calls", "archived", "designs", "wall-s"));
    s.append(figureColumns(figures, f -> String.format("%8s", f))).append('\n');
    for (MethodSummary r : rows) {
      String quality = molecules
          ? cell(validity(r), 6, 3) + " " + cell(uniqueness(r), 6, 3) + " " + cell(novelty(r), 6, 3)
          : cell(kmer3(r), 8, 3);
      String judge = !judged ? "" : r.getJudge().isEmpty() ? String.format("%7s %9s", "-", "-")
          : String.format(Locale.ROOT, "%6.1f%% %9.1f", 100 * r.getJudgePassRate(), r.getJudgeMedianScore());
      s.append(String.format(Locale.ROOT, "%-12s %5d %s %s %s %s %s%s %13d %9d %12d %s",
          r.getMethod(), r.getSamples(), cell(r.getMedianReward(), 9, 3), cell(r.getQ90Reward(), 9, 3),
          cell(naturalness(r), 11, 4), cell(r.getDiversity(), 9, 3), quality, judge.isEmpty() ? "" : " " + judge,
          r.getOracleCalls(), r.getArchiveHits(), r.getDesignsScored(), cell(r.getWallSeconds(), 8, 1)));
      s.append(figureColumns(figures, f -> cell(r.getFiguresOrDefault(f, Double.NaN), 8, 3))).append('\n');
    }
    rows.stream().filter(r -> !r.getNote().isEmpty())
        .forEach(r -> s.append(r.getMethod()).append(": ").append(r.getNote()).append('\n'));
    rows.stream().map(MethodSummary::getJudge).filter(j -> !j.isEmpty()).findFirst()
        .ifPresent(j -> s.append("judged: held out, guided nothing: ").append(j).append('\n'));
    return s.toString();
  }

  /** A figure right-aligned in {@code width} with {@code decimals}; "-" where it is not defined (NaN). */
  private static String cell(double value, int width, int decimals) {
    return Double.isNaN(value) ? String.format("%" + width + "s", "-")
        : String.format(Locale.ROOT, "%" + width + "." + decimals + "f", value);
  }

  /** The task's own figures as extra columns, each a space and its cell. */
  private static String figureColumns(List<String> figures, java.util.function.Function<String, String> cell) {
    return figures.stream().map(f -> " " + cell.apply(f)).collect(java.util.stream.Collectors.joining());
  }

  /**
   * Writes per method its designs in the task's formats ({@code <method>.fasta} for RNA; {@code .smi},
   * {@code .png} and, for docking, {@code .sdf} for molecules) and {@code <method>.jsonl}, and
   * {@code summary.json}, into {@code out}: first into a hidden folder beside them, then moved in, so no
   * half-written file is ever left under a final name, and an earlier run's files that this run does not
   * rewrite are removed ({@link OutputDirs#moveIn}). {@code oracle} may be null; so may {@code task}
   * (a server's task this installation does not know), and then designs go to {@code <method>.fasta}.
   */
  static void write(Path out, RunSummary summary, List<List<SampleRecord>> recordsPerMethod, DesignTask task,
      RewardOracle oracle) throws IOException {
    write(out, summary, recordsPerMethod, task, oracle, java.util.Map.of(), java.util.Set.of());
  }

  /** As {@link #write(Path, RunSummary, List, DesignTask, RewardOracle)}, with more text files (name to content). */
  static void write(Path out, RunSummary summary, List<List<SampleRecord>> recordsPerMethod, DesignTask task,
      RewardOracle oracle, java.util.Map<String, String> extraFiles, java.util.Set<Path> inputs) throws IOException {
    for (List<SampleRecord> records : recordsPerMethod) {
      if (!records.isEmpty()) {
        checkFileName(records.get(0).getMethod());
      }
    }
    Path staging;
    try {
      Files.createDirectories(out);
      staging = StagingFolders.create(out);
    } catch (IOException e) {
      throw unwritable(out, e);
    }
    try {
      try {
        writeStaged(staging, summary, recordsPerMethod, task, oracle, extraFiles);
      } catch (IOException e) {
        throw unwritable(out, e);
      }
      try {
        OutputDirs.moveIn(staging, out, inputs);
      } catch (IOException e) {
        throw new IOException("cannot move the results into " + out + ": " + org.svdd.core.reward.Failures.describe(e), e);
      }
    } finally {
      org.svdd.oracle.ScratchDirs.delete(staging); // what moveIn left, if it did not run to the end
    }
  }

  /** A full disk says only "No space left on device": the folder is named, and that nothing was left in it. */
  private static IOException unwritable(Path out, IOException e) {
    return new IOException("cannot write the results into " + out + ": " + org.svdd.core.reward.Failures.describe(e)
        + " (nothing was written there)", e);
  }

  private static void writeStaged(Path staging, RunSummary summary, List<List<SampleRecord>> recordsPerMethod,
      DesignTask task, RewardOracle oracle, java.util.Map<String, String> extraFiles) throws IOException {
    java.util.Map<String, List<DesignTask.ScoredDesign>> byMethod = new java.util.LinkedHashMap<>();
    for (List<SampleRecord> records : recordsPerMethod) {
      if (records.isEmpty()) {
        continue;
      }
      String method = records.get(0).getMethod();
      List<DesignTask.ScoredDesign> designs = records.stream().map(r -> new DesignTask.ScoredDesign(
          r.getName().isEmpty() ? r.getMethod() + "-" + r.getParticle() : r.getName(), r.getSequence(), r.getReward()))
          .toList();
      byMethod.put(method, designs);
      if (task != null) {
        try (Progress.Delayed bar = Progress.delayed(method + ": output files", designs.size())) {
          task.writeOutputs(staging, method, designs, oracle, bar::doneSoFar);
        }
      } else {
        SequenceFiles.writeScored(staging.resolve(method + ".fasta"), designs);
      }
      writeJsonl(staging.resolve(method + ".jsonl"), records);
    }
    if (task != null) {
      task.writeComparison(staging, byMethod);
    }
    RewardPlot.write(staging, summary.getSpec().getReward(), recordsPerMethod);
    Files.writeString(staging.resolve("summary.json"), ReadableJson.print(JsonFormat.printer(), summary) + "\n");
    for (java.util.Map.Entry<String, String> extra : extraFiles.entrySet()) {
      Files.writeString(staging.resolve(extra.getKey()), extra.getValue());
    }
  }

  private static void writeJsonl(Path file, List<SampleRecord> records) throws IOException {
    JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace().alwaysPrintFieldsWithNoPresence();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (SampleRecord r : records) {
        w.write(ReadableJson.print(printer, r));
        w.write('\n');
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(e);
    }
  }
}
