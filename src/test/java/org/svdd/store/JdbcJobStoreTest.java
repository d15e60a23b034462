package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Checkpoints.Tally;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SearchRound;
import org.svdd.core.method.Spend;
import org.svdd.core.method.Trajectory;
import org.svdd.core.method.StoreUnavailableException;
import org.svdd.core.reward.Reward;

/** Against a real embedded H2 database file, reopened to prove durability. */
class JdbcJobStoreTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("svdd").toAbsolutePath();
  }

  @Test
  void idsStartingWith_findsThemInOrder_upToTheLimit_wildcardsTakenLiterally() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      for (String id : List.of("ab12-x", "ab12-y", "ab12-z", "ab1%", "ab_2", "ac12")) {
        store.insertJob(new StoredJob(id, "{}", "QUEUED", null, 1_000L));
      }
      assertEquals(List.of("ab12-x", "ab12-y"), store.idsStartingWith("ab12", 2));
      assertEquals(List.of("ab12-x", "ab12-y", "ab12-z"), store.idsStartingWith("ab12-", 10));
      assertEquals(List.of("ab1%"), store.idsStartingWith("ab1%", 10));
      assertEquals(List.of("ab_2"), store.idsStartingWith("ab_", 10));
      assertEquals(List.of(), store.idsStartingWith("ab3", 10));
    }
  }

  /** Many jobs read at once (the watch refresh's one read a second): each as one read alone gives it. */
  @Test
  void jobs_readsTheStoredOnesOfManyIds_asOneByOne() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      int count = JdbcJobStore.IDS_PER_STATEMENT * 2 + 7; // three statements, the last part-filled
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = "job-" + i;
        store.insertJob(new StoredJob(id, "{\"particles\":" + (i + 1) + "}", i % 3 == 0 ? "RUNNING" : "QUEUED", null,
            1_000L + i, "client-" + (i % 5)));
        ids.add(id);
      }
      store.progress("job-3", new StoredJob.Progress(5, 40, 0.1, 0.2, 0.3));
      store.updateState("job-4", "FAILED", "reward oracle failed");
      ids.add("not-stored");
      ids.add("job-0"); // named twice: read once
      java.util.Map<String, StoredJob> found = store.jobs(ids);
      assertEquals(count, found.size(), "every stored job, once; none for an id not stored");
      for (String id : List.of("job-0", "job-3", "job-4", "job-" + (JdbcJobStore.IDS_PER_STATEMENT + 1),
          "job-" + (count - 1))) {
        assertEquals(store.job(id).orElseThrow(), found.get(id), id + " as read alone");
      }
      assertEquals("FAILED", found.get("job-4").state());
      assertEquals(java.util.Map.of(), store.jobs(List.of()), "no ids, no read");
      assertEquals(java.util.Map.of(), store.jobs(List.of("not-stored")));
    }
  }

  @Test
  void jobsSamplesAndCheckpoints_surviveReopening() throws Exception {
    TokenState a = new TokenState(new int[] {0, 1, 2, 5});
    TokenState b = new TokenState(new int[] {3, 3, 4, 4});
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("j1", "{\"method\":\"svdd\"}", "QUEUED", null, 100));
      store.insertJob(new StoredJob("j2", "{}", "QUEUED", null, 200));
      store.updateState("j2", "FAILED", "reward oracle failed");
      store.checkpoints().save("j1", List.of(new Trajectory(0, 4, a, new float[] {1f}, 2.5, -0.5, null, 13),
          new Trajectory(1, 4, b, null, 3.5, 0.25, null)), Tally.NONE);
      store.checkpoints().save("j1", List.of(new Trajectory(1, 8, a, null, 4.5, 0, new Reward(7, "(..)"))), Tally.NONE);
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      List<StoredJob> jobs = store.page(10, 0, null);
      assertEquals(List.of("j2", "j1"), jobs.stream().map(StoredJob::id).toList(), "newest first");
      assertEquals("{\"method\":\"svdd\"}", jobs.get(1).spec());
      assertEquals("FAILED", jobs.get(0).state());
      assertEquals("reward oracle failed", jobs.get(0).error());
      assertEquals(List.of("j1"), store.page(10, 200, "j2").stream().map(StoredJob::id).toList(), "the page after j2");
      Map<Integer, Trajectory> latest = store.checkpoints().latest("j1");
      assertEquals(2, latest.size());
      assertEquals(4, latest.get(0).step());
      assertEquals(a, latest.get(0).state());
      assertNull(latest.get(0).prediction(), "predictions are recomputed, not stored");
      assertEquals(-0.5, latest.get(0).logWeight());
      assertEquals(13, latest.get(0).spent(), "an adaptive particle's spent budget is kept");
      assertNull(latest.get(0).reward());
      assertEquals(8, latest.get(1).step());
      assertEquals(new Reward(7, "(..)"), latest.get(1).reward());

      store.finish("j1", "DONE", List.of(new Sample(1, b, new Reward(9.5, "((..))")), new Sample(0, a, new Reward(1, ""))),
          new StoredJob.Ending(new StoredJob.Progress(8, 8, 1, 5, 9.5), new Tally(new Spend(512, 64, 2, 40, 7, 16, 12.5, "docking failed: vina exited with 1"), "",
              Map.of("vina-abl", "vina|vina-abl|AutoDock Vina v1.2.3|exhaustiveness 8")), 5_000));
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      StoredJob done = store.job("j1").orElseThrow();
      assertEquals("DONE", done.state());
      assertEquals(new Tally(new Spend(512, 64, 2, 40, 7, 16, 12.5, "docking failed: vina exited with 1"), "",
          Map.of("vina-abl", "vina|vina-abl|AutoDock Vina v1.2.3|exhaustiveness 8")), done.tally(), "the tally it ended with, its oracles too");
      assertEquals(5_000, done.endedAtMs());
      assertEquals(new StoredJob.Progress(8, 8, 1, 5, 9.5), done.progress(), "its last progress and values");
      assertEquals(StoredJob.Progress.NONE, store.job("j2").orElseThrow().progress(), "no values recorded: NaN, not 0");
      List<Sample> samples = store.samples("j1");
      assertEquals(List.of(new Sample(1, b, new Reward(9.5, "((..))")), new Sample(0, a, new Reward(1, ""))), samples);
      assertTrue(store.checkpoints().latest("j1").isEmpty(), "a finished job's checkpoints are dropped");
      assertEquals(2, done.samples(), "the count of its samples is kept with the job");
      assertEquals(2, store.sampleCount(done));
      assertEquals(-1, store.job("j2").orElseThrow().samples(), "a job not finished has none recorded");
      assertEquals(0, store.sampleCount(store.job("j2").orElseThrow()));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), "sa", "");
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE svdd_jobs SET sample_count = NULL WHERE id = 'j1'"); // as a build before the count left it
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      StoredJob earlier = store.job("j1").orElseThrow();
      assertEquals(-1, earlier.samples());
      assertEquals(2, store.sampleCount(earlier), "counted where the row does not say");
    }
  }

  /** Oracles as named: the default reward's (""), text with quotes, tabs and line breaks, an mc job's value network. */
  private static final Map<String, String> ORACLES = Map.of("", "rna-mfe|RNAfold 2.6.4|--noPS \"quoted\"\tand\nbroken",
      "value:cloverleaf", "value-network cloverleaf model sha256 0123456789abcdef");

  @Test
  void storedOraclesThatAreNotJson_failNamingThem() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("b1", "{}", "RUNNING", null, 100));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), "sa", "");
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE svdd_jobs SET oracles = 'vina 1.2.3' WHERE id = 'b1'");
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.checkpoints().tally("b1"));
      assertTrue(e.getMessage().contains("a job's stored oracles are not a JSON object of strings: vina 1.2.3"),
          e.getMessage());
    }
  }

  @Test
  void tally_ofARunningJob_survivesReopening_andAJobWithoutOneReadsNone() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("b1", "{}", "RUNNING", null, 100));
      store.insertJob(new StoredJob("b2", "{}", "RUNNING", null, 200));
      store.checkpoints().saveTally("b1", new Tally(new Spend(96, 10, 0, 10, 0, 0, 12.5, ""), ""));
      store.checkpoints().save("b1", List.of(new Trajectory(0, 6, new TokenState(new int[] {1, 2}), null, 1.5, 0, null)),
          new Tally(new Spend(240, 25, 1, 20, 5, 3, 31.25, "invalid SMILES"), "oracle budget spent: 31.2 of 30.0", ORACLES)); // a checkpoint with its tally
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      assertEquals(new Tally(new Spend(240, 25, 1, 20, 5, 3, 31.25, "invalid SMILES"), "oracle budget spent: 31.2 of 30.0", ORACLES), store.checkpoints().tally("b1"));
      assertEquals(store.checkpoints().tally("b1"), store.job("b1").orElseThrow().tally());
      assertEquals(6, store.checkpoints().latest("b1").get(0).step(), "the checkpoint saved with it");
      assertEquals(Tally.NONE, store.checkpoints().tally("b2"));
      assertEquals(Tally.NONE, store.checkpoints().tally("unknown"));
    }
  }

  @Test
  void tally_ofAnEndedJob_isTheOneItEndedWith_notALateCheckpointsOne() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("e1", "{}", "QUEUED", null, 100));
      store.markRunning("e1", 1_000);
      store.markRunning("e1", 9_000); // a resumed job's progress: it keeps the time it first started
      store.progress("e1", new StoredJob.Progress(20, 64, 0.5, 1.5, 2.5));
      store.end("e1", "FAILED", "reward oracle failed",
          new StoredJob.Ending(new StoredJob.Progress(24, 64, 1, 2, 3), new Tally(new Spend(320, 40, 12, 38, 0, 0, 2.5, "RNAfold took longer than 4 s"), ""), 4_000));
      // a checkpoint's save, queued behind the ending: neither its tally nor its population is kept
      store.checkpoints().save("e1", List.of(new Trajectory(0, 8, new TokenState(new int[] {1}), null, 1, 0, null)),
          new Tally(new Spend(256, 30, 9, 28, 0, 0, 2, "a later reason"), ""));
      store.checkpoints().save("deleted", List.of(new Trajectory(0, 8, new TokenState(new int[] {1}), null, 1, 0, null)), Tally.NONE);
      assertTrue(store.checkpoints().latest("e1").isEmpty() && store.checkpoints().latest("deleted").isEmpty(), "no checkpoint outlives its job");
      StoredJob ended = store.job("e1").orElseThrow();
      assertEquals(new Tally(new Spend(320, 40, 12, 38, 0, 0, 2.5, "RNAfold took longer than 4 s"), ""), ended.tally());
      assertEquals(1_000, ended.startedAtMs());
      assertEquals(4_000, ended.endedAtMs());
      assertEquals(new StoredJob.Progress(24, 64, 1, 2, 3), ended.progress());
    }
  }

  @Test
  void progress_withoutValuesYet_isReadBackAsNaN_notZero() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("n1", "{}", "QUEUED", null, 100));
      store.progress("n1", new StoredJob.Progress(12, 64, 0.5, 1.5, 2.5));
      store.progress("n1", new StoredJob.Progress(14, 64, Double.NaN, Double.NaN, Double.NaN));
      StoredJob.Progress read = store.job("n1").orElseThrow().progress();
      assertEquals(14, read.stepsDone());
      assertTrue(Double.isNaN(read.q10()) && Double.isNaN(read.median()) && Double.isNaN(read.q90()), "" + read);
    }
  }

  @Test
  void end_cancelledJob_dropsItsCheckpoints() {
    TokenState a = new TokenState(new int[] {0, 1});
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("c1", "{}", "RUNNING", null, 100));
      store.checkpoints().save("c1", List.of(new Trajectory(0, 4, a, null, 2.5, 0, null)), Tally.NONE);
      store.end("c1", "CANCELLED", "cancelled after 4 of 8 particle-steps",
          new StoredJob.Ending(StoredJob.Progress.NONE, Tally.NONE, 200));
      assertTrue(store.checkpoints().latest("c1").isEmpty(), "a cancelled job's checkpoints are dropped");
      assertEquals("CANCELLED", store.job("c1").orElseThrow().state());
      assertEquals("cancelled after 4 of 8 particle-steps", store.job("c1").orElseThrow().error());
    }
  }

  /**
   * A tree search's saved rounds survive reopening, in particle order, token and image paths and failed rewards alike,
   * with the tally saved beside them; saving a round again replaces it; they go with the job's ending, and none is kept
   * for a job that has ended.
   */
  @Test
  void treeRounds_surviveReopening_andGoWithTheEnding() {
    TokenState a = new TokenState(new int[] {0, 1});
    TokenState b = new TokenState(new int[] {2, 3});
    org.svdd.core.diffusion.FloatState image = new org.svdd.core.diffusion.FloatState(new float[] {0.5f, -1f}, 0.25);
    SearchRound.Rollout r2 = new SearchRound.Rollout(2, 0, List.of(a, b, a), new Reward(1.5, "(..)"));
    SearchRound.Rollout r3 = new SearchRound.Rollout(3, 2, List.of(b), Reward.failed("vina exited with 1"));
    SearchRound.Rollout r4 = new SearchRound.Rollout(4, 1, List.of(image, image), new Reward(-2, ""));
    Tally after = new Tally(new Spend(64, 3, 1, 3, 0, 0, 3, "vina exited with 1"), "");
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("t1", "{\"method\":\"tree\"}", "RUNNING", null, 100));
      store.checkpoints().saveRound("t1", List.of(r3, r2), Tally.NONE);
      store.checkpoints().saveRound("t1", List.of(r4), after);
      store.checkpoints().saveRound("t1", List.of(r4), after); // saved again by a job resumed elsewhere
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      assertEquals(List.of(r2, r3, r4), store.checkpoints().rounds("t1"));
      assertEquals(after, store.checkpoints().tally("t1"), "the tally saved with the last round");
      assertEquals(List.of(), store.checkpoints().rounds("other"));
      store.finish("t1", "DONE", List.of(new Sample(0, a, new Reward(1.5, ""))),
          new StoredJob.Ending(StoredJob.Progress.NONE, after, 200));
      assertEquals(List.of(), store.checkpoints().rounds("t1"), "a finished job's rounds are dropped");
      store.insertJob(new StoredJob("t2", "{}", "RUNNING", null, 300));
      store.checkpoints().saveRound("t2", List.of(r2), Tally.NONE);
      store.end("t2", "CANCELLED", "cancelled", new StoredJob.Ending(StoredJob.Progress.NONE, Tally.NONE, 400));
      assertEquals(List.of(), store.checkpoints().rounds("t2"), "a cancelled job's rounds are dropped");
      store.checkpoints().saveRound("t2", List.of(r3), after);
      assertEquals(List.of(), store.checkpoints().rounds("t2"), "a round saved after the ending is not kept");
      assertEquals(Tally.NONE, store.checkpoints().tally("t2"), "nor its tally");
      store.insertJob(new StoredJob("t3", "{}", "RUNNING", null, 500));
      store.checkpoints().saveRound("t3", List.of(r2), Tally.NONE);
      store.updateState("t3", "FAILED", "gone");
      assertTrue(store.delete("t3"), "deleted");
      assertEquals(List.of(), store.checkpoints().rounds("t3"), "a deleted job's rounds go with it");
    }
  }

  @Test
  void modelDigest_isKeptWithTheJob_andARowStoredBeforeTheColumnHasNone() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("ran", "{}", "RUNNING", null, 100).withModelDigest("0123456789abcdef"));
      store.insertJob(new StoredJob("unsaid", "{}", "RUNNING", null, 200));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), "sa", "");
        java.sql.Statement s = c.createStatement()) { // as an earlier build left it
      s.executeUpdate("INSERT INTO svdd_jobs (id, spec, state, submitted_at) VALUES ('older', '{}', 'DONE', 50)");
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      assertEquals("0123456789abcdef", store.job("ran").orElseThrow().modelDigest());
      assertEquals("", store.job("unsaid").orElseThrow().modelDigest());
      assertEquals("", store.job("older").orElseThrow().modelDigest());
      store.finish("ran", "DONE", List.of(), new StoredJob.Ending(StoredJob.Progress.NONE, Tally.NONE, 300));
      assertEquals("0123456789abcdef", store.job("ran").orElseThrow().modelDigest(), "kept past the job's end");
    }
  }

  @Test
  void page_ofSomeStates_keepsOnlyThose_andAJobBeingCancelledCountsAsUnfinished() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("q", "{}", "QUEUED", null, 600));
      store.insertJob(new StoredJob("r", "{}", "RUNNING", null, 500));
      store.insertJob(new StoredJob("d", "{}", "DONE", null, 400));
      store.insertJob(new StoredJob("f", "{}", "FAILED", "reward oracle failed", 300));
      store.insertJob(new StoredJob("c", "{}", "RUNNING", null, 200));
      store.end("c", "CANCELLED", "cancelled after 4 of 8 particle-steps", new StoredJob.Ending(StoredJob.Progress.NONE,
          Tally.NONE, 250));
      store.insertJob(new StoredJob("asked", "{}", "RUNNING", null, 100));
      store.updateState("asked", "CANCELLED", JdbcJobStore.CANCEL_REQUESTED); // its end not stored yet

      assertEquals(List.of("r", "asked"), ids(store.page(10, 0, null, java.util.Set.of("RUNNING"), "")));
      assertEquals(List.of("q", "asked"), ids(store.page(10, 0, null, java.util.Set.of("QUEUED"), "")));
      assertEquals(List.of("d", "f"), ids(store.page(10, 0, null, java.util.Set.of("DONE", "FAILED"), "")));
      assertEquals(List.of("c", "asked"), ids(store.page(10, 0, null, java.util.Set.of("CANCELLED"), "")));
      assertEquals(List.of("q", "r", "d", "f", "c", "asked"), ids(store.page(10, 0, null, java.util.Set.of(), "")));
      // page by page, the states kept across the pages
      assertEquals(List.of("q", "r"), ids(store.page(2, 0, null, java.util.Set.of("QUEUED", "RUNNING", "FAILED"), "")));
      assertEquals(List.of("f", "asked"), ids(store.page(2, 500, "r", java.util.Set.of("QUEUED", "RUNNING", "FAILED"), "")));
    }
  }

  /** A listing by name looks for the text in each job's name key, literally: LIKE's wildcards are plain characters. */
  @Test
  void page_byNameKey_findsTheKeysHoldingTheText_wildcardsTakenLiterally_acrossPages() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      Map<String, String> keys = new java.util.LinkedHashMap<>();
      keys.put("abl-early", "abl, qed early");
      keys.put("abl-late", "abl_late 100%");
      keys.put("ablx", "ablxlate 1000");
      keys.put("other", "egfr");
      keys.put("unnamed", "");
      long at = 1000;
      for (Map.Entry<String, String> key : keys.entrySet()) {
        store.insertJob(new StoredJob(key.getKey(), "{}", "DONE", null, at--), key.getValue(), null, Duration.ZERO);
      }
      store.insertJob(new StoredJob("before-keys", "{\"name\": \"Abl\"}", "DONE", null, at--));
      assertEquals(List.of("abl-early", "abl-late", "ablx"), ids(store.page(10, 0, null, java.util.Set.of(), "abl")));
      assertEquals(List.of("abl-late"), ids(store.page(10, 0, null, java.util.Set.of(), "_late")), "_ is no wildcard");
      assertEquals(List.of("abl-late"), ids(store.page(10, 0, null, java.util.Set.of(), "100%")), "nor is %");
      assertEquals(List.of(), ids(store.page(10, 0, null, java.util.Set.of(), "!")), "nor the escape character");
      assertEquals(List.of("abl-late", "ablx"), ids(store.page(2, 1000, "abl-early", java.util.Set.of("DONE"), "abl")),
          "the page after the first match");
      assertEquals(6, store.page(10, 0, null, java.util.Set.of(), "").size(), "no text: every job");
      assertEquals(Map.of(), store.specsWithoutNameKey(10), "a job stored unnamed has the key \"\"");
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), "sa", "");
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE svdd_jobs SET name_key = NULL WHERE id = 'before-keys'"); // as a build before the key
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      assertEquals(List.of(), ids(store.page(10, 0, null, java.util.Set.of(), "abl").stream()
          .filter(j -> j.id().equals("before-keys")).toList()), "a job without a key is found by none");
      assertEquals(Map.of("before-keys", "{\"name\": \"Abl\"}"), store.specsWithoutNameKey(10));
      store.setNameKeys(Map.of("before-keys", "abl", "abl-early", "overwritten?"));
      assertEquals(Map.of(), store.specsWithoutNameKey(10));
      assertEquals(List.of("abl-early", "abl-late", "ablx", "before-keys"),
          ids(store.page(10, 0, null, java.util.Set.of(), "abl")), "once keyed it is found; a key set is kept");
    }
  }

  @Test
  void page_jobsSubmittedInTheSameMillisecond_comeByIdAcrossPages() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      for (String id : List.of("b", "a", "d", "c")) {
        store.insertJob(new StoredJob(id, "{}", "DONE", null, id.compareTo("b") <= 0 ? 700 : 600));
      }
      assertEquals(List.of("a"), ids(store.page(1, 0, null)));
      assertEquals(List.of("b", "c"), ids(store.page(2, 700, "a")), "the tie at 700 first, then 600");
      assertEquals(List.of("d"), ids(store.page(2, 600, "c")));
    }
  }

  /**
   * The listing, the unfinished jobs and retention read a table that only grows: each has an index, which the
   * database's plan for it uses (H2's EXPLAIN names it), rather than reading every row.
   */
  @Test
  void queriesOfAGrowingTable_useItsIndexes() throws Exception {
    JdbcJobStore.open(url(), "sa", "").close();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), "sa", "");
        java.sql.Statement s = c.createStatement()) {
      Map<String, String> plans = Map.of(
          "SELECT id FROM svdd_jobs ORDER BY submitted_at DESC, id LIMIT 51", "SVDD_JOBS_BY_SUBMISSION",
          "SELECT id FROM svdd_jobs WHERE submitted_at <= 5 AND (submitted_at < 5 OR id > 'x')"
              + " ORDER BY submitted_at DESC, id LIMIT 51", "SVDD_JOBS_BY_SUBMISSION",
          "SELECT COUNT(*) FROM svdd_jobs WHERE COALESCE(client, '') = 'c' AND state IN ('QUEUED', 'RUNNING')",
          "SVDD_JOBS_BY_STATE",
          "SELECT id FROM svdd_jobs WHERE NOT state IN ('QUEUED', 'RUNNING') AND ended_at < 5 ORDER BY ended_at, id"
              + " LIMIT 100", "SVDD_JOBS_BY_END");
      for (Map.Entry<String, String> query : plans.entrySet()) {
        try (java.sql.ResultSet plan = s.executeQuery("EXPLAIN " + query.getKey())) {
          plan.next();
          assertTrue(plan.getString(1).toUpperCase(java.util.Locale.ROOT).contains(query.getValue()),
              query.getKey() + ":\n" + plan.getString(1));
        }
      }
    }
  }

  private static List<String> ids(List<StoredJob> jobs) {
    return jobs.stream().map(StoredJob::id).toList();
  }

  /** A lease set to lapse this long ago: lapsed by the database's clock, whatever any node's clock says. */
  private static final Duration LAPSED = Duration.ofSeconds(-1);
  private static final Duration LEASE = Duration.ofMinutes(1);

  @Test
  void leases_liveOnesAreKept_lapsedOnesTakenByOneNodeOnly_endedOnesNever() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      JdbcJobLeases leases = store.leases();
      store.insertJob(new StoredJob("live", "{}", "RUNNING", null, 1, "alice"), "api-a", LEASE);
      store.insertJob(new StoredJob("lapsed", "{}", "QUEUED", null, 2, "bob"), "api-a", LAPSED);
      store.insertJob(new StoredJob("ended", "{}", "QUEUED", null, 3), "api-a", LAPSED);
      store.end("ended", "CANCELLED", "cancel requested", new StoredJob.Ending(StoredJob.Progress.NONE, Tally.NONE, 600));
      store.insertJob(new StoredJob("orphan", "{}", "QUEUED", null, 4));

      assertEquals(List.of("lapsed", "orphan"), leases.claim("api-b", LEASE, false).stream().map(StoredJob::id).toList(),
          "the lapsed lease and the job without owner are free; the live one and the ended one are not");
      assertEquals("bob", store.job("lapsed").orElseThrow().client(), "the submitting client is kept");
      assertTrue(leases.claim("api-c", LEASE, false).isEmpty(), "a job taken is not taken twice");
      assertEquals(List.of("live"), leases.renew("api-a", LEASE), "a keeps the job it still holds");
      assertTrue(leases.claim("api-b", LEASE, false).isEmpty(), "a renewed lease is live");
      assertEquals(List.of("live"), leases.claim("api-a", LEASE, true).stream().map(StoredJob::id).toList(),
          "a restarted node takes its own jobs back at once");
      leases.releaseAll("api-a");
      assertEquals(List.of("live"), leases.claim("api-b", LEASE, false).stream().map(StoredJob::id).toList(),
          "a node shutting down lets its leases lapse at once");
      assertEquals("api-b", leases.owner("live"));
      assertEquals(List.of("live", "lapsed", "orphan"), leases.renew("api-b", LEASE));
      leases.renew("api-b", LAPSED);
      assertEquals(List.of("live", "lapsed", "orphan"), leases.claim("api-c", LEASE, false).stream().map(StoredJob::id)
          .toList(), "leases renewed into the past have lapsed");
      store.markRunning("ended", 3_000);
      assertEquals("CANCELLED", store.job("ended").orElseThrow().state(), "an ended job never runs again");
      assertEquals(1, store.unfinishedOf(""), "the anonymous client's unfinished job: orphan (ended is over)");
      assertEquals(1, store.unfinishedOf("alice"));
    }
  }

  /**
   * A job whose cancel is stored but whose end is not stays leased while its api node lives (which ends it); once that
   * lease lapses another node may take it to end it, and only one does. It is never taken over to run again.
   */
  @Test
  void leases_aCancelledJobAwaitingItsEnd_isKeptByItsNode_andTakenToBeEndedOnceItLapses() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      JdbcJobLeases leases = store.leases();
      store.insertJob(new StoredJob("cancelling", "{}", "RUNNING", null, 1), "api-a", LAPSED);
      store.updateState("cancelling", "CANCELLED", JdbcJobStore.CANCEL_REQUESTED);
      store.insertJob(new StoredJob("ended", "{}", "RUNNING", null, 2), "api-a", LAPSED);
      store.end("ended", "CANCELLED", "cancelled after 3 of 8 particle-steps",
          new StoredJob.Ending(StoredJob.Progress.NONE, Tally.NONE, 600));

      assertEquals(List.of(), leases.renew("api-a", LEASE), "neither is unfinished");
      assertTrue(leases.claimCancelled("api-b", LEASE).isEmpty(), "a's renewal kept the cancelled job's lease");
      assertTrue(leases.claim("api-b", LEASE, false).isEmpty(), "a cancelled job is never taken over to run");
      leases.renew("api-a", LAPSED);
      assertEquals(List.of("cancelling"), leases.claimCancelled("api-b", LEASE).stream().map(StoredJob::id).toList(),
          "lapsed: b takes it to end it; the ended job is over");
      assertTrue(leases.claimCancelled("api-c", LEASE).isEmpty(), "taken once");
    }
  }

  /**
   * Leases run by the database's clock, in epoch milliseconds, not its local time: here this machine's clock, read in
   * a time zone 14 hours from UTC.
   */
  @Test
  void aLeaseRunsOutByTheDatabasesClock_inEpochMilliseconds() throws Exception {
    String url = url() + ";TIME ZONE=Pacific/Kiritimati";
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
      long before = System.currentTimeMillis();
      store.insertJob(new StoredJob("j", "{}", "QUEUED", null, 1), "api-a", LEASE);
      long after = System.currentTimeMillis();
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
          java.sql.ResultSet r = c.createStatement().executeQuery("SELECT lease_until FROM svdd_jobs WHERE id = 'j'")) {
        assertTrue(r.next());
        long until = r.getLong(1);
        // the database's clock reads the start of its transaction, to the millisecond
        assertTrue(until >= before + LEASE.toMillis() - 1_000 && until <= after + LEASE.toMillis() + 1_000,
            "lease until " + until + ", expected about " + (before + LEASE.toMillis()));
      }
    }
  }

  @Test
  void rewardArchive_survivesReopeningAndKeepsTheFirstAnswer() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.rewardArchive().save("vina|abl", Map.of("CCO", new Reward(3.2, "affinity -3.200 kcal/mol"),
          "c1ccccc1", new Reward(0, "invalid: no conformer")));
      store.rewardArchive().save("vina|abl", Map.of("CCO", new Reward(9, "another answer")));
      store.rewardArchive().save("qed|rdkit", Map.of("CCO", new Reward(0.41, "")));
    }
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      Map<String, Reward> found = store.rewardArchive().find("vina|abl", List.of("CCO", "c1ccccc1", "CCN"));
      assertEquals(Map.of("CCO", new Reward(3.2, "affinity -3.200 kcal/mol"), "c1ccccc1",
          new Reward(0, "invalid: no conformer")), found);
      assertEquals(Map.of("CCO", new Reward(0.41, "")), store.rewardArchive().find("qed|rdkit", List.of("CCO")));
    }
  }

  @Test
  void rewardArchive_failedReward_isRefused() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> store.rewardArchive().save("vina|abl", Map.of("CCO", Reward.failed("timeout"))));
    }
  }

  @Test
  void rewardArchive_manyDesigns_areFoundAcrossChunks() {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      Map<String, Reward> many = new java.util.HashMap<>();
      for (int i = 0; i < 450; i++) {
        many.put("C".repeat(i + 1), new Reward(i, ""));
      }
      store.rewardArchive().save("x", many);
      assertEquals(many, store.rewardArchive().find("x", many.keySet()));
    }
  }

  @Test
  void rewardArchive_lookup_findsEachDesignByItsWholeKey() {
    // `oracle = ? AND design IN (...)` made H2 read every answer of the oracle for each lookup: a long-lived node
    // slowed with its archive (400 small tRNA jobs in a row: 1.4 s each for the first 50, 3.7 s by the fifth 50)
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "");
        JdbcDatabase db = JdbcDatabase.open("the store's database", url(), "sa", "", java.time.Duration.ofSeconds(5),
            c -> null)) {
      String plan = db.inTransaction(c -> {
        try (java.sql.PreparedStatement s = c.prepareStatement("EXPLAIN " + JdbcRewardArchive.lookup(2))) {
          for (int i = 1; i <= 4; i++) {
            s.setString(i, "x");
          }
          try (java.sql.ResultSet r = s.executeQuery()) {
            r.next();
            return r.getString(1);
          }
        }
      });
      java.util.regex.Matcher index = java.util.regex.Pattern.compile("/\\* PUBLIC\\.PRIMARY_KEY_\\w+:([^*]*)\\*/")
          .matcher(plan);
      assertTrue(index.find(), plan);
      assertTrue(index.group(1).contains("IN(ROW"), "the key lookup covers oracle and design: " + plan);
    }
  }

  @Test
  void imageStates_areKeptInCheckpointsAndSamples() {
    // an image job served through the API could neither checkpoint nor end in the store ("token states only")
    org.svdd.core.diffusion.FloatState noisy = new org.svdd.core.diffusion.FloatState(new float[] {0.5f, -1.25f, 3f}, 0.75);
    org.svdd.core.diffusion.FloatState clean = new org.svdd.core.diffusion.FloatState(new float[] {-1f, 1f, 0f}, 0);
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("img", "{\"task\":\"fashion\"}", "RUNNING", null, 100));
      store.checkpoints().save("img", List.of(new Trajectory(0, 3, noisy, null, 1.5, 0, null)), Tally.NONE);
      assertEquals(noisy, store.checkpoints().latest("img").get(0).state());
      store.finish("img", "DONE", List.of(new Sample(0, clean, new Reward(-2.5, ""))),
          new StoredJob.Ending(new StoredJob.Progress(4, 4, 0, 0, 0), Tally.NONE, 1_000));
      assertEquals(List.of(new Sample(0, clean, new Reward(-2.5, ""))), store.samples("img"));
      assertEquals("DONE", store.job("img").orElseThrow().state());
    }
  }

  @Test
  void failure_aDatabaseThatDoesNotAnswer_isUnavailableAndARefusedStatementIsNot() {
    for (java.sql.SQLException gone : List.of(new java.sql.SQLTransientConnectionException("pool timed out"),
        new java.sql.SQLException("FATAL: terminating connection due to administrator command", "57P01"),
        new java.sql.SQLException("Connection refused", "08001"),
        new java.sql.SQLException("Connection is broken", "90067", 90067))) {
      IllegalStateException e = JdbcDatabase.failure(gone);
      assertEquals(StoreUnavailableException.class, e.getClass(), gone.getMessage());
      assertEquals("the job store does not answer: " + gone.getMessage(), e.getMessage());
    }
    IllegalStateException refused = JdbcDatabase.failure(new java.sql.SQLException("duplicate key", "23505"));
    assertEquals(IllegalStateException.class, refused.getClass());
    assertEquals("job store: duplicate key", refused.getMessage());
  }

  /** Holds an H2 database open until its standard input closes: another process, as a running svdd is. */
  public static final class H2HolderProcess {
    public static void main(String[] args) throws Exception {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(args[0], "sa", "")) {
        System.out.println("open");
        System.out.flush();
        System.in.read();
      }
    }
  }

  @Test
  void open_aDatabaseAnotherProcessHolds_saysSoInsteadOfOnlyThatTheFileIsLocked() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.open(url(), "sa", "")) {
      store.insertJob(new StoredJob("h1", "{}", "DONE", null, 1));
    }
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), H2HolderProcess.class.getName(), url()).redirectErrorStream(true).start();
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8))) {
      assertEquals("open", out.readLine());
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> JdbcJobStore.open(url(), "sa", ""));
      assertTrue(e.getMessage().startsWith("cannot open the job store at " + url() + ": "), e.getMessage());
      assertTrue(e.getMessage().endsWith("(another process has this H2 database open: one process at a time can; nodes "
          + "of a cluster share PostgreSQL)"), e.getMessage());
    } finally {
      holder.getOutputStream().close();
      holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      holder.destroyForcibly();
    }
  }

  /** A home folder svdd cannot write: one line naming the folder, not H2's stack traces on standard error. */
  @Test
  void open_aFolderThatCannotBeCreated_failsNamingItAndPrintsNothing() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("plain"), "x");
    String url = "jdbc:h2:file:" + file.resolve(".svdd/jobs") + ";AUTO_SERVER=TRUE";
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream before = System.err;
    IllegalStateException e;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> JdbcJobStore.open(url, "sa", ""));
    } finally {
      System.setErr(before);
    }
    assertEquals("cannot open the job store at " + url + ": its folder " + file.resolve(".svdd")
        + " cannot be created (" + file.resolve(".svdd") + ": Not a directory)", e.getMessage());
    assertEquals("", err.toString(java.nio.charset.StandardCharsets.UTF_8));
    try (JdbcJobStore nested = JdbcJobStore.open("jdbc:h2:file:" + dir.resolve("a/b/jobs"), "sa", "")) {
      assertTrue(java.nio.file.Files.exists(dir.resolve("a/b/jobs.mv.db")), "a folder that can be made is made");
    }
  }

  /** A database this build has no driver for is named as such, not as DriverManager's "No suitable driver". */
  @Test
  void open_aUrlOfAnotherDatabase_namesTheOnesThisBuildStoresIn() {
    for (String url : java.util.List.of("jdbc:mysql://127.0.0.1/svdd", "postgresql://127.0.0.1/svdd", "")) {
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> JdbcJobStore.open(url, "sa", ""));
      assertEquals("cannot open the job store at " + url + ": this build keeps it in H2 (jdbc:h2:...) or PostgreSQL "
          + "(jdbc:postgresql://host/db) only", e.getMessage());
    }
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> JdbcJobStore.openArchive("jdbc:mysql://127.0.0.1/svdd", "sa", ""));
    assertTrue(e.getMessage().startsWith("cannot open the oracle archive at jdbc:mysql://127.0.0.1/svdd: "),
        "the archive of sample and eval says so: " + e.getMessage());
  }
}
