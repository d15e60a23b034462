package org.svdd.api.dashboard;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;
import org.svdd.api.ApiPolicy;
import org.svdd.api.JobRegistry;
import org.svdd.api.JobStates;
import org.svdd.api.JobWatcher;
import org.svdd.api.LimitExceededException;
import org.svdd.api.SampleRecords;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.ListJobsResponse;
import org.svdd.api.proto.ListNodesResponse;
import org.svdd.api.proto.SampleRecord;

/**
 * The web dashboard of an api node (pekko-http): the page and its assets from the jar, and a small JSON
 * API over the same {@link JobRegistry} the gRPC service uses, so submissions meet the same validation,
 * limits and per-client quotas. With tokens configured every API call needs
 * {@code Authorization: Bearer <token>}, and the token names the client, as on gRPC; without tokens a caller
 * names itself by an {@code X-Svdd-Client} header, else is known by its address (its quota is shared with its gRPC
 * calls).
 *
 * <pre>
 * GET  /                         the page (index.html, app.js, style.css)
 * GET  /api/task                 {"task": name, "rewards": [...]}
 * GET  /api/nodes                ListNodesResponse: the cluster's members as this node sees them
 * GET  /api/jobs                 ListJobsResponse (newest first; ?page_size= (50), ?page_token=, ?state=running,queued,
 *                                ?name= (the jobs whose name contains it, in any case))
 * POST /api/jobs                 body: a JobSpec in protobuf's JSON → JobStatus
 * GET  /api/jobs/ID              JobStatus
 * GET  /api/jobs/ID/events       text/event-stream of JobStatus until the job ends (the events WatchJob sends)
 * GET  /api/jobs/ID/samples      {"samples": [SampleRecord...]}
 * GET  /api/jobs/ID/designs      the samples as the task's design file (FASTA; SMILES lines for molecules), as an
 *                                attachment svdd-ID.EXT: what svdd results prints
 * GET  /api/jobs/ID/history      {"statuses": [JobStatus...]}: its progress so far, as this node saw it
 * POST /api/jobs/ID/cancel       JobStatus
 * POST /api/jobs/ID/delete       JobStatus (its last), once the job has ended; the job and its samples are removed
 * GET  /api/picture?design=TEXT  a design drawn by the task (a molecule's 2-D depiction), 404 if it draws none
 * </pre>
 * Errors answer {"error": message} with 400 (bad input), 401 (token), 403 (another client's job), 404, 409 (job
 * ended, or not yet for a delete) or 429 (quota).
 */
public final class DashboardServer extends AllDirectives implements AutoCloseable {

  /** A design drawn as a picture: its media type ("image/svg+xml", "image/png") and bytes. */
  public record Picture(String mediaType, byte[] bytes) {}

  /**
   * The served task's design file: its extension without the dot ("fa", "smi") and one design as a record of it,
   * newline included, given the design's name and text.
   */
  public record DesignFile(String extension, BinaryOperator<String> record) {}

  /** Statuses a slow page may fall behind by before the newest are dropped (a job sends about a hundred). */
  private static final int EVENTS_BUFFERED = 1024;
  /** The type of the last event of a job deleted before its end reached this node; its data says so. */
  static final String DELETED_EVENT = "deleted";
  /** The header a client names itself by when no tokens are configured (gRPC's {@code x-svdd-client}). */
  static final String CLIENT_ID = "X-Svdd-Client";
  private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace()
      .includingDefaultValueFields();
  private final JobRegistry registry;
  private final ApiPolicy policy;
  private final String task;
  private final List<String> rewards;
  private final Function<String, Optional<Picture>> pictures;
  private final DesignFile designFile;
  private final ActorSystem system;
  private final ServerBinding binding;

  /**
   * Binds {@code host:port} (0: any free port) on an actor system of its own.
   *
   * @param pictures draws a design of the served task, or nothing
   * @param designFile how the served task writes its designs to a file, for their download
   */
  public DashboardServer(String host, int port, JobRegistry registry, ApiPolicy policy, String task, List<String> rewards,
      Function<String, Optional<Picture>> pictures, DesignFile designFile) {
    this.registry = registry;
    this.policy = policy;
    this.task = task;
    this.rewards = List.copyOf(rewards);
    this.pictures = pictures;
    this.designFile = designFile;
    // a local system: the node's cluster configuration has no business here
    // (the remote-address attribute tells a caller without a token by its address)
    this.system = ActorSystem.create("svdd-dashboard", ConfigFactory.parseString("pekko.loglevel = OFF\n"
        + "pekko.stdout-loglevel = OFF\npekko.http.server.remote-address-attribute = on")
        .withFallback(ConfigFactory.defaultReference()));
    try {
      this.binding = Http.get(system).newServerAt(host, port).bind(routes()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      system.terminate();
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof java.net.BindException)) {
        cause = cause.getCause();
      }
      throw new IllegalStateException("cannot serve the dashboard on " + host + ":" + port + ": "
          + (cause instanceof java.net.BindException ? "the port is taken (choose another with --dashboard-port, or -1 for none)"
              : cause.getMessage()), e);
    }
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  Route routes() {
    return concat(
        pathSingleSlash(() -> getFromResource("dashboard/index.html", ContentTypes.TEXT_HTML_UTF8)),
        path("app.js", () -> getFromResource("dashboard/app.js",
            ContentTypes.create(MediaTypes.APPLICATION_JAVASCRIPT, HttpCharsets.UTF_8))),
        path("style.css", () -> getFromResource("dashboard/style.css")),
        pathPrefix("api", () -> authorised(this::api)));
  }

