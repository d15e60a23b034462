package org.svdd.cli;

/** A model card's "## " sections: one written again replaces the old one in its place. */
final class CardSections {
  private CardSections() {}

  /**
   * {@code card} with the section headed {@code header} (a "## " line, up to the next "## " line or the end)
   * replaced by {@code section}, or {@code section} appended if the card has none; {@code section} begins with
   * its header line and ends with a newline.
   */
  static String put(String card, String header, String section) {
    int at = ("\n" + card).indexOf("\n" + header + "\n"); // where the header line begins in card
    if (at < 0) {
      String gap = card.isEmpty() || card.endsWith("\n\n") ? "" : card.endsWith("\n") ? "\n" : "\n\n";
      return card + gap + section;
    }
    int next = card.indexOf("\n## ", at + header.length());
    return card.substring(0, at) + section + (next < 0 ? "" : "\n" + card.substring(next + 1));
  }
}
