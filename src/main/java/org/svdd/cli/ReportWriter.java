package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.RunSummary;
import org.svdd.core.metrics.SampleMetrics;

/**
 * Writes {@code svdd report}'s {@code results.md}: per task the paper's Table 1 shape (median and 0.9
 * quantile of the reward as mean ± sd over seeds), naturalness, diversity, the task's quality and held-out
 * judge columns, oracle calls and denoiser rows per design, wall time; SVDD's reward against M; and every
 * method's reward against oracle calls per design, as tables and XChart PNGs beside it.
 */
final class ReportWriter {
  static final String FILE = "results.md";
  private final Path out;
  private final boolean quick;
  private final int seeds;

  /** One finished sample run: which of the plan's runs, its seed, and what it wrote. */
  record RunResult(String run, long seed, RunSummary summary) {}

  ReportWriter(Path out, boolean quick, int seeds) {
    this.out = out;
    this.quick = quick;
    this.seeds = seeds;
  }

  /** " Scored by: REWARD `ORACLE`; …" for the oracles the runs recorded (each distinct one), or "" for none. */
  private static String oracles(List<RunResult> runs) {
    java.util.Set<String> named = new java.util.TreeSet<>();
    runs.forEach(r -> r.summary().getOraclesMap().forEach((reward, oracle) -> named.add(reward + " `" + oracle + "`")));
    return named.isEmpty() ? "" : " Scored by: " + String.join("; ", named) + ".";
  }

  Path write(Map<ReportPlan, List<RunResult>> results) throws IOException {
    Files.createDirectories(out);
    StringBuilder s = new StringBuilder("# svdd report\n\n");
    s.append(String.format(Locale.ROOT, "Written by `svdd report%s --seeds %d` on %s. Every figure is the mean over "
        + "seeds; ± is their standard deviation. Each run is an ordinary `svdd sample`, kept under `runs/` with its "
        + "designs and `summary.json`. Oracle calls count the designs a method sent to its reward, answered by the "
        + "oracle or by the durable archive of earlier runs alike.%s%n", quick ? " --quick" : "", seeds, java.time.LocalDate.now(),
        quick ? " **Quick mode: tiny settings, a smoke run, not a measurement.**" : ""));
    for (Map.Entry<ReportPlan, List<RunResult>> e : results.entrySet()) {
      task(s, e.getKey(), e.getValue());
    }
    Path file = out.resolve(FILE);
    Files.writeString(file, s);
    return file;
  }