  private Route api(String client) {
    return concat(
        path("task", () -> get(() -> json(this::taskJson))),
        path("nodes", () -> get(() -> json(() -> print(ListNodesResponse.newBuilder().addAllNodes(registry.nodes()))))),
        path("picture", () -> get(() -> parameter("design", this::picture))),
        path("jobs", () -> concat(
            get(() -> parameterOptional("page_token", token -> parameterOptional("page_size",
                size -> parameterOptional("state", state -> parameterOptional("name", name -> json(() ->
                    jobsPage(token.orElse(""), size.orElse("50"), state.orElse(""), name.orElse("")))))))),
            post(() -> entity(Unmarshaller.entityToString(),
                body -> json(() -> print(registry.submit(spec(body), client))))))),
        pathPrefix("jobs", () -> pathPrefix(PathMatchers.segment(), id -> job(id, client))));
  }

  /** The routes of the job that {@code idOrPrefix} names: its id, or the start of it, as on gRPC. */
  private Route job(String idOrPrefix, String client) {
    String id;
    try {
      id = registry.resolve(idOrPrefix);
    } catch (RuntimeException e) {
      return failure(e);
    }
    return jobOf(id, client);
  }

  private Route jobOf(String id, String client) {
    return concat(
        pathEnd(() -> get(() -> json(() -> print(registry.get(id))))),
        path("events", () -> get(() -> events(id))),
        path("samples", () -> get(() -> json(() -> samples(registry.results(id))))),
        path("designs", () -> get(() -> designs(id))),
        path("history", () -> get(() -> json(() -> statuses(registry.history(id))))),
        path("cancel", () -> post(() -> json(() -> print(registry.cancel(id))))),
        path("delete", () -> post(() -> json(() -> print(registry.delete(id, client))))));
  }

  private String taskJson() {
    return "{\"task\":" + quote(task) + ",\"rewards\":[" + String.join(",", rewards.stream().map(DashboardServer::quote).toList())
        + "]}";
  }

  /**
   * A page of jobs; {@code states}, comma-separated, narrows it to the jobs in those states, {@code name} to those whose
   * name contains it ("" for every job).
   */
  private String jobsPage(String token, String size, String states, String name) {
    int pageSize;
    try {
      pageSize = Integer.parseInt(size);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("page_size must be a whole number, got '" + size + "'");
    }
    java.util.Set<JobState> wanted;
    try {
      wanted = states.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(JobStates.parse(List.of(states.split(","))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("state: " + e.getMessage());
    }
    JobRegistry.Page page = registry.list(pageSize, token, wanted, name);
    return print(ListJobsResponse.newBuilder().addAllJobs(page.jobs()).setNextPageToken(page.nextToken()));
  }

  /** The caller's IP address (the connection's, not a forwarding header's), "unknown" if the server was not told it. */
  private static String addressOf(org.apache.pekko.http.javadsl.model.HttpRequest request) {
    return request.getAttribute(org.apache.pekko.http.javadsl.model.AttributeKeys.remoteAddress)
        .flatMap(org.apache.pekko.http.javadsl.model.RemoteAddress::getAddress)
        .map(java.net.InetAddress::getHostAddress).orElse("unknown");
  }

  /** The route inside, given the calling client; 401 when tokens are configured and none (or a wrong one) is given. */
  private Route authorised(Function<String, Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      if (policy.clients().isEmpty()) {
        // as on gRPC: without tokens a client names itself, else is known by its address
        return optionalHeaderValueByName(CLIENT_ID, named -> extractRequest(request -> inner.apply(
            named.filter(name -> !name.isBlank()).orElseGet(() -> addressOf(request)))));
      }
      String given = header.orElse("");
      if (!given.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return error(StatusCodes.UNAUTHORIZED, "missing bearer token (Authorization: Bearer <token>)");
      }
      String client = policy.clientOf(given.substring(7).trim());
      return client == null ? error(StatusCodes.UNAUTHORIZED, "invalid bearer token") : inner.apply(client);
    });
  }

