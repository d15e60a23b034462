package org.svdd.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.svdd.api.proto.JobSpec;
import org.svdd.core.method.Checkpoints;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/** Jobs that another api node follows, as a test puts them in the store that the nodes under test share. */
public final class JobsElsewhere {
  /** The node said to follow them, which is not there. */
  public static final String OWNER = "api-elsewhere";

  private JobsElsewhere() {}

  /** Stores a running job of the abc task (reward count-c), leased for an hour: no node under test takes it over. */
  public static String running(JdbcJobStore store) {
    String id = UUID.randomUUID().toString();
    JobSpec spec = JobSpec.newBuilder().setTask("abc").setReward("count-c").setMethod("svdd").setParticles(2)
        .setCandidates(2).setSteps(4).build();
    store.insertJob(new StoredJob(id, JobSpecs.toJson(spec), "RUNNING", null, System.currentTimeMillis()), OWNER,
        Duration.ofHours(1));
    return id;
  }

  /** Ends the job as cancelled, as the node that follows it stores a cancel's end. */
  public static void cancel(JdbcJobStore store, String id) {
    store.end(id, "CANCELLED", "cancelled through the other node", new StoredJob.Ending(StoredJob.Progress.NONE,
        Checkpoints.Tally.NONE, System.currentTimeMillis()));
  }

  /**
   * Removes the job's row in one statement: how its end and its deletion through the other node look from a node
   * whose two reads of the store both fall outside them.
   */
  public static void vanish(String url, String id) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement s = c.prepareStatement("DELETE FROM svdd_jobs WHERE id = ?")) {
      s.setString(1, id);
      if (s.executeUpdate() != 1) {
        throw new IllegalStateException("no row of job " + id);
      }
    }
  }
}
