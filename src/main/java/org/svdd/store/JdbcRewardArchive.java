package org.svdd.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;

/**
 * Oracle answers in the job store's database ({@code svdd_rewards}), keyed by oracle identity and
 * canonical design; with PostgreSQL every node of a cluster shares them. Lookups go in chunks of a
 * bounded IN list of whole keys ({@code (oracle, design) IN (...)}): H2 looks each up in the primary key, where
 * {@code oracle = ? AND design IN (...)} made it scan every answer of the oracle, a cost that grew with the archive.
 * Saving skips entries another node saved first.
 */
final class JdbcRewardArchive implements RewardArchive {
  static final String SCHEMA = "CREATE TABLE IF NOT EXISTS svdd_rewards (oracle VARCHAR(512) NOT NULL,"
      + " design VARCHAR(4096) NOT NULL, reward DOUBLE PRECISION NOT NULL, detail TEXT NOT NULL,"
      + " PRIMARY KEY (oracle, design))";
  private static final int CHUNK = 200;
  private final JdbcDatabase db;

  JdbcRewardArchive(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public Map<String, Reward> find(String oracle, Collection<String> designs) {
    List<String> all = new ArrayList<>(designs);
    Map<String, Reward> found = new HashMap<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      db.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement(lookup(chunk.size()))) {
          for (int i = 0; i < chunk.size(); i++) {
            s.setString(2 * i + 1, oracle);
            s.setString(2 * i + 2, chunk.get(i));
          }
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              found.put(r.getString(1), new Reward(r.getDouble(2), r.getString(3)));
            }
          }
        }
        return null;
      });
    }
    return found;
  }

  /** The query for {@code n} designs of one oracle, its parameters oracle and design in turn. */
  static String lookup(int n) {
    return "SELECT design, reward, detail FROM svdd_rewards WHERE (oracle, design) IN ("
        + String.join(", ", java.util.Collections.nCopies(n, "(?, ?)")) + ")";
  }

  @Override
  public void save(String oracle, Map<String, Reward> rewards) {
    if (rewards.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Reward> e : rewards.entrySet()) {
      if (e.getValue().failed()) {
        throw new IllegalArgumentException("a failed reward is not archived: " + e.getKey());
      }
    }
    Map<String, Reward> missing = new HashMap<>(rewards);
    missing.keySet().removeAll(find(oracle, rewards.keySet()).keySet());
    try {
      insert(oracle, missing);
    } catch (IllegalStateException raced) {
      // another node saved some of them between the lookup and the insert: keep theirs, add the rest
      for (Map.Entry<String, Reward> e : missing.entrySet()) {
        if (find(oracle, List.of(e.getKey())).isEmpty()) {
          insert(oracle, Map.of(e.getKey(), e.getValue()));
        }
      }
    }
  }

  /** How many answers are kept for each oracle identity. */
  Map<String, Long> countsByOracle() {
    return db.inTransaction(c -> {
      Map<String, Long> out = new java.util.TreeMap<>();
      try (java.sql.Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT oracle, COUNT(*) FROM svdd_rewards GROUP BY oracle")) {
        while (r.next()) {
          out.put(r.getString(1), r.getLong(2));
        }
      }
      return out;
    });
  }

  /** Forgets the answers of every oracle whose identity starts with {@code prefix}; returns how many. */
  long forget(String prefix) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("an empty prefix would forget every answer");
    }
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM svdd_rewards WHERE LEFT(oracle, ?) = ?")) {
        s.setInt(1, prefix.length());
        s.setString(2, prefix);
        return (long) s.executeUpdate();
      }
    });
  }

  private void insert(String oracle, Map<String, Reward> rewards) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO svdd_rewards (oracle, design, reward, detail) VALUES (?, ?, ?, ?)")) {
        for (Map.Entry<String, Reward> e : rewards.entrySet()) {
          s.setString(1, oracle);
          s.setString(2, e.getKey());
          s.setDouble(3, e.getValue().value());
          s.setString(4, e.getValue().detail());
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }
}
