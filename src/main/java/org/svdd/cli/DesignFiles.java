package org.svdd.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.svdd.api.JobSpecs;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.task.DesignTask;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TextFiles;

/**
 * The design files {@code eval} is given, each read into named records: svdd's own {@code METHOD.jsonl} for any
 * task (one {@link SampleRecord} per line), else the task's formats ({@link DesignTask#readDesigns}); {@code -} is
 * standard input.
 */
final class DesignFiles {
  private DesignFiles() {}

  /** One file's records. */
  record Source(Path file, List<SequenceFiles.Entry> entries) {}

  /** The file name that stands for standard input, as in most Unix tools. */
  static final String STDIN = "-";

  static List<Source> read(DesignTask task, List<Path> files) throws IOException {
    List<Source> out = new ArrayList<>();
    for (Path file : files) {
      out.add(file.toString().equals(STDIN) ? fromStdin(task) : read(task, file));
    }
    return out;
  }

  private static Source read(DesignTask task, Path file) throws IOException {
    checkSampledFor(task, file);
    return new Source(file, isRecords(file) ? records(file) : task.readDesigns(file));
  }

  /**
   * Refuses the designs of a run for another task, as the run's summary.json beside them says (svdd sample, results
   * --out and eval --out write METHOD.jsonl, METHOD.fasta, METHOD-0.png, … beside it): read as this task's designs
   * they would fail on their first record, naming a symbol or a SMILES rather than the task they are for.
   */
  private static void checkSampledFor(DesignTask task, Path file) {
    RunSummary summary = runOf(file).orElse(null);
    if (summary == null) {
      return;
    }
    String sampledFor = summary.getSpec().getTask().isEmpty() ? JobSpecs.DEFAULT_TASK : summary.getSpec().getTask();
    if (!sampledFor.equals(task.name())) {
      throw new IllegalArgumentException(file + " holds designs of task " + sampledFor + " (its summary.json says so), "
          + "not " + task.name() + ": score them with --task " + sampledFor);
    }
  }

  /** The digest of the model that drew the designs in {@code file}, where the summary.json of their run names it. */
  static java.util.Optional<String> drawnBy(Path file) {
    return runOf(file).map(RunSummary::getModelDigest).filter(digest -> !digest.isEmpty());
  }

  /** The summary.json of the svdd run whose designs {@code file} holds (one of its METHOD files beside it), if any. */
  private static java.util.Optional<RunSummary> runOf(Path file) {
    Path summaryFile = file.toAbsolutePath().resolveSibling("summary.json");
    if (!Files.isRegularFile(summaryFile)) {
      return java.util.Optional.empty();
    }
    RunSummary.Builder summary = RunSummary.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(summaryFile), summary);
    } catch (IOException e) {
      return java.util.Optional.empty(); // not svdd's summary, or unreadable: the designs are read as any others
    }
    String name = file.getFileName().toString();
    List<String> methods = new ArrayList<>(List.of(summary.getSpec().getMethod().split(",")));
    summary.getMethodsList().forEach(m -> methods.add(m.getMethod()));
    boolean ofTheRun = methods.stream().anyMatch(m -> !m.isEmpty()
        && (name.startsWith(m + ".") || name.startsWith(m + "-")));
    return ofTheRun ? java.util.Optional.of(summary.build()) : java.util.Optional.empty();
  }

  /**
   * Standard input, read as a file named {@code stdin} (every reader knows formats by content, not by name); its
   * source and any refusal name it "standard input".
   */
  private static Source fromStdin(DesignTask task) throws IOException {
    Path dir = Files.createTempDirectory("svdd-stdin-");
    Path file = dir.resolve("stdin");
    try {
      Files.copy(System.in, file);
      return new Source(Path.of("standard input"), read(task, file).entries());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(standardInput(e.getMessage(), file), e);
    } catch (IOException e) {
      throw new IOException(standardInput(e.getMessage(), file), e);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** A reader's message about the copy of standard input, naming standard input instead. */
  private static String standardInput(String message, Path copy) {
    return message == null ? "standard input could not be read" : message.replace(copy.toString(), "standard input");
  }

  /** Whether the file's first byte that is not white space opens a JSON object (no design format svdd reads does). */
  private static boolean isRecords(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = TextFiles.open(file)) {
      int b = in.read();
      while (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        b = in.read();
      }
      return b == '{';
    }
  }

  /**
   * svdd's records: each named by its name, else as its PNG and SDF entries are, METHOD-PARTICLE; a record with an
   * empty sequence (a sample that decoded to no molecule) is kept, to be refused or skipped by name.
   */
  private static List<SequenceFiles.Entry> records(Path file) throws IOException {
    JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    List<SequenceFiles.Entry> out = new ArrayList<>();
    int line = 0;
    for (String row : TextFiles.lines(file, StandardCharsets.UTF_8)) {
      line++;
      if (row.isBlank()) {
        continue;
      }
      SampleRecord.Builder record = SampleRecord.newBuilder();
      try {
        parser.merge(row, record);
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(file + ", line " + line + ": not an svdd sample record (" + e.getMessage() + ")", e);
      }
      String name = !record.getName().isEmpty() ? record.getName()
          : record.getMethod().isEmpty() ? file.getFileName() + ":" + line
          : record.getMethod() + "-" + record.getParticle();
      out.add(new SequenceFiles.Entry(name, record.getSequence()));
    }
    if (out.stream().allMatch(e -> e.sequence().isEmpty())) {
      throw new IOException(file + ": no record has a \"sequence\" (svdd's METHOD.jsonl records are expected)");
    }
    return out;
  }
}
