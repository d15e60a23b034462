package org.svdd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.task.SequenceFiles;

/**
 * The records of a design file as the model's states, each with its name; a record the model cannot encode
 * refuses the file, or under {@code --skip-unencodable} is left out and listed with the reason.
 */
record EncodedDesigns(List<State> states, List<String> names, List<Skipped> skipped, int records) {
  /** Ends the refusal of a record the model cannot encode. */
  static final String SKIP_HINT = " (--skip-unencodable scores the other records and lists the ones it leaves out)";

  /** Suffix of the file that lists, under --skip-unencodable, the records left out and why. */
  static final String SKIPPED = ".skipped.tsv";

  /** Records left out that stderr names one by one; the file lists them all. */
  private static final int SHOWN = 5;

  /** A record left out, and why. */
  record Skipped(String name, String reason) {
    @Override
    public String toString() {
      return name + ": " + reason;
    }
  }

  static EncodedDesigns encode(List<DesignFiles.Source> sources, DesignCodec codec, int length,
      boolean skipUnencodable) {
    List<State> states = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    int records = 0;
    for (DesignFiles.Source source : sources) {
      if (source.entries().isEmpty()) {
        throw new IllegalArgumentException(source.file() + " holds no designs");
      }
      records += source.entries().size();
      for (SequenceFiles.Entry e : source.entries()) {
        String name = SequenceFiles.withoutReward(e.name());
        String reason = "no sequence";
        if (!e.sequence().isBlank()) {
          try {
            states.add(codec.parse(e.sequence(), length));
            names.add(name);
            continue;
          } catch (IllegalArgumentException bad) {
            reason = bad.getMessage();
          }
        }
        if (!skipUnencodable) {
          throw new IllegalArgumentException(source.file() + ", " + where(source.file(), e) + ": " + reason + SKIP_HINT);
        }
        skipped.add(new Skipped(name, reason));
      }
    }
    if (states.isEmpty()) {
      throw new IllegalArgumentException("none of the " + records + " records of "
          + (sources.size() == 1 ? sources.get(0).file() : "the " + sources.size() + " files")
          + " can be encoded by the model; the first, " + skipped.get(0));
    }
    return new EncodedDesigns(states, names, skipped, records);
  }

  /**
   * What stderr says of the records left out: how many, where the list is (if {@code listedIn} is not null), and
   * the first few; empty when none was.
   */
  String leftOut(Path listedIn) {
    if (skipped.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "svdd: left out %d of %d records the model cannot "
        + "encode%s", skipped.size(), records, listedIn == null ? "" : " (all listed in " + listedIn + ")"));
    for (Skipped line : skipped.subList(0, Math.min(skipped.size(), SHOWN))) {
      s.append(System.lineSeparator()).append("  ").append(line);
    }
    if (skipped.size() > SHOWN) {
      s.append(System.lineSeparator()).append("  ... and ").append(skipped.size() - SHOWN).append(" more");
    }
    return s.toString();
  }

  /** The records left out as a table: a header, then name and reason per line. */
  String skippedTsv() {
    StringBuilder s = new StringBuilder("name\treason\n");
    for (Skipped k : skipped) {
      s.append(k.name().replaceAll("[\t\r\n]", " ")).append('\t').append(k.reason().replaceAll("[\t\r\n]", " "))
          .append('\n');
    }
    return s.toString();
  }

  /** "line N" for an unnamed record (named FILE:N by the reader), else "sequence 'NAME'". */
  private static String where(Path file, SequenceFiles.Entry e) {
    String unnamed = file.getFileName() + ":";
    return e.name().startsWith(unnamed) && e.name().substring(unnamed.length()).chars().allMatch(Character::isDigit)
        ? "line " + e.name().substring(unnamed.length()) : "sequence '" + e.name() + "'";
  }
}
