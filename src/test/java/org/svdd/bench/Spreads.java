package org.svdd.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** How a benchmark's repeated runs spread: min / median / max of a measure, and its median. */
final class Spreads {
  private Spreads() {}

  /** "min / median / max" of a measure of the runs, scaled. */
  static <T> String spread(List<T> runs, ToDoubleFunction<T> measure, double scale) {
    double[] v = runs.stream().mapToDouble(measure).map(x -> x * scale).sorted().toArray();
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", v[0], v[v.length / 2], v[v.length - 1]);
  }

  /** The median of a measure of the runs (the upper one of an even count). */
  static <T> double median(List<T> runs, ToDoubleFunction<T> measure) {
    double[] v = runs.stream().mapToDouble(measure).sorted().toArray();
    return v[v.length / 2];
  }
}
