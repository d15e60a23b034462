package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.proto.JobSpec;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/** Jobs stored before names were searchable get their key from their stored spec, and are found by name after. */
class JobNamesTest {
  @TempDir Path dir;

  @Test
  void fillMissingKeys_keysEveryJobStoredWithoutOne_fromItsSpec_pageAfterPage() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath();
    int unnamed = 600; // more than one page of the fill
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
      for (int i = 0; i < unnamed; i++) {
        store.insertJob(new StoredJob("plain-" + i, JobSpecs.toJson(JobSpec.newBuilder().setSteps(4).build()), "DONE",
            null, i));
      }
      store.insertJob(new StoredJob("named", JobSpecs.toJson(JobSpec.newBuilder().setName("ABL, QED early").build()),
          "DONE", null, 1000));
      store.insertJob(new StoredJob("future", "{\"name\": \"abl later\", \"a_field_of_a_later_build\": 1}", "DONE",
          null, 1001));
      store.insertJob(new StoredJob("broken", "{\"name\": \"abl", "DONE", null, 1002));
      store.insertJob(new StoredJob("keyed", "{\"name\": \"abl kept\"}", "DONE", null, 1003), "kept key", null,
          java.time.Duration.ZERO);
    }
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE svdd_jobs SET name_key = NULL WHERE id <> 'keyed'"); // as a build before the key left them
    }
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
      assertEquals(List.of(), ids(store.page(10, 0, null, Set.of(), "abl")), "before: no job is found by name");
      assertEquals(unnamed + 3, JobNames.fillMissingKeys(store));
      assertEquals(List.of("future", "named"), ids(store.page(10, 0, null, Set.of(), JobNames.key("ABL"))),
          "a spec with a later build's field still gives its name; one that does not parse gives none");
      assertEquals(List.of("keyed"), ids(store.page(10, 0, null, Set.of(), "kept key")), "a key already set is kept");
      assertEquals(Map.of(), store.specsWithoutNameKey(10));
      assertEquals(0, JobNames.fillMissingKeys(store), "once filled, nothing is left to fill");
    }
  }

  private static List<String> ids(List<StoredJob> jobs) {
    return jobs.stream().map(StoredJob::id).toList();
  }
}
