package org.svdd.api.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.svdd.api.ApiPolicy;
import org.svdd.api.JobsElsewhere;
import org.svdd.store.JdbcJobStore;

/** A job page's event stream, for a job another api node follows. */
class DashboardEventsTest {
  /**
   * The job ends and is deleted through the other node before this one reads its end: the stream's last event is
   * of type "deleted" and says so (the page shows it), then the stream ends (before, it stayed open for good).
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a stream that never ends fails the test
  void events_ofAJobFollowedElsewhere_deletedBeforeItsEndWasRead_endWithADeletedEvent() throws Exception {
    String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "");
        DashboardFixture service = new DashboardFixture(ApiPolicy.open(), store)) {
      String id = JobsElsewhere.running(store);
      HttpRequest events = HttpRequest.newBuilder(URI.create(service.url() + "api/jobs/" + id + "/events"))
          .timeout(Duration.ofSeconds(60)).GET().build();
      HttpResponse<Stream<String>> response = http.sendAsync(events, HttpResponse.BodyHandlers.ofLines())
          .get(30, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      Iterator<String> lines = response.body().iterator();
      String first = lines.next();
      assertTrue(first.startsWith("data:") && first.contains("\"state\":\"RUNNING\""), first);
      JobsElsewhere.vanish(url, id);
      List<String> rest = new java.util.ArrayList<>();
      lines.forEachRemaining(l -> {
        if (!l.isEmpty()) {
          rest.add(l);
        }
      });
      assertTrue(rest.size() >= 2, rest.toString());
      List<String> last = rest.subList(rest.size() - 2, rest.size());
      assertEquals(Set.of("event:deleted", "data:job " + id + " ended and was deleted before this api node read "
          + "how it ended"), Set.copyOf(last), "one event of its own type, then the end: " + rest);
      assertTrue(rest.subList(0, rest.size() - 2).stream().allMatch(l -> l.contains("\"state\":\"RUNNING\"")),
          "before it, the same status told again at most (why it waits is read afresh), never an end: " + rest);
    }
  }
}