  private void task(StringBuilder s, ReportPlan plan, List<RunResult> runs) {
    s.append(String.format(Locale.ROOT, "%n## %s%n%nReward `%s`; N = %d, M = %d, T = %d.%s%n%n", plan.task(), plan.reward(),
        plan.particles(), plan.candidates(), plan.steps(), oracles(runs)));
    Map<String, List<MethodSummary>> rows = new LinkedHashMap<>();
    for (RunResult r : runs) {
      if (List.of("methods", "beyond", "search", "tree").contains(r.run())) {
        r.summary().getMethodsList().forEach(m -> rows.computeIfAbsent(m.getMethod(), k -> new ArrayList<>()).add(m));
      } else if (r.run().startsWith("svdd-mc") || r.run().startsWith("svdd-pm") || r.run().equals("svdd-adaptive")) {
        r.summary().getMethodsList().forEach(m -> rows.computeIfAbsent(r.run(), k -> new ArrayList<>()).add(m));
      }
    }
    if (rows.isEmpty()) {
      s.append("No run finished.\n");
      return;
    }
    List<MethodSummary> all = rows.values().stream().flatMap(List::stream).toList();
    boolean kmer = all.stream().anyMatch(m -> !Double.isNaN(RunReport.kmer3(m)));
    boolean molecules = all.stream().anyMatch(m -> RunReport.validity(m) > 0 && !Double.isNaN(RunReport.uniqueness(m)));
    boolean judged = all.stream().anyMatch(m -> !m.getJudge().isEmpty());
    List<String> figures = all.stream().flatMap(m -> m.getFiguresMap().keySet().stream()).distinct().sorted().toList();
    s.append("| method | median reward | q90 reward | natural/sym | diversity |");
    s.append(kmer ? " 3-mer r |" : "").append(molecules ? " valid | unique | novel |" : "");
    s.append(judged ? " judge pass | judge median |" : "");
    figures.forEach(f -> s.append(' ').append(f).append(" |"));
    s.append(" oracle calls / design | value-net calls / design | denoiser rows / design | wall s |\n|---|---|---|---|---|");
    s.append(kmer ? "---|" : "").append(molecules ? "---|---|---|" : "").append(judged ? "---|---|" : "");
    figures.forEach(f -> s.append("---|"));
    s.append("---|---|---|---|\n");
    for (Map.Entry<String, List<MethodSummary>> row : rows.entrySet()) {
      List<MethodSummary> m = row.getValue();
      s.append("| ").append(row.getKey()).append(" | ").append(spread(m, MethodSummary::getMedianReward)).append(" | ")
          .append(spread(m, MethodSummary::getQ90Reward)).append(" | ").append(mean(m, RunReport::naturalness, 3))
          .append(" | ").append(mean(m, MethodSummary::getDiversity, 3)).append(" |");
      if (kmer) {
        s.append(' ').append(mean(m, RunReport::kmer3, 3)).append(" |");
      }
      if (molecules) {
        s.append(' ').append(mean(m, RunReport::validity, 3)).append(" | ").append(mean(m, RunReport::uniqueness, 3))
            .append(" | ").append(mean(m, RunReport::novelty, 3)).append(" |");
      }
      if (judged) {
        s.append(' ').append(mean(m, r -> 100 * r.getJudgePassRate(), 1)).append(" % | ")
            .append(mean(m, MethodSummary::getJudgeMedianScore, 2)).append(" |");
      }
      for (String f : figures) {
        s.append(' ').append(mean(m, r -> r.getFiguresOrDefault(f, Double.NaN), 3)).append(" |");
      }
      s.append(' ').append(mean(m, r -> perDesign(r, paid(r)), 1)).append(" | ")
          .append(mean(m, r -> perDesign(r, r.getEarlyOracleCalls()), 1)).append(" | ")
          .append(mean(m, r -> perDesign(r, r.getDenoisedRows()), 1)).append(" | ")
          .append(mean(m, MethodSummary::getWallSeconds, 1)).append(" |\n");
    }
    all.stream().map(MethodSummary::getJudge).filter(j -> !j.isEmpty()).findFirst()
        .ifPresent(j -> s.append("\nJudge (held out, guided nothing): ").append(j).append(".\n"));
    if (rows.containsKey("svdd-mc")) {
      s.append(String.format(Locale.ROOT, "%nsvdd-mc: SVDD valued by the learned value network (one oracle call per "
          + "design, for the final sample); svdd-mc-late10: the same with the reward valuing the last %.0f %% of the "
          + "steps; svdd-pm-late10: SVDD valued by the reward of x̂₀ on those steps only (`--budget`), so at the "
          + "oracle calls of svdd-mc-late10.%n", ReportPlan.LATE * 100));
    }
    sweep(s, plan, runs, rows);
  }

  /** SVDD's reward against M, and every method's reward against oracle calls per design. */
  private void sweep(StringBuilder s, ReportPlan plan, List<RunResult> runs, Map<String, List<MethodSummary>> rows) {
    TreeMap<Integer, List<MethodSummary>> byM = sweepOf(runs, "svdd", "methods", "svdd-m", plan.candidates());
    TreeMap<Integer, List<MethodSummary>> bestOfN = sweepOf(runs, "best-of-n", "methods", "bon-m", plan.candidates());
    TreeMap<Integer, List<MethodSummary>> tree = sweepOf(runs, "tree", "tree", "tree-m", plan.candidates());
    sweepTable(s, "SVDD", byM);
    String byMFile = plan.task() + "-reward-vs-m.png";
    String byCallsFile = plan.task() + "-reward-vs-calls.png";
    boolean drawn = plot(byMFile, "SVDD's reward against M (" + plan.task() + ")", "M (children per step)",
        Map.of("svdd median", points(byM, r -> r.getMedianReward(), null),
            "svdd q90", points(byM, r -> r.getQ90Reward(), null)), false);
    Map<String, double[][]> calls = new LinkedHashMap<>();
    calls.put("svdd (M sweep)", points(byM, MethodSummary::getMedianReward, r -> perDesign(r, paid(r))));
    Map<String, TreeMap<Integer, List<MethodSummary>>> swept = new LinkedHashMap<>();
    swept.put("best-of-n", bestOfN);
    swept.put("tree", tree);
    swept.forEach((method, sweep) -> {
      if (sweep.size() > 1) {
        calls.put(method + " (M sweep)", points(sweep, MethodSummary::getMedianReward, r -> perDesign(r, paid(r))));
        sweepTable(s, method.equals("tree") ? "Tree search" : "Best-of-N", sweep);
      }
    });
    rows.forEach((method, list) -> {
      if (!method.equals("svdd") && !(swept.containsKey(method) && swept.get(method).size() > 1)) {
        calls.put(method, new double[][] {{mean(list, r -> Math.max(perDesign(r, paid(r)), 1e-3))},
            {mean(list, MethodSummary::getMedianReward)}});
      }
    });
    drawn &= plot(byCallsFile, "Median reward against oracle calls per design (" + plan.task() + ")",
        "oracle calls per design (log)", calls, true);
    if (drawn) {
      s.append(String.format(Locale.ROOT, "%n![SVDD's reward against M](%s) ![reward against oracle calls](%s)%n",
          byMFile, byCallsFile));
    }
  }

