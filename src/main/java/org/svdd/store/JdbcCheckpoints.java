package org.svdd.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.SearchRound;
import org.svdd.core.method.Spend;
import org.svdd.core.method.Trajectory;
import org.svdd.core.reward.Reward;

/**
 * Running jobs' checkpoints and tallies in the job store: each particle's latest trajectory in
 * {@code svdd_checkpoints}, a tree search's finished rollouts in {@code svdd_tree_rollouts}, and what the job has spent
 * on its row in {@code svdd_jobs}. They change only while the job is queued or running; the store drops a job's
 * checkpoints with its ending ({@link #TABLES}).
 */
final class JdbcCheckpoints implements Checkpoints {
  static final String[] SCHEMA = {
      "CREATE TABLE IF NOT EXISTS svdd_checkpoints (job_id VARCHAR(64) NOT NULL, particle INT NOT NULL, step INT NOT NULL,"
          + " tokens BYTEA NOT NULL, trajectory_value DOUBLE PRECISION NOT NULL, log_weight DOUBLE PRECISION NOT NULL,"
          + " reward DOUBLE PRECISION, detail TEXT, PRIMARY KEY (job_id, particle))",
      "ALTER TABLE svdd_checkpoints ADD COLUMN IF NOT EXISTS children_spent INT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS oracle_seconds DOUBLE PRECISION",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS budget_note TEXT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS designs_scored BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS designs_failed BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS oracle_calls BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS archive_answers BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS denoised_rows BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS last_failure TEXT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS early_oracle_calls BIGINT",
      // the oracle that scored each reward, a JSON object by reward name; NULL in rows stored before the column
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS oracles TEXT",
      // a tree search's rollouts, one row each: the states of its path after each step, each length-prefixed
      "CREATE TABLE IF NOT EXISTS svdd_tree_rollouts (job_id VARCHAR(64) NOT NULL, particle INT NOT NULL,"
          + " start_step INT NOT NULL, path BYTEA NOT NULL, reward DOUBLE PRECISION NOT NULL, detail TEXT NOT NULL,"
          + " failed BOOLEAN NOT NULL, PRIMARY KEY (job_id, particle))"};
  /** The tables holding a running job's checkpoints, dropped with its ending. */
  static final List<String> TABLES = List.of("svdd_checkpoints", "svdd_tree_rollouts");
  private final JdbcDatabase db;

  JdbcCheckpoints(JdbcDatabase db) {
    this.db = db;
  }

  /**
   * Saves the trajectories and the job's tally in one transaction, while the job is queued or running: a save that
   * arrives after the job ended (or was deleted) keeps nothing, so no checkpoint outlives its job.
   */
  @Override
  public void save(String jobId, List<Trajectory> trajectories, Tally tally) {
    db.inTransaction(c -> {
      if (setRunningTally(c, jobId, tally)) {
        saveCheckpoints(c, jobId, trajectories);
      }
      return null;
    });
  }

