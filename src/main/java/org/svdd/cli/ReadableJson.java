package org.svdd.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Protobuf's JSON as a person reads it: JsonFormat escapes {@code = < > & '} as {@code \u003d} and the like
 * (safe inside HTML), which turns every SMILES double bond into {@code \u003d}. JSON needs none of these
 * escaped; they are written as themselves, and the text parses to the same message.
 */
final class ReadableJson {
  /** One of the five escapes, after an even number of backslashes (so not itself an escaped backslash's tail). */
  private static final Pattern HTML_ESCAPE = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u00(3d|3c|3e|26|27)");

  private ReadableJson() {}

  static String print(JsonFormat.Printer printer, MessageOrBuilder message) throws InvalidProtocolBufferException {
    return unescape(printer.print(message));
  }

  /** A message (a job's status or spec, a node's status) as one line of this JSON, for scripts and status lines. */
  static String oneLine(MessageOrBuilder message) {
    try {
      return print(JsonFormat.printer().omittingInsignificantWhitespace(), message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a " + message.getDescriptorForType().getName() + " that cannot be printed: "
          + e.getMessage(), e);
    }
  }

  static String unescape(String json) {
    Matcher m = HTML_ESCAPE.matcher(json);
    StringBuilder out = new StringBuilder(json.length());
    while (m.find()) {
      char c = (char) Integer.parseInt(m.group(2), 16);
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + c));
    }
    m.appendTail(out);
    return out.toString();
  }
}
