package org.svdd.api.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.svdd.api.ApiPolicy;

/** The dashboard's JSON API over HTTP: the same validation, tokens and errors as the gRPC API. */
class DashboardApiTest {
  private static final String TOKEN = "s3cret-token-1";
  private static DashboardFixture service;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    service = new DashboardFixture(new ApiPolicy(TOKEN, 64, 8, 256, 8, Optional.empty(), Optional.empty()));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePage_isServedWithoutAToken_theApiIsNot() throws Exception {
    HttpResponse<String> page = call("GET", "", null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<script src=\"app.js\">"), page.body());
    assertEquals(200, call("GET", "app.js", null, null).statusCode());
    HttpResponse<String> none = call("GET", "api/jobs", null, null);
    assertEquals(401, none.statusCode());
    assertTrue(none.body().contains("missing bearer token"), none.body());
    HttpResponse<String> wrong = call("GET", "api/jobs", null, "not-the-token");
    assertEquals(401, wrong.statusCode());
    assertEquals("{\"error\":\"invalid bearer token\"}", wrong.body());
  }

  @Test
  void submit_watchEvents_results_overHttp() throws Exception {
    HttpResponse<String> submitted = call("POST", "api/jobs", "{\"method\":\"svdd\",\"particles\":4,\"candidates\":2,\"steps\":3,\"seed\":\"7\"}", TOKEN);
    assertEquals(200, submitted.statusCode(), submitted.body());
    String id = submitted.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> events = call("GET", "api/jobs/" + id + "/events", null, TOKEN);
    assertEquals("text/event-stream", events.headers().firstValue("content-type").orElse(""));
    String last = events.body().lines().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
    assertTrue(last.contains("\"state\":\"DONE\""), events.body());
    HttpResponse<String> samples = call("GET", "api/jobs/" + id + "/samples", null, TOKEN);
    assertEquals(4, samples.body().split("\"particle\"").length - 1, samples.body());
    assertTrue(samples.body().contains("\"structure\":\"("), samples.body());
    HttpResponse<String> designs = call("GET", "api/jobs/" + id.substring(0, 8) + "/designs", null, TOKEN);
    assertEquals(200, designs.statusCode(), designs.body());
    assertEquals("attachment; filename=svdd-" + id + ".fa",
        designs.headers().firstValue("content-disposition").orElse("").replace("\"", ""),
        "named by the start of its id, saved under its whole id");
    assertTrue(designs.headers().firstValue("content-type").orElse("").startsWith("text/plain"), designs.headers().toString());
    java.util.List<String> records = designs.body().lines().toList();
    assertEquals(8, records.size(), "a name line and a sequence line per sample, in the task's format: " + designs.body());
    for (int i = 0; i < 8; i += 2) {
      assertTrue(records.get(i).matches(">svdd-[0-3] reward=\\d+\\.\\d\\d") && records.get(i + 1).matches("[ABC]{0,4}"),
          designs.body());
    }
    assertTrue(call("GET", "api/jobs", null, TOKEN).body().contains(id));
    String history = call("GET", "api/jobs/" + id + "/history", null, TOKEN).body();
    java.util.List<Long> steps = java.util.regex.Pattern.compile("\"stepsDone\":\"(\\d+)\"").matcher(history).results()
        .map(m -> Long.parseLong(m.group(1))).toList();
    assertTrue(steps.size() >= 2, "the job's progress as it went: " + history);
    assertEquals(steps.stream().sorted().toList(), steps, "oldest first");
    assertEquals(409, call("POST", "api/jobs/" + id + "/cancel", null, TOKEN).statusCode(), "an ended job cannot be cancelled");
    HttpResponse<String> deleted = call("POST", "api/jobs/" + id + "/delete", null, TOKEN);
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertTrue(deleted.body().contains("\"state\":\"DONE\""), "its last status: " + deleted.body());
    assertEquals(404, call("GET", "api/jobs/" + id, null, TOKEN).statusCode(), "gone");
    assertEquals(404, call("GET", "api/jobs/" + id.substring(0, 8), null, TOKEN).statusCode(), "by the start of its id too");
  }

  @Test
  void delete_ofARunningJob_isAConflict() throws Exception {
    HttpResponse<String> submitted = call("POST", "api/jobs", "{\"particles\":4,\"steps\":250}", TOKEN);
    String id = submitted.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> refused = call("POST", "api/jobs/" + id + "/delete", null, TOKEN);
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("cancel it first, then delete it once it has ended"), refused.body());
    HttpResponse<String> designs = call("GET", "api/jobs/" + id.substring(0, 8) + "/designs", null, TOKEN);
    assertEquals(409, designs.statusCode(), "no designs before the job is done: " + designs.body());
    assertTrue(designs.body().startsWith("{\"error\":"), designs.body());
    call("POST", "api/jobs/" + id + "/cancel", null, TOKEN);
  }

  @Test
  void badInput_getsAClearErrorNamingTheField() throws Exception {
    HttpResponse<String> negative = call("POST", "api/jobs", "{\"particles\":-3}", TOKEN);
    assertEquals(400, negative.statusCode());
    assertEquals("{\"error\":\"particles must be between 1 and 4096, got -3\"}", negative.body());
    HttpResponse<String> overLimit = call("POST", "api/jobs", "{\"particles\":100}", TOKEN);
    assertEquals(400, overLimit.statusCode());
    assertTrue(overLimit.body().contains("100"), overLimit.body());
    HttpResponse<String> garbled = call("POST", "api/jobs", "{\"particels\":4}", TOKEN);
    assertEquals(400, garbled.statusCode());
    assertTrue(garbled.body().contains("not a valid svdd.v1.JobSpec") && garbled.body().contains("particels"), garbled.body());
    assertEquals(404, call("GET", "api/jobs/no-such-job", null, TOKEN).statusCode());
    assertEquals(404, call("GET", "api/jobs/no-such-job/events", null, TOKEN).statusCode());
    assertEquals(404, call("GET", "api/jobs/no-such-job/designs", null, TOKEN).statusCode());
  }

  @Test
  void pictures_whereTheTaskDrawsThem() throws Exception {
    HttpResponse<String> drawn = call("GET", "api/picture?design=ABBA", null, TOKEN);
    assertEquals(200, drawn.statusCode());
    assertEquals("image/svg+xml", drawn.headers().firstValue("content-type").orElse(""));
    assertEquals(404, call("GET", "api/picture?design=CCC", null, TOKEN).statusCode());
  }

  @Test
  void aTakenPort_isRefusedInOneLineNamingTheOption() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> new DashboardServer("127.0.0.1", service.server.port(), service.registry, ApiPolicy.open(), "abc",
            java.util.List.of("count-c"), d -> Optional.empty(), new DashboardServer.DesignFile("fa", (n, t) -> t)));
    assertEquals("cannot serve the dashboard on 127.0.0.1:" + service.server.port()
        + ": the port is taken (choose another with --dashboard-port, or -1 for none)", e.getMessage());
  }

  @Test
  void jobs_pageNewestFirst_withATokenToTheNextPage() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> job = call("POST", "api/jobs", "{\"particles\":1,\"steps\":1,\"candidates\":1}", TOKEN);
      assertEquals(200, job.statusCode(), job.body());
      call("GET", "api/jobs/" + job.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1") + "/events", null, TOKEN);
    }
    String first = call("GET", "api/jobs?page_size=2", null, TOKEN).body();
    assertEquals(2, first.split("\"jobId\"").length - 1, first);
    // protobuf's JSON escapes '=' as \u003d; a page passes the token on URL-encoded
    String token = first.replaceAll(".*\"nextPageToken\":\"([^\"]*)\".*", "$1").replace("\\u003d", "=");
    assertTrue(!token.isEmpty(), first);
    String next = call("GET", "api/jobs?page_size=2&page_token="
        + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8), null, TOKEN).body();
    assertTrue(next.contains("\"jobId\""), next);
    String[] pieces = first.split("\"jobId\":\"");
    for (int i = 1; i < pieces.length; i++) {
      String id = pieces[i].substring(0, pieces[i].indexOf('"'));
      assertTrue(!next.contains(id), "job " + id + " on two pages: " + next);
    }
    assertEquals(400, call("GET", "api/jobs?page_size=many", null, TOKEN).statusCode());
  }

  @Test
  void nodes_listTheClustersMembers() throws Exception {
    HttpResponse<String> job = call("POST", "api/jobs", "{\"particles\":1,\"steps\":1,\"candidates\":1}", TOKEN);
    call("GET", "api/jobs/" + job.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1") + "/events", null, TOKEN);
    HttpResponse<String> nodes = call("GET", "api/nodes", null, TOKEN);
    assertEquals(200, nodes.statusCode(), nodes.body());
    assertTrue(nodes.body().matches("\\{\"nodes\":\\[\\{\"address\":\"127\\.0\\.0\\.1:\\d+\",\"roles\":"
        + "\\[\"api\",\"coordinator\",\"denoiser\",\"reward\"\\],\"rewards\":\\[\\],\"status\":\"Up\","
        + "\"reachable\":true,"
        + "\"answering\":true,\"load\":\\{\"jobs\":\\d+,\"queuedRows\":\\d+,\"rows\":\"\\d+\",\"runningDesigns\":\\d+,"
        + "\"waitingDesigns\":\\d+,\"designs\":\"\\d+\",\"loadAverage\":[0-9.E-]+,\"cores\":\\d+,\"busySlots\":0,"
        + "\"slots\":0,\"oracles\":\\{\"count-c\":\"FoldingOracleFake\"}}}]}"), "the oracle a job opened too: " + nodes.body());
    assertEquals(401, call("GET", "api/nodes", null, null).statusCode(), "with tokens, for token holders only");
  }

  @Test
  void jobs_inSomeStates_only() throws Exception {
    HttpResponse<String> job = call("POST", "api/jobs", "{\"particles\":1,\"steps\":1,\"candidates\":1}", TOKEN);
    String id = job.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
    call("GET", "api/jobs/" + id + "/events", null, TOKEN);
    String done = call("GET", "api/jobs?state=running,Done", null, TOKEN).body();
    assertTrue(done.contains(id), done);
    assertTrue(!done.matches("(?s).*\"state\":\"(QUEUED|FAILED|CANCELLED)\".*"), done);
    String queued = call("GET", "api/jobs?state=queued", null, TOKEN).body();
    assertTrue(!queued.contains(id), queued);
    HttpResponse<String> typo = call("GET", "api/jobs?state=dne", null, TOKEN);
    assertEquals(400, typo.statusCode());
    assertEquals("{\"error\":\"state: 'dne' is not a job state; allowed: queued, running, done, failed, cancelled\"}",
        typo.body());
  }

  @Test
  void jobs_whoseNameHoldsSomeText_only() throws Exception {
    String tag = "api-" + System.nanoTime();
    HttpResponse<String> job = call("POST", "api/jobs", "{\"particles\":1,\"steps\":1,\"candidates\":1,\"name\":\""
        + tag + " Ähnlich 50%\"}", TOKEN);
    String id = job.body().replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
    call("GET", "api/jobs/" + id + "/events", null, TOKEN);
    String named = call("GET", "api/jobs?name=" + tag + "%20%C3%A4hnlich%2050%25&state=done", null, TOKEN).body();
    assertTrue(named.matches("\\{\"jobs\":\\[\\{\"jobId\":\"" + id + "\".*"), "the job alone, found in any case: " + named);
    assertEquals(1, named.split("\"jobId\"").length - 1, named);
    String other = call("GET", "api/jobs?name=" + tag + "%20%C3%A4hnlich%205_%25", null, TOKEN).body();
    assertEquals("{\"jobs\":[],\"nextPageToken\":\"\"}", other, "an underscore is no wildcard");
  }
}
