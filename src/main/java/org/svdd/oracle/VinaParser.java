package org.svdd.oracle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads AutoDock Vina 1.2's result table: after the {@code -----+------------+...} rule, one row per mode,
 * best first, e.g. {@code    1       -5.154          0          0}; the best affinity (kcal/mol) is the
 * first row's second column.
 */
public final class VinaParser {
  private static final Pattern FIRST_MODE = Pattern.compile("(?m)^-----\\+-+\\+-+\\+-+\\s*\\R\\s*1\\s+(-?\\d+(?:\\.\\d+)?)\\s");

  private VinaParser() {}

  /** The best affinity in kcal/mol; fails naming what is missing. */
  public static double bestAffinity(String output) {
    Matcher m = FIRST_MODE.matcher(output);
    if (!m.find()) {
      String tail = output.strip();
      tail = tail.length() > 200 ? "…" + tail.substring(tail.length() - 200) : tail;
      throw new IllegalArgumentException("no result table in Vina's output: '" + tail + "'");
    }
    return Double.parseDouble(m.group(1));
  }
}