  private Route picture(String design) {
    Optional<Picture> drawn;
    try {
      drawn = pictures.apply(design);
    } catch (RuntimeException e) {
      return error(StatusCodes.BAD_REQUEST, "cannot draw this design: " + e.getMessage());
    }
    return drawn.<Route>map(p -> complete(HttpResponse.create().withEntity(HttpEntities.create(
            ContentTypes.parse(p.mediaType()), p.bytes()))))
        .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no picture of this design: task " + task
            + " draws none, or this design cannot be drawn"));
  }

  /** The job's statuses as server-sent events, from its current one until it ends (or the page goes away). */
  private Route events(String id) {
    JobStatus first;
    try {
      first = registry.get(id);
    } catch (RuntimeException e) {
      return failure(e);
    }
    // a bounded queue that many threads may offer to at once (the registry tells watchers from its own threads)
    var pair = Source.<ServerSentEvent>queue(EVENTS_BUFFERED).preMaterialize(system);
    BoundedSourceQueue<ServerSentEvent> queue = pair.first();
    JobWatcher watcher = new JobWatcher() {
      @Override
      public void accept(JobStatus status) {
        queue.offer(ServerSentEvent.create(print(status)));
        if (JobRegistry.ended(status.getState())) {
          queue.complete();
        }
      }

      @Override
      public void deleted(String why) { // an event of its own type, which the page shows as an error
        queue.offer(ServerSentEvent.create(why, DELETED_EVENT));
        queue.complete();
      }
    };
    Source<ServerSentEvent, NotUsed> stream = pair.second()
        .keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat)
        .watchTermination((notUsed, done) -> {
          done.whenComplete((d, e) -> registry.unwatch(id, watcher));
          return NotUsed.getInstance();
        });
    if (JobRegistry.ended(first.getState())) {
      watcher.accept(first);
    } else {
      registry.watch(id, watcher);
    }
    return completeOK(stream, EventStreamMarshalling.toEventStream());
  }

  /** A finished job's designs as a file of the task's format, for the browser to save; the error as JSON otherwise. */
  private Route designs(String id) {
    String text;
    try {
      text = SampleRecords.designFile(registry.results(id), designFile.record());
    } catch (RuntimeException e) {
      return failure(e);
    }
    return complete(HttpResponse.create()
        .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
            java.util.Map.of("filename", "svdd-" + id + "." + designFile.extension())))
        .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, text)));
  }

  private static JobSpec spec(String body) {
    JobSpec.Builder b = JobSpec.newBuilder();
    try {
      JsonFormat.parser().merge(body, b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("the job spec is not a valid svdd.v1.JobSpec in JSON: " + e.getMessage());
    }
    return b.build();
  }

  private static String samples(List<SampleRecord> records) {
    return array("samples", records);
  }

  private static String statuses(List<JobStatus> statuses) {
    return array("statuses", statuses);
  }

  /** {"name": [message, ...]} */
  private static String array(String name, List<? extends MessageOrBuilder> messages) {
    StringBuilder s = new StringBuilder("{" + quote(name) + ":[");
    for (int i = 0; i < messages.size(); i++) {
      s.append(i == 0 ? "" : ",").append(print(messages.get(i)));
    }
    return s.append("]}").toString();
  }

  /** 200 with the JSON {@code body} computes, or the error it throws as a status and {"error": message}. */
  private Route json(Supplier<String> body) {
    String text;
    try {
      text = body.get();
    } catch (RuntimeException e) {
      return failure(e);
    }
    return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, text)));
  }

  private Route failure(RuntimeException e) {
    StatusCode status = e instanceof LimitExceededException ? StatusCodes.TOO_MANY_REQUESTS
        : e instanceof IllegalArgumentException ? StatusCodes.BAD_REQUEST
        : e instanceof NoSuchElementException ? StatusCodes.NOT_FOUND
        : e instanceof org.svdd.core.method.StoreUnavailableException ? StatusCodes.SERVICE_UNAVAILABLE
        : e instanceof IllegalStateException ? StatusCodes.CONFLICT
        : e instanceof SecurityException ? StatusCodes.FORBIDDEN
        : StatusCodes.INTERNAL_SERVER_ERROR;
    return error(status, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private Route error(StatusCode status, String message) {
    String clipped = message.length() > 512 ? message.substring(0, 512) + "…" : message;
    return complete(HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"error\":" + quote(clipped) + "}")));
  }

  private static String print(MessageOrBuilder message) {
    try {
      return JSON.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static String quote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  @Override
  public void close() {
    try {
      binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    } finally {
      system.terminate();
    }
  }
}
