package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.reward.Reward;
import org.svdd.store.H2File;
import org.svdd.store.JdbcJobStore;

/** {@code svdd archive} lists the remembered answers per oracle and forgets those of the oracles a prefix names. */
class ArchiveCommandTest {
  private static final String OLD_FOLD = "rna-mfe|RNAfold 2.4.18 --noPS";
  private static final String NEW_FOLD = "rna-mfe|RNAfold 2.5.1 --noPS";
  private static final String QED = "qed|RDKit 2022.09.5";

  @TempDir Path dir;

  private String archive() {
    String url = "jdbc:h2:file:" + dir.resolve("rewards").toAbsolutePath();
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
      store.rewardArchive().save(OLD_FOLD, Map.of("GGGAAACCC", new Reward(1.2, ""), "ACGU", new Reward(0, "")));
      store.rewardArchive().save(NEW_FOLD, Map.of("GGGAAACCC", new Reward(1.3, "")));
      store.rewardArchive().save(QED, Map.of("CCO", new Reward(0.41, ""), "c1ccccc1", new Reward(0.44, ""),
          "CC(=O)O", new Reward(0.43, "")));
    }
    return url;
  }

  @Test
  void list_countsTheAnswersOfEachOracle() {
    String url = archive();
    CliRunner.Result r = CliRunner.run("archive", "--url", url);
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("   answers  oracle", lines.get(0));
    assertEquals(List.of("         3  " + QED, "         2  " + OLD_FOLD, "         1  " + NEW_FOLD),
        lines.subList(1, 4));
    assertTrue(lines.get(4).startsWith("         6  in all, in " + url + " (its file "), lines.get(4));
  }

  @Test
  void forget_dropsEveryOracleThePrefixStarts_andKeepsTheOthers() {
    String url = archive();
    CliRunner.Result r = CliRunner.run("archive", "--url", url, "--forget", "rna-mfe|RNAfold 2.4");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("forgot the answers of " + OLD_FOLD), r.err());
    assertTrue(r.err().contains("forgot 2 answers of 1 oracle\n"), r.err());
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
      assertEquals(Map.of(NEW_FOLD, 1L, QED, 3L), store.archivedAnswers());
      assertEquals(Map.of("GGGAAACCC", new Reward(1.3, "")), store.rewardArchive().find(NEW_FOLD, List.of("GGGAAACCC")));
    }
    CliRunner.Result both = CliRunner.run("archive", "--url", url, "--forget", "rna-mfe|");
    assertTrue(both.err().contains("forgot 1 answers of 1 oracle"), both.err());
  }

  @Test
  void forget_prefixNoOracleStartsWith_saysSoAndForgetsNothing() {
    String url = archive();
    CliRunner.Result r = CliRunner.run("archive", "--url", url, "--forget", "RNAfold");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("no archived oracle's identity starts with 'RNAfold'; 'svdd archive' lists them"), r.err());
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
      assertEquals(6L, store.archivedAnswers().values().stream().mapToLong(Long::longValue).sum());
    }
  }

  @Test
  void forget_prefixWithLikeWildcards_matchesThemLiterally() {
    String url = archive();
    CliRunner.Result r = CliRunner.run("archive", "--url", url, "--forget", "%");
    assertEquals(2, r.exitCode(), "'%' is no wildcard: no identity starts with it");
    CliRunner.Result empty = CliRunner.run("archive", "--url", url, "--forget", "");
    assertEquals(2, empty.exitCode());
    assertTrue(empty.err().contains("option '--forget' is empty"), empty.err());
  }

  @Test
  void missingArchiveFile_isReportedAndNotCreated() {
    Path missing = dir.resolve("none");
    CliRunner.Result r = CliRunner.run("archive", "--url", "jdbc:h2:file:" + missing + ";AUTO_SERVER=TRUE");
    assertEquals(0, r.exitCode());
    assertTrue(r.err().contains("no answers are archived yet: " + missing + ".mv.db does not exist"), r.err());
    assertFalse(Files.exists(Path.of(missing + ".mv.db")));
    assertEquals(2, CliRunner.run("archive", "--url", "jdbc:h2:file:" + missing, "--forget", "qed").exitCode());
  }

  @Test
  void noArchiveConfigured_orTwoNamed_isAClearError() {
    CliRunner.Result none = CliRunner.run("archive");
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("svdd.reward.archive-url is empty (name one with --url)"), none.err());
    CliRunner.Result two = CliRunner.run("archive", "--store", "--url", "jdbc:h2:mem:x");
    assertEquals(2, two.exitCode());
    assertTrue(two.err().contains("--store and --url name two archives: choose one"), two.err());
  }

  @Test
  void forget_compactsTheFile_unlessAnotherRunHasItOpen() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("big").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    H2File file = H2File.of(url);
    Map<String, Reward> many = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      many.put("design-" + i, new Reward(i, "a detail of some length for design " + i));
    }
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
      store.rewardArchive().save(OLD_FOLD, many);
      store.rewardArchive().save(QED, Map.of("CCO", new Reward(0.41, "")));
    }
    double full = file.sizeMb();
    Process other = holding(url);
    try {
      CliRunner.Result r = CliRunner.run("archive", "--url", url, "--forget", "qed|");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains("while another run has it open: new answers reuse the room"), r.err());
      assertTrue(other.isAlive());
      other.getOutputStream().write("SELECT COUNT(*) FROM svdd_rewards;\nquit\n".getBytes());
      other.getOutputStream().flush();
      String said = new String(other.getInputStream().readAllBytes());
      assertTrue(said.contains("20000"), "the other run's database is still there: " + said);
    } finally {
      other.destroyForcibly().waitFor();
    }
    CliRunner.Result r = CliRunner.run("archive", "--url", url, "--forget", OLD_FOLD);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("svdd: compacted its file: "), r.err());
    assertTrue(file.sizeMb() < full / 4, file.sizeMb() + " MB, was " + full + " MB");
    assertEquals(0, CliRunner.run("archive", "--url", url).exitCode(), "the compacted file opens again");
  }

  /** Another process with the database open (H2's shell, fed SQL on its standard input), once it has opened it. */
  private static Process holding(String url) throws Exception {
    String h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-Dh2.bindAddress=127.0.0.1", "-cp", h2, "org.h2.tools.Shell", "-url", url,
        "-user", "sa", "-password", "").redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    while (!seen.toString().contains("sql>")) {
      int c = p.getInputStream().read();
      if (c < 0) {
        throw new IllegalStateException("H2's shell ended: " + seen);
      }
      seen.append((char) c);
    }
    return p;
  }
}