  private static void saveCheckpoints(Connection c, String jobId, List<Trajectory> trajectories) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM svdd_checkpoints WHERE job_id = ? AND particle = ?");
        PreparedStatement insert = c.prepareStatement("INSERT INTO svdd_checkpoints (job_id, particle, step, tokens,"
            + " trajectory_value, log_weight, reward, detail, children_spent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Trajectory t : trajectories) {
        delete.setString(1, jobId);
        delete.setInt(2, t.particle());
        delete.addBatch();
        insert.setString(1, jobId);
        insert.setInt(2, t.particle());
        insert.setInt(3, t.step());
        insert.setBytes(4, StateBytes.of(t.state()));
        insert.setDouble(5, t.value());
        insert.setDouble(6, t.logWeight());
        if (t.reward() == null) {
          insert.setNull(7, Types.DOUBLE);
          insert.setNull(8, Types.VARCHAR);
        } else {
          insert.setDouble(7, t.reward().value());
          insert.setString(8, t.reward().detail());
        }
        insert.setInt(9, t.spent());
        insert.addBatch();
      }
      delete.executeBatch();
      insert.executeBatch();
    }
  }

  /** Saves a tree search's finished round and the job's tally in one transaction, while the job is queued or running. */
  @Override
  public void saveRound(String jobId, List<SearchRound.Rollout> rollouts, Tally tally) {
    db.inTransaction(c -> {
      if (setRunningTally(c, jobId, tally)) {
        saveRollouts(c, jobId, rollouts);
      }
      return null;
    });
  }

  private static void saveRollouts(Connection c, String jobId, List<SearchRound.Rollout> rollouts) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM svdd_tree_rollouts WHERE job_id = ? AND particle = ?");
        PreparedStatement insert = c.prepareStatement("INSERT INTO svdd_tree_rollouts (job_id, particle, start_step,"
            + " path, reward, detail, failed) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (SearchRound.Rollout r : rollouts) {
        delete.setString(1, jobId);
        delete.setInt(2, r.particle());
        delete.addBatch();
        insert.setString(1, jobId);
        insert.setInt(2, r.particle());
        insert.setInt(3, r.start());
        insert.setBytes(4, StateBytes.ofPath(r.path()));
        insert.setDouble(5, r.reward().value());
        insert.setString(6, r.reward().detail());
        insert.setBoolean(7, r.reward().failed());
        insert.addBatch();
      }
      delete.executeBatch();
      insert.executeBatch();
    }
  }

  @Override
  public List<SearchRound.Rollout> rounds(String jobId) {
    return db.inTransaction(c -> {
      List<SearchRound.Rollout> out = new java.util.ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT particle, start_step, path, reward, detail, failed"
          + " FROM svdd_tree_rollouts WHERE job_id = ? ORDER BY particle")) {
        s.setString(1, jobId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new SearchRound.Rollout(r.getInt(1), r.getInt(2), StateBytes.readPath(r.getBytes(3)),
                new Reward(r.getDouble(4), r.getString(5), r.getBoolean(6))));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Map<Integer, Trajectory> latest(String jobId) {
    return db.inTransaction(c -> {
      Map<Integer, Trajectory> out = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT particle, step, tokens, trajectory_value, log_weight, reward,"
          + " detail, children_spent FROM svdd_checkpoints WHERE job_id = ?")) {
        s.setString(1, jobId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            double reward = r.getDouble(6);
            Reward known = r.wasNull() ? null : new Reward(reward, r.getString(7));
            // a checkpoint written before children_spent existed reads 0: that job never drew adaptively
            out.put(r.getInt(1), new Trajectory(r.getInt(1), r.getInt(2), StateBytes.read(r.getBytes(3)), null, r.getDouble(4),
                r.getDouble(5), known, r.getInt(8)));
          }
        }
      }
      return out;
    });
  }

  /** Records a running job's tally on its row; an ended job (or one not stored) keeps the tally it has. */
  @Override
  public void saveTally(String jobId, Tally tally) {
    db.inTransaction(c -> {
      setRunningTally(c, jobId, tally);
      return null;
    });
  }

  /** Sets the tally of a queued or running job; false if there is none with this id. */
  private static boolean setRunningTally(Connection c, String jobId, Tally tally) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET " + TALLY_SET + " WHERE id = ? AND " + JdbcJobStore.UNFINISHED)) {
      s.setString(setTally(s, tally), jobId);
      return s.executeUpdate() == 1;
    }
  }

  @Override
  public Tally tally(String jobId) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + TALLY_COLUMNS + " FROM svdd_jobs WHERE id = ?")) {
        s.setString(1, jobId);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? tally(r, 1) : Tally.NONE;
        }
      }
    });
  }

  static final String TALLY_SET = "denoised_rows = ?, designs_scored = ?, designs_failed = ?,"
      + " oracle_calls = ?, archive_answers = ?, oracle_seconds = ?, budget_note = ?, last_failure = ?,"
      + " early_oracle_calls = ?, oracles = ?";

  /** Sets {@link #TALLY_SET}'s parameters; returns the index of the next. */
  static int setTally(PreparedStatement s, Tally tally) throws SQLException {
    Spend spent = tally.spent();
    s.setLong(1, spent.denoisedRows());
    s.setLong(2, spent.designsScored());
    s.setLong(3, spent.designsFailed());
    s.setLong(4, spent.oracleCalls());
    s.setLong(5, spent.archiveAnswers());
    s.setDouble(6, spent.oracleSeconds());
    s.setString(7, tally.note());
    s.setString(8, spent.lastFailure());
    s.setLong(9, spent.earlyOracleCalls());
    s.setString(10, oraclesJson(tally.oracles()));
    return 11;
  }

  static final String TALLY_COLUMNS = "COALESCE(denoised_rows, 0), COALESCE(designs_scored, 0),"
      + " COALESCE(designs_failed, 0), COALESCE(oracle_calls, 0), COALESCE(archive_answers, 0),"
      + " COALESCE(oracle_seconds, 0), COALESCE(budget_note, ''), COALESCE(last_failure, ''),"
      + " COALESCE(early_oracle_calls, 0), COALESCE(oracles, '')";

  /** How many columns {@link #TALLY_COLUMNS} reads. */
  static final int TALLY_WIDTH = 10;

  /** The tally read from the result's columns from {@code first} on, in {@link #TALLY_COLUMNS}' order. */
  static Tally tally(ResultSet r, int first) throws SQLException {
    return new Tally(new Spend(r.getLong(first), r.getLong(first + 1), r.getLong(first + 2), r.getLong(first + 3),
        r.getLong(first + 8), r.getLong(first + 4), r.getDouble(first + 5), r.getString(first + 7)),
        r.getString(first + 6), oracles(r.getString(first + 9)));
  }

  /** A tally's oracles as the column keeps them: a JSON object of strings by reward name. */
  static String oraclesJson(Map<String, String> oracles) {
    Struct.Builder json = Struct.newBuilder();
    oracles.forEach((reward, oracle) -> json.putFields(reward, Value.newBuilder().setStringValue(oracle).build()));
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(json);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("oracles cannot be written as JSON: " + oracles, e);
    }
  }

  /** The oracles {@link #oraclesJson} wrote; none for "" (a row stored before the column). */
  static Map<String, String> oracles(String json) {
    if (json.isEmpty()) {
      return Map.of();
    }
    Struct.Builder read = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, read);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a job's stored oracles are not a JSON object of strings: " + json, e);
    }
    Map<String, String> oracles = new HashMap<>();
    read.getFieldsMap().forEach((reward, oracle) -> oracles.put(reward, oracle.getStringValue()));
    return oracles;
  }
}
