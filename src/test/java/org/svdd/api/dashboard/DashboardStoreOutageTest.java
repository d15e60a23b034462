package org.svdd.api.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.ApiPolicy;
import org.svdd.store.JdbcJobStore;

/**
 * While the job store's database does not answer, the dashboard's API says 503 with what is wrong (as gRPC says
 * UNAVAILABLE), not 500, so a client knows to try again; once it is back, the same request is taken.
 */
class DashboardStoreOutageTest {
  @TempDir Path dir;

  @Test
  void submitWhileTheStoreIsDown_is503_andTakenOnceItIsBack() throws Exception {
    Server database = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
    int port = database.getPort();
    JdbcJobStore store = JdbcJobStore.open("jdbc:h2:tcp://127.0.0.1:" + port + "/jobs", "sa", "", Duration.ofMillis(500));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (DashboardFixture service = new DashboardFixture(ApiPolicy.open(), store)) {
      HttpRequest submit = HttpRequest.newBuilder(URI.create(service.url() + "api/jobs")).timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.ofString("{\"particles\":2,\"candidates\":2,\"steps\":2}")).build();
      HttpRequest list = HttpRequest.newBuilder(URI.create(service.url() + "api/jobs")).timeout(Duration.ofSeconds(60))
          .GET().build();
      database.stop();
      HttpResponse<String> refused = http.send(submit, HttpResponse.BodyHandlers.ofString());
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.body().startsWith("{\"error\":\"the job store does not answer"), refused.body());
      HttpResponse<String> listing = http.send(list, HttpResponse.BodyHandlers.ofString());
      assertEquals(503, listing.statusCode(), listing.body());
      database = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
          .start();
      HttpResponse<String> taken = http.send(submit, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, taken.statusCode(), taken.body());
      assertTrue(taken.body().contains("\"jobId\""), taken.body());
    } finally {
      store.close();
      database.stop();
    }
  }
}
