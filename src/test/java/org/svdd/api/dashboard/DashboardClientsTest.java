package org.svdd.api.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.svdd.api.ApiPolicy;

/**
 * Without tokens, dashboard callers are clients as gRPC callers are: each names itself by {@code X-Svdd-Client} or
 * is known by its address, and has its own quota of unfinished jobs (one here), not one quota for every browser.
 */
class DashboardClientsTest {
  private static final String LONG_JOB = "{\"particles\":2,\"candidates\":2,\"steps\":4096}";
  private static DashboardFixture service;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> submitted = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    service = new DashboardFixture(new ApiPolicy("", 64, 8, 4096, 1, Optional.empty(), Optional.empty()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (String id : submitted) {
      post("api/jobs/" + id + "/cancel", null, null);
    }
    service.close();
  }

  private static HttpResponse<String> post(String path, String body, String client) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(Duration.ofSeconds(60))
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (client != null) {
      b.header(DashboardServer.CLIENT_ID, client);
    }
    HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 200 && path.equals("api/jobs")) {
      submitted.add(response.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1"));
    }
    return response;
  }

  @Test
  void eachNamedClientAndEachAddress_hasItsOwnQuota() throws Exception {
    assertEquals(200, post("api/jobs", LONG_JOB, "alice").statusCode());
    HttpResponse<String> again = post("api/jobs", LONG_JOB, "alice");
    assertEquals(429, again.statusCode(), again.body());
    assertTrue(again.body().contains("alice"), "the refusal names the client: " + again.body());
    assertEquals(200, post("api/jobs", LONG_JOB, "bob").statusCode(), "another named client has a quota of its own");
    assertEquals(200, post("api/jobs", LONG_JOB, null).statusCode(), "an unnamed caller is its address");
    HttpResponse<String> sameAddress = post("api/jobs", LONG_JOB, " ");
    assertEquals(429, sameAddress.statusCode(), "a blank name is no name: " + sameAddress.body());
    assertTrue(sameAddress.body().contains("127.0.0.1"), sameAddress.body());
  }
}
