package org.svdd.bench;

import static org.svdd.bench.Spreads.median;
import static org.svdd.bench.Spreads.spread;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/**
 * A long-lived service's job table: jobs stay until deleted, so it grows. With 20,000 ended jobs and a few running,
 * the time to read the newest page (what {@code svdd status} and the dashboard's list show), a page deep in the
 * list, the running jobs alone ({@code svdd status --state running}), one client's unfinished jobs (asked at
 * every submission), and a page of the jobs by name ({@code svdd status --name}: common, and rare). Run with {@code bin/bench -o -Dtest=StoreBenchmarks}; writes target/store-benchmarks.md.
 */
@Tag("benchmark")
class StoreBenchmarks {
  private static final int ENDED = Integer.getInteger("svdd.bench.jobs", 20_000);
  private static final int PAGE = 50;
  private static final int REPEATS = 15;

  @TempDir Path dir;

  @Test
  void jobListing_inAStoreOfManyEndedJobs() throws Exception {
    try (JdbcJobStore store = open()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < ENDED; i++) {
        // one job in a hundred named "abl ...", three "rare ...": a listing by name reads past the others
        String name = i % 100 == 0 ? "abl batch " + i : i % 7_000 == 1 ? "rare " + i : "egfr sweep " + i;
        store.insertJob(new StoredJob(String.format(Locale.ROOT, "job-%06d", i), "{}", i % 10 == 0 ? "FAILED" : "DONE",
            null, 1_000_000L + i, "client-" + (i % 7)), name, null, java.time.Duration.ZERO);
      }
      for (int i = 0; i < 3; i++) { // the oldest running: a listing of the running ones reads to the end
        store.insertJob(new StoredJob("running-" + i, "{}", "RUNNING", null, 1_000L + i, "client-0"));
      }
      System.out.printf(Locale.ROOT, "stored %d ended jobs and 3 running in %.1f s%n", ENDED,
          (System.nanoTime() - t0) / 1e9);
      List<Double> newest = timed(store, () -> store.page(PAGE + 1, 0, null).size());
      StoredJob middle = store.page(ENDED / 2 + 1, 0, null).get(ENDED / 2);
      List<Double> deep = timed(store, () -> store.page(PAGE + 1, middle.submittedAtMs(), middle.id()).size());
      List<Double> running = timed(store, () -> runningJobs(store));
      List<Double> unfinished = timed(store, () -> (int) store.unfinishedOf("client-0"));
      List<Double> named = timed(store, () -> store.page(PAGE + 1, 0, null, Set.of(), "abl").size());
      List<Double> rare = timed(store, () -> store.page(PAGE + 1, 0, null, Set.of(), "rare").size());
      String line = String.format(Locale.ROOT, "| job store, %s, %d ended jobs and 3 running, ms (min / median / max "
          + "of %d) | newest page of %d %s | a page from the middle %s | the running jobs %s | one client's "
          + "unfinished jobs %s | a page of the jobs named abl (1 in 100) %s | the 3 named rare %s |", storeName(), ENDED,
          REPEATS, PAGE, spread(newest, x -> x, 1), spread(deep, x -> x, 1), spread(running, x -> x, 1),
          spread(unfinished, x -> x, 1), spread(named, x -> x, 1), spread(rare, x -> x, 1));
      System.out.println(line);
      System.out.printf(Locale.ROOT, "medians: newest %.2f ms, middle %.2f ms, running %.2f ms, unfinished %.2f ms, "
          + "named %.2f ms, rare %.2f ms%n", median(newest, x -> x), median(deep, x -> x), median(running, x -> x),
          median(unfinished, x -> x), median(named, x -> x), median(rare, x -> x));
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target/store-benchmarks.md"), line + "\n");
    }
  }

  /**
   * An api node's watch refresh, once a second: the stored state of every job watched there and followed by another
   * api node. Before 2026-12-06 a read per job (one transaction each), now one read for all; both timed in turns, on a
   * table of {@code svdd.bench.watched} running jobs among 5,000 ended ones. Writes target/store-watch-benchmarks.md.
   */
  @Test
  void watchRefresh_oneReadForAllVersusOnePerJob() throws Exception {
    int watched = Integer.getInteger("svdd.bench.watched", 1_000);
    try (JdbcJobStore store = open()) {
      String spec = "{\"task\":\"trna\",\"method\":\"svdd\",\"particles\":16,\"candidates\":4,\"steps\":32}";
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5_000 + watched; i++) {
        boolean running = i % (5_000 / watched + 1) == 0 && ids.size() < watched;
        String id = String.format(Locale.ROOT, "job-%06d", i);
        store.insertJob(new StoredJob(id, spec, running ? "RUNNING" : "DONE", null, 1_000_000L + i, "client-" + (i % 7)));
        if (running) {
          ids.add(id);
        }
      }
      List<Double> each = new ArrayList<>();
      List<Double> all = new ArrayList<>();
      for (int round = -2; round < REPEATS; round++) { // two untimed rounds first
        double[] ms = new double[2];
        for (int k = 0; k < 2; k++) { // in turns: which goes first alternates by round
          boolean perJob = (k + round) % 2 == 0;
          store.updateState(ids.get(0), "RUNNING", null); // a write before each, as in a live service
          long start = System.nanoTime();
          int read = 0;
          if (perJob) {
            for (String id : ids) {
              read += store.job(id).isPresent() ? 1 : 0;
            }
          } else {
            read = store.jobs(ids).size();
          }
          ms[perJob ? 0 : 1] = (System.nanoTime() - start) / 1e6;
          if (read != ids.size()) {
            throw new AssertionError("read " + read + " of " + ids.size());
          }
        }
        if (round >= 0) {
          each.add(ms[0]);
          all.add(ms[1]);
        }
      }
      String line = String.format(Locale.ROOT, "| watch refresh, %s, %d jobs watched and followed elsewhere, ms (min / "
          + "median / max of %d) | a read per job %s | one read for all %s | %.1f× |",
          storeName(), ids.size(), REPEATS, spread(each, x -> x, 1),
          spread(all, x -> x, 1), median(each, x -> x) / median(all, x -> x));
      System.out.println(line);
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target/store-watch-benchmarks.md"), line + "\n");
    }
  }

  /** -Dsvdd.bench.store-url=jdbc:postgresql://127.0.0.1:PORT/DB (user svdd, an empty database) for PostgreSQL. */
  private String url() {
    return System.getProperty("svdd.bench.store-url", "jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath());
  }

  private JdbcJobStore open() {
    return JdbcJobStore.open(url(), url().startsWith("jdbc:h2:") ? "sa" : "svdd", "");
  }

  private String storeName() {
    return url().startsWith("jdbc:h2:") ? "H2 file" : "PostgreSQL";
  }

  /**
   * The running jobs, read as the job API lists them: pages of the store's queued and running jobs (those an api
   * node's records may show running), newest first, kept if running. (Before 2026-12-05 the pages held every job.)
   */
  private static int runningJobs(JdbcJobStore store) {
    List<StoredJob> kept = new ArrayList<>();
    StoredJob after = null;
    Set<String> stored = Set.of("QUEUED", "RUNNING");
    while (true) {
      List<StoredJob> rows = after == null ? store.page(PAGE + 1, 0, null, stored, "")
          : store.page(PAGE + 1, after.submittedAtMs(), after.id(), stored, "");
      for (StoredJob row : rows) {
        after = row;
        if (row.state().equals("RUNNING")) {
          kept.add(row);
        }
      }
      if (rows.size() <= PAGE || kept.size() > PAGE) {
        return kept.size();
      }
    }
  }

  /**
   * Milliseconds of each of {@link #REPEATS} calls, after two untimed ones; before each, a job's row is written, as
   * in a live service (which also keeps H2 from answering a repeated query from its cache).
   */
  private static List<Double> timed(JdbcJobStore store, java.util.function.IntSupplier call) {
    call.getAsInt();
    call.getAsInt();
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      store.updateState("running-0", "RUNNING", null);
      long start = System.nanoTime();
      call.getAsInt();
      ms.add((System.nanoTime() - start) / 1e6);
    }
    return ms;
  }
}
