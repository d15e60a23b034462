package org.svdd.oracle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the two lines RNAfold 2.x prints per input sequence: the sequence, then the structure followed by
 * the MFE in parentheses, e.g. {@code ((((....)))) ( -5.40)}.
 */
public final class RnaFoldParser {
  private static final Pattern STRUCTURE_LINE = Pattern.compile("^([().]*)\\s+\\(\\s*(-?\\d+(?:\\.\\d+)?)\\s*\\)\\s*$");

  private RnaFoldParser() {}

  public static Fold parse(String sequence, String echoedLine, String structureLine) {
    if (echoedLine == null || structureLine == null) {
      throw new IllegalArgumentException("RNAfold output ended before the result for " + sequence);
    }
    if (!echoedLine.trim().equalsIgnoreCase(sequence)) {
      throw new IllegalArgumentException(
          "RNAfold echoed '" + echoedLine.trim() + "' but was sent '" + sequence + "' (output out of step)");
    }
    Matcher m = STRUCTURE_LINE.matcher(structureLine);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot read an RNAfold structure line: '" + structureLine + "'");
    }
    String structure = m.group(1);
    if (structure.length() != sequence.length()) {
      throw new IllegalArgumentException(
          "RNAfold structure has " + structure.length() + " positions for a sequence of " + sequence.length());
    }
    return new Fold(structure, Double.parseDouble(m.group(2)));
  }
}
