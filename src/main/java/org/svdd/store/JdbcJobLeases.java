package org.svdd.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which api node follows each unfinished job: an owner name and a lease expiry (epoch ms) on the job's
 * row. The owner renews its leases while it lives; once one lapses, any api node may take the job over
 * with a compare-and-set on the owner and expiry it read, so exactly one node wins. Every expiry is set and
 * read against one clock, the database's ({@link #NOW_MS}): api nodes whose clocks disagree still agree on
 * which leases have lapsed.
 */
public final class JdbcJobLeases {
  static final String[] SCHEMA = {"ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS owner VARCHAR(256)",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS lease_until BIGINT",
      "ALTER TABLE svdd_jobs ADD COLUMN IF NOT EXISTS client VARCHAR(256)"};
  /**
   * The database's clock in epoch milliseconds, as SQL that H2 and PostgreSQL both read (the time its transaction
   * started, which for these short transactions is now).
   */
  static final String NOW_MS = "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";

  private final JdbcDatabase db;
  private final JdbcJobStore store;

  JdbcJobLeases(JdbcDatabase db, JdbcJobStore store) {
    this.db = db;
    this.store = store;
  }

  /** An unfinished job's row, or a cancelled one's whose end is not stored yet: what an api node follows. */
  private static final String FOLLOWED = "(" + JdbcJobStore.UNFINISHED + " OR " + JdbcJobStore.CANCELLING + ")";

  /**
   * Extends every lease {@code owner} holds on an unfinished job, or a cancelled one whose end it has not stored yet,
   * to {@code ttl} from now; returns the ids of the unfinished ones, oldest first.
   */
  public List<String> renew(String owner, Duration ttl) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE svdd_jobs SET lease_until = " + NOW_MS + " + ? WHERE owner = ? AND " + FOLLOWED)) {
        s.setLong(1, ttl.toMillis());
        s.setString(2, owner);
        s.executeUpdate();
      }
      List<String> held = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id FROM svdd_jobs WHERE owner = ? AND " + JdbcJobStore.UNFINISHED + " ORDER BY submitted_at, id")) {
        s.setString(1, owner);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            held.add(r.getString(1));
          }
        }
      }
      return held;
    });
  }

  /**
   * Takes every unfinished job that has no owner, whose lease has lapsed, or (with {@code own}) that {@code owner}
   * held before a restart, leasing each to {@code owner} for {@code ttl}. Returns the jobs taken, oldest first; a
   * job another node took meanwhile is not among them.
   */
  public List<StoredJob> claim(String owner, Duration ttl, boolean own) {
    return claim(JdbcJobStore.UNFINISHED, owner, ttl, own);
  }

  /**
   * Takes every cancelled job whose end is not stored and whose lease has lapsed (the api node that followed it was
   * lost before it heard the end), leasing each to {@code owner} for {@code ttl}; returns the jobs taken.
   */
  public List<StoredJob> claimCancelled(String owner, Duration ttl) {
    return claim(JdbcJobStore.CANCELLING, owner, ttl, false);
  }

  private List<StoredJob> claim(String rows, String owner, Duration ttl, boolean own) {
    record Seen(String id, String owner, long leaseUntil) {}
    List<Seen> candidates = db.inTransaction(c -> {
      List<Seen> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id, COALESCE(owner, ''), COALESCE(lease_until, 0)"
          + " FROM svdd_jobs WHERE " + rows + " AND (owner IS NULL OR lease_until IS NULL OR lease_until < "
          + NOW_MS + (own ? " OR owner = ?" : "") + ") ORDER BY submitted_at, id")) {
        if (own) {
          s.setString(1, owner);
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new Seen(r.getString(1), r.getString(2), r.getLong(3)));
          }
        }
      }
      return out;
    });
    List<StoredJob> taken = new ArrayList<>();
    for (Seen seen : candidates) {
      boolean won = db.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement("UPDATE svdd_jobs SET owner = ?, lease_until = " + NOW_MS
            + " + ? WHERE id = ? AND " + rows + " AND COALESCE(owner, '') = ? AND COALESCE(lease_until, 0) = ?")) {
          s.setString(1, owner);
          s.setLong(2, ttl.toMillis());
          s.setString(3, seen.id());
          s.setString(4, seen.owner());
          s.setLong(5, seen.leaseUntil());
          return s.executeUpdate() == 1;
        }
      });
      if (won) {
        store.job(seen.id()).ifPresent(taken::add);
      }
    }
    return taken;
  }

  /** Lets every lease of {@code owner} lapse now (a node shutting down), so another node takes its jobs at once. */
  public void releaseAll(String owner) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE svdd_jobs SET lease_until = 0 WHERE owner = ? AND " + FOLLOWED)) {
        s.setString(1, owner);
        s.executeUpdate();
      }
      return null;
    });
  }

  /** The api node that holds the job's lease, or "" for none. */
  public String owner(String id) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(owner, '') FROM svdd_jobs WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getString(1) : "";
        }
      }
    });
  }
}
