package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.svdd.api.proto.SampleRecord;

/** {@code rewards.png}: a box per method of its samples' rewards (XChart), beside a run's other outputs. */
final class RewardPlot {
  static final String FILE = "rewards.png";

  private RewardPlot() {}

  /**
   * Draws the plot into {@code dir}. A plot is a convenience: if it cannot be drawn (no fonts on a
   * headless machine), one line says so and the run's other files are written as usual.
   */
  static void write(Path dir, String reward, List<List<SampleRecord>> recordsPerMethod) {
    try {
      BoxChart chart = new BoxChartBuilder().width(720).height(420).title("Reward of the samples, by method")
          .xAxisTitle("method").yAxisTitle(reward.isEmpty() ? "reward" : reward).build();
      chart.getStyler().setLegendVisible(false);
      int series = 0;
      for (List<SampleRecord> records : recordsPerMethod) {
        if (records.size() < 2) {
          continue;
        }
        chart.addSeries(records.get(0).getMethod(), records.stream().map(SampleRecord::getReward).toList());
        series++;
      }
      if (series > 0) {
        Files.write(dir.resolve(FILE), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      }
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
      System.err.println("svdd: no " + FILE + " (" + e + ")");
    }
  }
}
