package org.svdd.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a model's training files came from, in words for its model card: each file of a source the project's
 * fetch scripts bring is named with that source and its licence; any other file as supplied by whoever trained
 * the model, so a card never credits Debian's data for a user's own.
 */
public final class Provenance {
  private Provenance() {}

  /** A known source: how to recognise its files, and its name and licence in words. */
  public record Source(Predicate<Path> matches, String description) {
    /** A source whose files have these names. */
    public static Source named(String description, String... fileNames) {
      List<String> names = List.of(fileNames);
      return new Source(p -> p.getFileName() != null && names.contains(p.getFileName().toString()), description);
    }

    /** A source whose files lie under {@code dir}. */
    public static Source under(String description, Path dir) {
      return new Source(p -> p.toAbsolutePath().normalize().startsWith(dir), description);
    }
  }

  /**
   * "SOURCE: `a`, `b`; OTHER SOURCE: `c`; and files supplied by whoever trained this model (source and licence not
   * recorded): `d`", with only the parts that apply, as a sentence's start.
   */
  public static String of(List<Path> files, List<Source> known) {
    Map<String, List<String>> bySource = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (Path file : files) {
      String name = "`" + file.getFileName() + "`";
      known.stream().filter(s -> s.matches().test(file)).findFirst()
          .ifPresentOrElse(s -> bySource.computeIfAbsent(s.description(), k -> new ArrayList<>()).add(name),
              () -> others.add(name));
    }
    List<String> parts = new ArrayList<>();
    bySource.forEach((source, names) -> parts.add(source + ": " + String.join(", ", names)));
    if (!others.isEmpty()) {
      parts.add((parts.isEmpty() ? "" : "and ") + "files supplied by whoever trained this model (source and licence "
          + "not recorded): " + String.join(", ", others));
    }
    String said = String.join("; ", parts);
    return said.isEmpty() ? said : Character.toUpperCase(said.charAt(0)) + said.substring(1);
  }
}