  /** A method's summaries by M: its row in the run {@code base} (at the plan's M) and in the runs named prefix + M. */
  private static TreeMap<Integer, List<MethodSummary>> sweepOf(List<RunResult> runs, String method, String base,
      String prefix, int baseM) {
    TreeMap<Integer, List<MethodSummary>> out = new TreeMap<>();
    for (RunResult r : runs) {
      int m = r.run().equals(base) ? baseM
          : r.run().matches(prefix + "[0-9]+") ? Integer.parseInt(r.run().substring(prefix.length())) : -1;
      if (m > 0) {
        r.summary().getMethodsList().stream().filter(x -> x.getMethod().equals(method))
            .forEach(x -> out.computeIfAbsent(m, k -> new ArrayList<>()).add(x));
      }
    }
    return out;
  }

  /** A sweep's table: median and q90 (mean ± sd over seeds) and oracle calls per design, by M. */
  private static void sweepTable(StringBuilder s, String name, TreeMap<Integer, List<MethodSummary>> sweep) {
    s.append("\n| M | ").append(name).append(" median reward | ").append(name)
        .append(" q90 reward | oracle calls / design |\n|---|---|---|---|\n");
    sweep.forEach((m, list) -> s.append("| ").append(m).append(" | ").append(spread(list, MethodSummary::getMedianReward))
        .append(" | ").append(spread(list, MethodSummary::getQ90Reward)).append(" | ")
        .append(mean(list, r -> perDesign(r, paid(r)), 1)).append(" |\n"));
  }

  /** x (M, or the given figure) and y (mean over seeds) per M. */
  private static double[][] points(TreeMap<Integer, List<MethodSummary>> byM, ToDoubleFunction<MethodSummary> y,
      ToDoubleFunction<MethodSummary> x) {
    double[][] xy = new double[2][byM.size()];
    int i = 0;
    for (Map.Entry<Integer, List<MethodSummary>> e : byM.entrySet()) {
      xy[0][i] = x == null ? e.getKey() : Math.max(mean(e.getValue(), x), 1e-3);
      xy[1][i] = mean(e.getValue(), y);
      i++;
    }
    return xy;
  }

  /** A line chart of the series; false (with one line why) when it cannot be drawn. */
  private boolean plot(String file, String title, String xTitle, Map<String, double[][]> series, boolean logX) {
    try {
      XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle(xTitle).yAxisTitle("reward").build();
      chart.getStyler().setXAxisLogarithmic(logX);
      chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      series.forEach((name, xy) -> {
        if (xy[0].length > 0 && java.util.Arrays.stream(xy[1]).allMatch(Double::isFinite)) {
          chart.addSeries(name, xy[0], xy[1]);
        }
      });
      Files.write(out.resolve(file), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      return true;
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
      System.err.println("svdd report: no " + file + " (" + e + ")");
      return false;
    }
  }

  /**
   * Oracle calls a method pays: those the oracle made and those the durable archive answered from earlier runs,
   * so that a run's cost does not depend on what runs came before it.
   */
  static long paid(MethodSummary r) {
    return r.getOracleCalls() + r.getArchiveHits();
  }

  private static double perDesign(MethodSummary r, long count) {
    return r.getSamples() == 0 ? Double.NaN : count / (double) r.getSamples();
  }

  private static double mean(List<MethodSummary> rows, ToDoubleFunction<MethodSummary> f) {
    return SampleMetrics.mean(rows.stream().mapToDouble(f).toArray());
  }

  private static String mean(List<MethodSummary> rows, ToDoubleFunction<MethodSummary> f, int digits) {
    double v = mean(rows, f);
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** Mean ± standard deviation over seeds (the deviation left out for one seed). */
  private static String spread(List<MethodSummary> rows, ToDoubleFunction<MethodSummary> f) {
    double[] v = rows.stream().mapToDouble(f).toArray();
    double mean = SampleMetrics.mean(v);
    if (v.length < 2) {
      return String.format(Locale.ROOT, "%.3f", mean);
    }
    double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
    return String.format(Locale.ROOT, "%.3f ± %.3f", mean, Math.sqrt(var));
  }
}
