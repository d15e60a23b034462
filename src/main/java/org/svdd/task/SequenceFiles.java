package org.svdd.task;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads Stockholm alignments and FASTA, writes FASTA. RNA text is upper-cased and T becomes U. */
public final class SequenceFiles {
  private SequenceFiles() {}

  /** A named design text: a nucleotide sequence, or a SMILES string for molecules. */
  public record Entry(String name, String sequence) {}

  /** One FASTA record, newline included. */
  public static String fastaRecord(String name, String sequence) {
    return ">" + name + "\n" + sequence + "\n";
  }

  /** Reads .sto/.stk (ungapped: every non-letter dropped) or FASTA, by content. */
  public static List<Entry> read(Path file) throws IOException {
    TextFiles.requireReadable(file, "sequence file");
    List<String> lines = TextFiles.lines(file, StandardCharsets.US_ASCII);
    if (!lines.isEmpty() && lines.get(0).startsWith("# STOCKHOLM")) {
      return stockholm(lines);
    }
    return fasta(lines, file);
  }

  /** Reads DNA designs from FASTA or Stockholm: like {@link #read}, with T kept as T. */
  public static List<Entry> readDna(Path file) throws IOException {
    return read(file).stream().map(e -> new Entry(e.name(), e.sequence().replace('U', 'T'))).toList();
  }

  static List<Entry> stockholm(List<String> lines) {
    Map<String, StringBuilder> rows = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("//")) {
        continue;
      }
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2) {
        rows.computeIfAbsent(parts[0], k -> new StringBuilder()).append(parts[1]);
      }
    }
    List<Entry> out = new ArrayList<>();
    rows.forEach((name, aligned) -> out.add(new Entry(name, clean(aligned.toString()))));
    return out;
  }

  static List<Entry> fasta(List<String> lines, Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    String name = null;
    StringBuilder sequence = new StringBuilder();
    for (String line : lines) {
      if (line.startsWith(">")) {
        if (name != null) {
          out.add(new Entry(name, clean(sequence.toString())));
        }
        name = line.substring(1).trim();
        sequence.setLength(0);
      } else if (!line.isBlank()) {
        if (name == null) {
          throw new IOException(file + " is neither Stockholm nor FASTA (no '>' header before sequence data)");
        }
        sequence.append(line.trim());
      }
    }
    if (name != null) {
      out.add(new Entry(name, clean(sequence.toString())));
    }
    return out;
  }

  public static void writeFasta(Path file, List<Entry> entries) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (Entry e : entries) {
        w.write(fastaRecord(e.name(), e.sequence()));
      }
    }
  }

  /**
   * A design's own name, from a name as svdd writes it beside a score ({@code NAME reward=R}, an SDF title
   * adding the SMILES), so a design scored again keeps its name rather than collecting rewards; any other name
   * as it is.
   */
  public static String withoutReward(String name) {
    java.util.regex.Matcher m = SCORED_NAME.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  private static final java.util.regex.Pattern SCORED_NAME = java.util.regex.Pattern.compile("(.+?) reward=\\S+(?:\\s.*)?");

  /** Scored designs as FASTA, each header {@code >label reward=R}. */
  public static void writeScored(Path file, List<DesignTask.ScoredDesign> designs) throws IOException {
    writeFasta(file, designs.stream()
        .map(d -> new Entry(String.format(Locale.ROOT, "%s reward=%.2f", d.name(), d.reward()), d.text())).toList());
  }

  private static String clean(String aligned) {
    return aligned.toUpperCase(Locale.ROOT).replace('T', 'U').replaceAll("[^A-Z]", "");
  }
}
