package org.svdd.task.molecule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.svdd.task.SequenceFiles;

/**
 * Tables of molecules, one per line, as spreadsheets and ChEMBL exports write them: with a header (separated by
 * tabs, semicolons or commas), the SMILES is the column whose name ends in "smiles" (any case) and the name the
 * first column whose name ends in name or id, or is title; without a header (commas), the SMILES is the first
 * column and the name the second. Lines starting with # are comments.
 */
final class MoleculeTables {
  private MoleculeTables() {}

  /**
   * Whether the file's first record (its first line not blank nor a comment) makes it a table: a header naming a
   * SMILES column, or a comma ending a first cell that holds no space (in a SMILES list, "CCO 2,4-D" is a molecule
   * and its name).
   */
  static boolean looksLikeTable(List<String> lines) {
    int first = firstRecord(lines);
    if (first < 0) {
      return false;
    }
    String firstLine = lines.get(first);
    if (headerDelimiter(firstLine) != 0) {
      return true;
    }
    int comma = firstLine.indexOf(',');
    return comma > 0 && firstLine.substring(0, comma).chars().noneMatch(Character::isWhitespace);
  }

  static List<SequenceFiles.Entry> read(Path file, List<String> lines) throws IOException {
    int first = firstRecord(lines);
    char headed = headerDelimiter(lines.get(first));
    char delimiter = headed != 0 ? headed : ',';
    List<String> header = cells(lines.get(first), delimiter);
    int smiles = headed != 0 ? smilesColumn(header) : 0;
    int name = headed != 0 ? nameColumn(header, smiles) : 1;
    int from = headed != 0 ? first + 1 : first;
    List<SequenceFiles.Entry> out = new ArrayList<>();
    for (int n = from; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> row = cells(line, delimiter);
      if (row.size() <= smiles) {
        throw new IOException(String.format(Locale.ROOT, "%s, line %d has %d column%s; the SMILES is column %d%s", file,
            n + 1, row.size(), row.size() == 1 ? "" : "s", smiles + 1,
            headed != 0 ? " ('" + header.get(smiles) + "')" : ""));
      }
      String named = name >= 0 && name < row.size() && !row.get(name).isBlank() ? row.get(name).strip() : null;
      out.add(new SequenceFiles.Entry(named != null ? named : file.getFileName() + ":" + (n + 1),
          row.get(smiles).strip()));
    }
    return out;
  }

  /**
   * The delimiter (tab, semicolon as ChEMBL exports, or comma) that splits a header line into two or more cells,
   * one naming the SMILES; 0 when the line is no such header.
   */
  private static char headerDelimiter(String line) {
    for (char d : new char[] {'\t', ';', ','}) {
      List<String> cells = cells(line, d);
      if (cells.size() > 1 && smilesColumn(cells) >= 0) {
        return d;
      }
    }
    return 0;
  }

  /** The index of the first line neither blank nor a comment; -1 when there is none. */
  private static int firstRecord(List<String> lines) {
    for (int n = 0; n < lines.size(); n++) {
      if (!lines.get(n).isBlank() && !lines.get(n).startsWith("#")) {
        return n;
      }
    }
    return -1;
  }

  /** The header's SMILES column, or -1 when the line names none (it is then a record). */
  private static int smilesColumn(List<String> header) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().toLowerCase(Locale.ROOT).endsWith("smiles")) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The header's name column: called name, title or id; else the first ending in " name", "_id" and the like;
   * else the first ending in id (ChEMBL's "chemblid"); -1 when there is none.
   */
  private static int nameColumn(List<String> header, int smiles) {
    for (java.util.function.Predicate<String> tier : NAME_TIERS) {
      for (int i = 0; i < header.size(); i++) {
        if (i != smiles && tier.test(header.get(i).strip().toLowerCase(Locale.ROOT))) {
          return i;
        }
      }
    }
    return -1;
  }

  private static final List<java.util.function.Predicate<String>> NAME_TIERS = List.of(
      h -> h.equals("name") || h.equals("title") || h.equals("id"),
      h -> h.matches(".*[ _.-](name|id)"),
      h -> h.endsWith("id"));

  /** One line's cells; double quotes may wrap a cell, as CSV writes them. */
  private static List<String> cells(String line, char delimiter) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get();
    try (CSVParser parser = CSVParser.parse(line, format)) {
      List<CSVRecord> records = parser.getRecords();
      return records.isEmpty() ? List.of() : records.get(0).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      // an unclosed quote: the line as one cell, so the SMILES parser names what is wrong with it
      return List.of(line);
    }
  }
}
