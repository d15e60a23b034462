package org.svdd.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.Sample;
import org.svdd.core.method.StoreUnavailableException;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;

/**
 * Jobs and samples in a SQL database ({@link JdbcDatabase}), and the tables beside them: running jobs' checkpoints
 * ({@link #checkpoints}), api nodes' leases ({@link #leases}) and the oracle answers every node shares
 * ({@link #rewardArchive}). Portable SQL that runs on H2 and PostgreSQL; multi-row changes are single transactions,
 * so a crash leaves either the old or the new checkpoint, never half of one.
 */
public final class JdbcJobStore implements AutoCloseable {
  private static final String[] SCHEMA = {
      "CREATE TABLE IF NOT EXISTS svdd_jobs (id VARCHAR(64) PRIMARY KEY, spec TEXT NOT NULL, state VARCHAR(16) NOT NULL,"
          + " error TEXT, submitted_at BIGINT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS svdd_samples (job_id VARCHAR(64) NOT NULL, idx INT NOT NULL, particle INT NOT NULL,"
          + " tokens BYTEA NOT NULL, reward DOUBLE PRECISION NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (job_id, idx))",
      JdbcRewardArchive.SCHEMA,
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS steps_done BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS steps_total BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS started_at BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS ended_at BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS value_q10 DOUBLE PRECISION",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS value_median DOUBLE PRECISION",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS value_q90 DOUBLE PRECISION",
      // the samples a finished job stored, counted when they are written: a listing reads it instead of counting
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS sample_count INT",
      // the job's name as listings search it (lower case, by the api's rule); NULL in rows stored before the column
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS name_key TEXT",
      // the digest of the model that runs the job, recorded when it is accepted; NULL in rows stored before the column
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS model_digest TEXT"};
  /**
   * Indexes for what a long-lived service asks of a table that only grows (jobs stay until deleted): the newest jobs
   * and the pages after them, the unfinished ones (leases, per-client limits, listings by state), and those ended
   * longest ago (retention). With 20,000 ended jobs, listing the running ones took 1.4 s without them
   * (bin/bench -o -Dtest=StoreBenchmarks). Made after every column exists.
   */
  private static final String[] INDEXES = {
      "CREATE INDEX IF NOT EXISTS svdd_jobs_by_submission ON svdd_jobs (submitted_at DESC, id)",
      "CREATE INDEX IF NOT EXISTS svdd_jobs_by_state ON svdd_jobs (state)",
      "CREATE INDEX IF NOT EXISTS svdd_jobs_by_end ON svdd_jobs (ended_at)"};
  /** A job's row while it is queued or running. */
  static final String UNFINISHED = "state IN ('QUEUED', 'RUNNING')";
  /** The error an api node stores with a job's CANCELLED state when it asks the job to stop; its end replaces it. */
  public static final String CANCEL_REQUESTED = "cancel requested";
  /** A job's row once a cancel is asked and before the job's end is stored. */
  static final String CANCELLING = "(state = 'CANCELLED' AND error = '" + CANCEL_REQUESTED + "' AND COALESCE(ended_at, 0) = 0)";

  private final JdbcDatabase db;
  private final JdbcCheckpoints checkpoints;

  private JdbcJobStore(JdbcDatabase db) {
    this.db = db;
    this.checkpoints = new JdbcCheckpoints(db);
  }

  /** Connects (an H2 file URL creates its database) and creates the tables if needed. */
  public static JdbcJobStore open(String url, String user, String password) {
    return open(url, user, password, JdbcDatabase.CONNECTION_TIMEOUT);
  }

  /**
   * {@link #open} with how long a statement waits for a connection while the database does not answer before it
   * fails (15 s by default).
   */
  public static JdbcJobStore open(String url, String user, String password, Duration connectionTimeout) {
    return open("the job store", url, user, password, connectionTimeout);
  }

  /**
   * {@link #open} for a node that may start before its database does (a cluster started all at once, a database
   * restarting): while the database does not answer, tries again each second for up to {@code wait}, telling
   * {@code waiting} why on the first failed try and every 10 s after. A database that answers and refuses (a wrong
   * password, no such database) fails at once.
   */
  public static JdbcJobStore openWhenUp(String url, String user, String password, Duration wait,
      java.util.function.Consumer<String> waiting) {
    long deadline = System.nanoTime() + wait.toNanos();
    long nextTell = System.nanoTime();
    while (true) {
      try {
        return open(url, user, password);
      } catch (StoreUnavailableException e) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          throw new StoreUnavailableException(e.getMessage() + " (waited " + wait.toSeconds()
              + " s for it to answer: svdd.store.start-wait)", e);
        }
        if (now - nextTell >= 0) {
          nextTell = now + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
          waiting.accept(e.getMessage() + "; waiting up to " + java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(
              deadline - now + 999_999_999) + " s more for it to answer (svdd.store.start-wait)");
        }
        try {
          Thread.sleep(Math.min(1000, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * {@link #open} for the oracle answers of {@code svdd sample} and {@code svdd eval} alone (svdd.reward.archive-url):
   * the same tables, and errors that say "the oracle archive".
   */
  public static JdbcJobStore openArchive(String url, String user, String password) {
    return open("the oracle archive", url, user, password, JdbcDatabase.CONNECTION_TIMEOUT);
  }

  private static JdbcJobStore open(String what, String url, String user, String password, Duration connectionTimeout) {
    return new JdbcJobStore(JdbcDatabase.open(what, url, user, password, connectionTimeout, JdbcJobStore::makeTables));
  }

  /** The oracle answers kept in this store's database, shared by every node and job that uses it. */
  public RewardArchive rewardArchive() {
    return new JdbcRewardArchive(db);
  }

  /** How many answers the reward archive keeps for each oracle identity, in identity order. */
  public Map<String, Long> archivedAnswers() {
    return new JdbcRewardArchive(db).countsByOracle();
  }

  /**
   * Forgets the archived answers of every oracle whose identity starts with {@code prefix} (not empty); returns
   * how many. Their designs are scored anew when next asked.
   */
  public long forgetArchived(String prefix) {
    return new JdbcRewardArchive(db).forget(prefix);
  }

  /** Running jobs' checkpoints and tallies, saved in this store. */
  public Checkpoints checkpoints() {
    return checkpoints;
  }

  /** Which api node follows each unfinished job. */
  public JdbcJobLeases leases() {
    return new JdbcJobLeases(db, this);
  }

  /** Stores a new, unnamed job that no api node follows yet. */
  public void insertJob(StoredJob job) {
    insertJob(job, null, Duration.ZERO);
  }

  /** Stores a new, unnamed job leased to {@code owner} (none if null) for {@code ttl} by the database's clock. */
  public void insertJob(StoredJob job, String owner, Duration ttl) {
    insertJob(job, "", owner, ttl);
  }

  /**
   * Stores a new job leased to {@code owner} (none if null) for {@code ttl} by the database's clock; {@code nameKey} is
   * its name as {@link #page(int, long, String, Set, String) listings} search it ("" for none).
   */
  public void insertJob(StoredJob job, String nameKey, String owner, Duration ttl) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO svdd_jobs (id, spec, state, error, submitted_at, client,"
          + " owner, lease_until, name_key, model_digest) VALUES (?, ?, ?, ?, ?, ?, ?, " + JdbcJobLeases.NOW_MS
          + " + ?, ?, ?)")) {
        s.setString(1, job.id());
        s.setString(2, job.spec());
        s.setString(3, job.state());
        s.setString(4, job.error());
        s.setLong(5, job.submittedAtMs());
        s.setString(6, job.client());
        s.setString(7, owner);
        if (owner == null) {
          s.setNull(8, Types.BIGINT);
        } else {
          s.setLong(8, ttl.toMillis());
        }
        s.setString(9, nameKey);
        s.setString(10, job.modelDigest());
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Records a job's progress, for api nodes that do not follow it and for its status once it has ended. */
  public void progress(String id, StoredJob.Progress progress) {
    db.inTransaction(c -> {
      setProgress(c, id, progress);
      return null;
    });
  }

  private static void setProgress(Connection c, String id, StoredJob.Progress p) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET steps_done = ?, steps_total = ?,"
        + " value_q10 = ?, value_median = ?, value_q90 = ? WHERE id = ?")) {
      s.setLong(1, p.stepsDone());
      s.setLong(2, p.stepsTotal());
      setOrNull(s, 3, p.q10());
      setOrNull(s, 4, p.median());
      setOrNull(s, 5, p.q90());
      s.setString(6, id);
      s.executeUpdate();
    }
  }

  /**
   * Records that a queued job started at {@code atMs} (epoch ms); a job already ended (cancelled through another
   * node) stays ended, and a job resumed keeps the time it first started.
   */
  public void markRunning(String id, long atMs) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET state = 'RUNNING',"
          + " started_at = COALESCE(started_at, ?) WHERE id = ? AND state = 'QUEUED'")) {
        s.setLong(1, atMs);
        s.setString(2, id);
        s.executeUpdate();
      }
      return null;
    });
  }

  public void updateState(String id, String state, String error) {
    db.inTransaction(c -> {
      setState(c, id, state, error);
      return null;
    });
  }

  private static void setState(Connection c, String id, String state, String error) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET state = ?, error = ? WHERE id = ?")) {
      s.setString(1, state);
      s.setString(2, error);
      s.setString(3, id);
      s.executeUpdate();
    }
  }

  /** Marks a job ended without samples (failed, cancelled) as {@code ending} says, and drops its checkpoints, in one transaction. */
  public void end(String id, String state, String error, StoredJob.Ending ending) {
    db.inTransaction(c -> {
      setState(c, id, state, error);
      setEnding(c, id, ending);
      dropCheckpoints(c, id);
      return null;
    });
  }

  /** Stores a job's samples and marks it done as {@code ending} says, in one transaction; its checkpoints are dropped. */
  public void finish(String id, String doneState, List<Sample> samples, StoredJob.Ending ending) {
    db.inTransaction(c -> {
      deleteRowsOf(c, "svdd_samples", id);
      try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO svdd_samples (job_id, idx, particle, tokens, reward, detail) VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement state = c.prepareStatement(
              "UPDATE svdd_jobs SET state = ?, error = NULL, sample_count = ? WHERE id = ?")) {
        for (int i = 0; i < samples.size(); i++) {
          Sample s = samples.get(i);
          insert.setString(1, id);
          insert.setInt(2, i);
          insert.setInt(3, s.particle());
          insert.setBytes(4, StateBytes.of(s.design()));
          insert.setDouble(5, s.reward().value());
          insert.setString(6, s.reward().detail());
          insert.addBatch();
        }
        insert.executeBatch();
        state.setString(1, doneState);
        state.setInt(2, samples.size());
        state.setString(3, id);
        state.executeUpdate();
        setEnding(c, id, ending);
      }
      dropCheckpoints(c, id);
      return null;
    });
  }

  /** Deletes a job's checkpoints: its particles' trajectories, its tree's rollouts. */
  private static void dropCheckpoints(Connection c, String jobId) throws SQLException {
    for (String table : JdbcCheckpoints.TABLES) {
      deleteRowsOf(c, table, jobId);
    }
  }

  /** Deletes a job's rows of {@code table} (samples or checkpoints). */
  private static void deleteRowsOf(Connection c, String table, String jobId) throws SQLException {
    try (PreparedStatement rows = c.prepareStatement("DELETE FROM " + table + " WHERE job_id = ?")) {
      rows.setString(1, jobId);
      rows.executeUpdate();
    }
  }

  private static void setEnding(Connection c, String id, StoredJob.Ending ending) throws SQLException {
    setProgress(c, id, ending.progress());
    try (PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET " + JdbcCheckpoints.TALLY_SET + ", ended_at = ? WHERE id = ?")) {
      int i = JdbcCheckpoints.setTally(s, ending.tally());
      s.setLong(i++, ending.atMs());
      s.setString(i, id);
      s.executeUpdate();
    }
  }

  private static final String JOB_COLUMNS = "SELECT id, spec, state, error, submitted_at, COALESCE(client, ''),"
      + " COALESCE(steps_done, 0), COALESCE(steps_total, 0), value_q10, value_median, value_q90, " + JdbcCheckpoints.TALLY_COLUMNS
      + ", COALESCE(started_at, 0), COALESCE(ended_at, 0), COALESCE(sample_count, -1), COALESCE(model_digest, '')"
      + " FROM svdd_jobs";

  /**
   * Removes an ended job with its samples and any checkpoint left, in one transaction; false if no ended job has
   * this id (none, or one still queued or running).
   */
  public boolean delete(String id) {
    return db.inTransaction(c -> {
      try (PreparedStatement job = c.prepareStatement("DELETE FROM svdd_jobs WHERE id = ? AND NOT " + UNFINISHED)) {
        job.setString(1, id);
        if (job.executeUpdate() == 0) {
          return false;
        }
      }
      deleteRowsOf(c, "svdd_samples", id);
      dropCheckpoints(c, id);
      return true;
    });
  }

  /** Ids of at most {@code limit} jobs that ended before {@code cutoffMs} (epoch ms), oldest first. */
  public List<String> endedBefore(long cutoffMs, int limit) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM svdd_jobs WHERE NOT " + UNFINISHED
          + " AND ended_at < ? ORDER BY ended_at, id LIMIT ?")) {
        s.setLong(1, cutoffMs);
        s.setInt(2, limit);
        return firstColumn(s);
      }
    });
  }

  /** Ids of at most {@code limit} stored jobs that start with {@code prefix}, in order; it is matched literally. */
  public List<String> idsStartingWith(String prefix, int limit) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM svdd_jobs WHERE id LIKE ? ESCAPE '!' ORDER BY id LIMIT ?")) {
        s.setString(1, literally(prefix) + "%");
        s.setInt(2, limit);
        return firstColumn(s);
      }
    });
  }

  /** {@code text} as a LIKE pattern (with ESCAPE '!') that matches it literally: its _ and % are themselves. */
  private static String literally(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** The first column of every row the statement reads, as strings. */
  private static List<String> firstColumn(PreparedStatement s) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }

  /** One job, if stored. */
  public java.util.Optional<StoredJob> job(String id) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(JOB_COLUMNS + " WHERE id = ?")) {
        s.setString(1, id);
        return readJobs(s).stream().findFirst();
      }
    });
  }

  /** How many ids one statement of {@link #jobs} names. */
  static final int IDS_PER_STATEMENT = 500;

  /** The stored ones of jobs {@code ids}, by id, read in one transaction ({@link #IDS_PER_STATEMENT} a statement). */
  public Map<String, StoredJob> jobs(java.util.Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    if (all.isEmpty()) {
      return Map.of();
    }
    return db.inTransaction(c -> {
      Map<String, StoredJob> found = new HashMap<>();
      for (int from = 0; from < all.size(); from += IDS_PER_STATEMENT) {
        List<String> part = all.subList(from, Math.min(all.size(), from + IDS_PER_STATEMENT));
        try (PreparedStatement s = c.prepareStatement(JOB_COLUMNS + " WHERE id IN ("
            + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")) {
          for (int i = 0; i < part.size(); i++) {
            s.setString(i + 1, part.get(i));
          }
          readJobs(s).forEach(job -> found.put(job.id(), job));
        }
      }
      return found;
    });
  }

  /**
   * At most {@code limit} jobs, newest first (ties by id), starting after the job submitted at
   * {@code afterAt} with id {@code afterId}; from the newest when {@code afterId} is null.
   */
  public List<StoredJob> page(int limit, long afterAt, String afterId) {
    return page(limit, afterAt, afterId, Set.of(), "");
  }

  /**
   * {@link #page(int, long, String)} of the jobs stored in one of {@code states} (every job when empty) whose name key
   * contains {@code nameKeyPart} (every job when ""; taken literally, wildcards included). A job whose cancel was
   * asked and whose end is not stored yet is still queued or running: it counts as in either.
   */
  public List<StoredJob> page(int limit, long afterAt, String afterId, Set<String> states, String nameKeyPart) {
    List<String> where = new ArrayList<>();
    if (!nameKeyPart.isEmpty()) {
      where.add("name_key LIKE ? ESCAPE '!'");
    }
    if (afterId != null) {
      // the first bound alone is a range of the index, the second narrows it
      where.add("submitted_at <= ? AND (submitted_at < ? OR id > ?)");
    }
    if (!states.isEmpty()) {
      String in = "state IN (" + String.join(", ", Collections.nCopies(states.size(), "?")) + ")";
      where.add(states.contains("QUEUED") || states.contains("RUNNING") ? "(" + in + " OR " + CANCELLING + ")" : in);
    }
    String sql = JOB_COLUMNS + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY submitted_at DESC, id LIMIT ?";
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        if (!nameKeyPart.isEmpty()) {
          s.setString(i++, "%" + literally(nameKeyPart) + "%");
        }
        if (afterId != null) {
          s.setLong(i++, afterAt);
          s.setLong(i++, afterAt);
          s.setString(i++, afterId);
        }
        for (String state : states) {
          s.setString(i++, state);
        }
        s.setInt(i, limit);
        return readJobs(s);
      }
    });
  }

  /** The specs of at most {@code limit} jobs stored without a name key (before the column), by id. */
  public Map<String, String> specsWithoutNameKey(int limit) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id, spec FROM svdd_jobs WHERE name_key IS NULL ORDER BY id LIMIT ?")) {
        s.setInt(1, limit);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.put(r.getString(1), r.getString(2));
          }
        }
        return out;
      }
    });
  }

  /** Sets the name key of each job in {@code keys} (by id) that has none yet, in one transaction. */
  public void setNameKeys(Map<String, String> keys) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET name_key = ? WHERE id = ? AND name_key IS NULL")) {
        for (Map.Entry<String, String> key : keys.entrySet()) {
          s.setString(1, key.getValue());
          s.setString(2, key.getKey());
          s.addBatch();
        }
        s.executeBatch();
        return null;
      }
    });
  }

  /** How many jobs of {@code client} are queued or running. */
  public long unfinishedOf(String client) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT COUNT(*) FROM svdd_jobs WHERE COALESCE(client, '') = ? AND state IN ('QUEUED', 'RUNNING')")) {
        s.setString(1, client);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  /** How many stored jobs are in each state. */
  public Map<String, Long> countByState() {
    return db.inTransaction(c -> {
      Map<String, Long> out = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT state, COUNT(*) FROM svdd_jobs GROUP BY state")) {
        while (r.next()) {
          out.put(r.getString(1), r.getLong(2));
        }
      }
      return out;
    });
  }

  /** NULL for NaN (no value yet), which {@link #orNaN} reads back as NaN. */
  private static void setOrNull(PreparedStatement s, int parameter, double value) throws SQLException {
    if (Double.isNaN(value)) {
      s.setNull(parameter, java.sql.Types.DOUBLE);
    } else {
      s.setDouble(parameter, value);
    }
  }

  /** A nullable number column; NaN where it is null (no value yet, or a row written before the column existed). */
  private static double orNaN(ResultSet r, int column) throws SQLException {
    double value = r.getDouble(column);
    return r.wasNull() ? Double.NaN : value;
  }

  private static List<StoredJob> readJobs(PreparedStatement s) throws SQLException {
    List<StoredJob> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(new StoredJob(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5), r.getString(6),
            new StoredJob.Progress(r.getLong(7), r.getLong(8), orNaN(r, 9), orNaN(r, 10), orNaN(r, 11)), JdbcCheckpoints.tally(r, 12),
            r.getLong(12 + JdbcCheckpoints.TALLY_WIDTH), r.getLong(13 + JdbcCheckpoints.TALLY_WIDTH),
            r.getInt(14 + JdbcCheckpoints.TALLY_WIDTH), r.getString(15 + JdbcCheckpoints.TALLY_WIDTH)));
      }
    }
    return out;
  }

  /**
   * How many samples a finished job stored: as its row records it, or counted where the row does not say (a job
   * finished by a build before the count was recorded); 0 for a job not finished.
   */
  public int sampleCount(StoredJob job) {
    if (!job.state().equals("DONE")) {
      return 0;
    }
    return job.samples() >= 0 ? job.samples() : sampleCount(job.id());
  }

  /** How many samples a finished job stored, counted. */
  public int sampleCount(String id) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM svdd_samples WHERE job_id = ?")) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getInt(1);
        }
      }
    });
  }

  public List<Sample> samples(String id) {
    return db.inTransaction(c -> {
      List<Sample> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT particle, tokens, reward, detail FROM svdd_samples WHERE job_id = ? ORDER BY idx")) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new Sample(r.getInt(1), StateBytes.read(r.getBytes(2)), new Reward(r.getDouble(3), r.getString(4))));
          }
        }
      }
      return out;
    });
  }

  /** Whether {@link #close} ran: nothing more can be read or written. */
  public boolean isClosed() {
    return db.isClosed();
  }

  @Override
  public void close() {
    db.close();
  }

  private static Void makeTables(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
      for (String ddl : JdbcCheckpoints.SCHEMA) {
        s.execute(ddl);
      }
      for (String ddl : JdbcJobLeases.SCHEMA) {
        s.execute(ddl);
      }
      for (String ddl : INDEXES) {
        s.execute(ddl);
      }
    }
    return null;
  }
}
