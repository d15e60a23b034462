package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;

/** An output folder holds exactly the last run's files, and nothing svdd did not write is touched. */
class OutputDirsTest {
  @TempDir Path dir;

  private static List<SampleRecord> samples(String method, int n) {
    return IntStream.range(0, n).mapToObj(i -> SampleRecord.newBuilder().setMethod(method).setParticle(i)
        .setSequence("ACGU".repeat(i + 1)).setReward(i).build()).toList();
  }

  private static void run(Path out, String... methods) throws IOException {
    RunReport.write(out, RunSummary.getDefaultInstance(),
        java.util.Arrays.stream(methods).map(m -> samples(m, 3)).toList(), null, null);
  }

  private List<String> names(Path out) throws IOException {
    try (var files = Files.list(out)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSecondRunWithOtherMethods_removesTheFirstRunsFiles_andKeepsTheUsersOwn() throws IOException {
    Path out = dir.resolve("out");
    run(out, "svdd", "smc");
    Files.writeString(out.resolve("notes.txt"), "mine");
    Files.writeString(out.resolve("svdd.fasta.bak"), "mine too");
    assertTrue(names(out).containsAll(List.of("smc.fasta", "smc.jsonl", "svdd.fasta", "svdd.jsonl", "summary.json")),
        names(out).toString());

    run(out, "best-of-n");

    List<String> after = names(out);
    assertFalse(after.stream().anyMatch(n -> n.startsWith("smc.") || n.startsWith("svdd.fasta") && !n.endsWith(".bak")
        || n.equals("svdd.jsonl")), "stale files of the first run: " + after);
    assertTrue(after.containsAll(List.of("best-of-n.fasta", "best-of-n.jsonl", "summary.json", "notes.txt",
        "svdd.fasta.bak", OutputDirs.MANIFEST)), after.toString());
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    assertEquals(after.stream().filter(n -> !n.startsWith(".") && !n.equals("notes.txt") && !n.endsWith(".bak")).toList(),
        Files.readAllLines(out.resolve(OutputDirs.MANIFEST)).stream().sorted().toList(),
        "the manifest lists exactly the files this run wrote");
  }

  @Test
  void aManifestNamingAnotherFolder_removesNothingOutsideTheOutputFolder() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Path outside = Files.writeString(dir.resolve("precious.txt"), "keep");
    Path hidden = Files.writeString(out.resolve(".hidden"), "keep");
    Files.write(out.resolve(OutputDirs.MANIFEST), List.of("../precious.txt", ".hidden", outside.toString()));

    run(out, "svdd");

    assertTrue(Files.exists(outside) && Files.exists(hidden), names(out).toString());
    assertTrue(Files.exists(out.resolve("svdd.fasta")));
  }

  /** A run that cannot write all its files (a full disk) says where, and leaves the last run's files as they were. */
  @Test
  void aRunThatFailsWhileWriting_namesTheFolderAndLeavesTheLastRunsFiles() throws IOException {
    Path out = dir.resolve("out");
    run(out, "svdd");
    List<String> before = names(out);
    String fasta = Files.readString(out.resolve("svdd.fasta"));
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> RunReport.write(out,
        RunSummary.getDefaultInstance(), List.of(samples("svdd", 5), samples("smc", 5)), null, null,
        java.util.Map.of("no-such-folder/extra.txt", "x"), java.util.Set.of()));
    assertTrue(e.getMessage().startsWith("cannot write the results into " + out + ": no such file: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("extra.txt (nothing was written there)"), e.getMessage());
    assertEquals(before, names(out), "no new file, no staging folder left");
    assertEquals(fasta, Files.readString(out.resolve("svdd.fasta")));
  }
}
