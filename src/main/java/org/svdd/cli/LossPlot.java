package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** {@code loss.png}: a model's training and held-out loss per epoch, drawn from its {@code training.tsv}. */
final class LossPlot {
  static final String FILE = "loss.png";

  private LossPlot() {}

  /** Draws the curve beside {@code training.tsv} in {@code modelDir}; one line on standard error if it cannot. */
  static void write(Path modelDir, String lossName) {
    try {
      List<Double> epochs = new ArrayList<>();
      List<Double> train = new ArrayList<>();
      List<Double> heldOut = new ArrayList<>();
      for (String line : Files.readAllLines(modelDir.resolve("training.tsv"))) {
        String[] f = line.split("\t");
        if (f.length < 3 || !Character.isDigit(f[0].charAt(0))) {
          continue;
        }
        epochs.add(Double.parseDouble(f[0]));
        train.add(Double.parseDouble(f[1]));
        heldOut.add(Double.parseDouble(f[2]));
      }
      if (epochs.isEmpty()) {
        return;
      }
      XYChart chart = new XYChartBuilder().width(640).height(400).title("Training").xAxisTitle("epoch")
          .yAxisTitle(lossName).build();
      chart.addSeries("train", epochs, train);
      if (heldOut.stream().allMatch(Double::isFinite)) {
        chart.addSeries("held out", epochs, heldOut);
      }
      Files.write(modelDir.resolve(FILE), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
      System.err.println("svdd: no " + FILE + " (" + e + ")");
    }
  }
}
