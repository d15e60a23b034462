package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.testing.ShellScripts;

class ProgramVersionTest {
  @TempDir Path dir;


  @Test
  void named_takesTheFirstLineWithAVersionNumber() {
    assertEquals("RNAfold 2.5.1", ProgramVersion.named("RNAfold 2.5.1\n"));
    assertEquals("INFERNAL 1.1.4 (Dec 2020)", ProgramVersion.named(
        "# cmsearch :: search CM(s) against a sequence database\n# INFERNAL 1.1.4 (Dec 2020)\n# Copyright (C) 2020\n"));
    assertNull(ProgramVersion.named("usage: fold [options]\n"));
    assertNull(ProgramVersion.named(""));
  }

  @Test
  void name_programThatNamesItsVersion_andAnUpgradeInPlace_isAnotherVersion() throws IOException {
    Path fold = ShellScripts.write(dir, "fold", "[ \"$1\" = --version ] && echo 'FakeFold 1.0.0'");
    assertEquals("FakeFold 1.0.0", new ProgramVersion(fold, "--version").name());
    ShellScripts.write(dir, "fold", "[ \"$1\" = --version ] && echo 'FakeFold 2.0.0 (upgraded)'");
    Files.setLastModifiedTime(fold, FileTime.from(Instant.now().plusSeconds(60)));
    assertEquals("FakeFold 2.0.0 (upgraded)", new ProgramVersion(fold, "--version").name());
  }

  @Test
  void name_programThatNamesNoVersion_isKnownByItsBytes() throws IOException {
    String a = new ProgramVersion(ShellScripts.write(dir, "quiet-a", "exit 2"), "--version").name();
    String b = new ProgramVersion(ShellScripts.write(dir, "quiet-b", "exit 3"), "--version").name();
    assertTrue(a.matches("sha256 [0-9a-f]{16}"), a);
    assertNotEquals(a, b);
    assertEquals(a, new ProgramVersion(ShellScripts.write(dir, "quiet-a-copy", "exit 2"), "--version").name(), "same bytes, same name");
  }

  @Test
  void name_programThatCrashesWhileAsked_isAskedAgain_notNamedByItsBytes() throws IOException {
    Path count = dir.resolve("asked");
    Path vina = ShellScripts.write(dir, "flaky-vina", "n=$(($(cat " + count + " 2>/dev/null || echo 0) + 1)); echo $n > "
        + count + "; [ $n -ge " + ProgramVersion.ASKS + " ] || exit 3; echo 'FakeVina v1.2.3'");
    assertEquals("FakeVina v1.2.3", new ProgramVersion(vina, "--version").name(),
        "a crash while asking must not give this node another name for the program than its peers give it");
  }

  /** Asked every time, then named by its bytes, with a warning that says why and what it means for a cluster. */
  @Test
  void name_programThatNeverNamesAVersion_isAskedEveryTime_thenKnownByItsBytes_sayingWhy() throws IOException {
    Path count = dir.resolve("asked-quiet");
    Path quiet = ShellScripts.write(dir, "quiet-counted", "echo x >> " + count + "; exit 1");
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
    String name;
    try {
      name = new ProgramVersion(quiet, "--version").name();
    } finally {
      System.setErr(err);
    }
    assertTrue(name.startsWith("sha256 "), name);
    assertEquals(ProgramVersion.ASKS, Files.readAllLines(count).size());
    List<String> warnings = said.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("WARN")).toList();
    assertEquals(1, warnings.size(), "one warning: " + warnings);
    String warning = warnings.get(0);
    assertTrue(warning.contains(quiet + " named no version when asked " + ProgramVersion.ASKS + " time(s)")
        && warning.contains("exited with 1 naming none") && warning.contains(name)
        && warning.contains("jobs scored on both fail"), warning);
  }

  /** An ask interrupted (a closing oracle's thread) names nothing, and the next use asks again. */
  @Test
  void name_askedOnAnInterruptedThread_failsAndIsNotKept() throws IOException {
    Path fold = ShellScripts.write(dir, "fold-interrupted", "[ \"$1\" = --version ] && echo 'FakeFold 3.0.0'");
    ProgramVersion version = new ProgramVersion(fold, "--version");
    Thread.currentThread().interrupt();
    try {
      String why = org.junit.jupiter.api.Assertions.assertThrows(OracleUnavailableException.class, version::name)
          .getMessage();
      assertTrue(why.contains(fold + " its version was interrupted"), why);
    } finally {
      Thread.interrupted();
    }
    assertEquals("FakeFold 3.0.0", version.name(), "asked again, not named by its bytes");
  }

  /** Crashing one ask in twenty, as the chaos drill's RNAfold does, it is all but never named by its bytes. */
  @Test
  void asks_makeANameByBytes_rareForAProgramThatCrashesOneAskInTwenty() {
    assertTrue(Math.pow(0.05, ProgramVersion.ASKS) < 1e-6, "P(every ask crashes) per node start");
  }

  @Test
  void of_programThatHangs_isStoppedAndKnownByItsBytes() throws IOException {
    Path hang = ShellScripts.write(dir, "hang", "echo 'starting up'; exec sleep 600");
    String name = ProgramVersion.of(hang, 1, "--version");
    assertTrue(name.startsWith("sha256 "), name);
  }

  /** Its version said on stderr before it hung: the kill at the limit keeps what it said. */
  @Test
  void of_programThatNamesItsVersionThenHangs_isStoppedAndNamedByWhatItSaid() throws IOException {
    Path hang = ShellScripts.write(dir, "hang-after", "echo usage; echo 'Hanger 3.1.4' >&2; exec sleep 617.25");
    long start = System.nanoTime();
    assertEquals("Hanger 3.1.4", ProgramVersion.of(hang, 1, "--version"));
    assertTrue(System.nanoTime() - start < 30_000_000_000L, "stopped at its limit, not waited for");
    assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 617.25")),
        "nothing of it left running");
  }
}
