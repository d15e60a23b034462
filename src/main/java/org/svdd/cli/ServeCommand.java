package org.svdd.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.svdd.api.ApiPolicy;
import org.svdd.api.ApiServer;
import org.svdd.api.JobLeases;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.api.dashboard.DashboardServer;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.Roles;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.method.Checkpoints;
import org.svdd.store.JdbcJobStore;
import org.svdd.core.reward.RewardOracles;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;
import org.svdd.task.TaskOracles;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code svdd serve}: runs one cluster node with the chosen roles until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a cluster node: roles api (gRPC job API), coordinator, denoiser, reward; all by default.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--roles", split = ",", defaultValue = "${env:SVDD_ROLES:-api,coordinator,denoiser,reward}",
      description = "Roles of this node (env SVDD_ROLES; default: ${DEFAULT-VALUE}).")
  List<String> roles;

  @Option(names = "--host", defaultValue = "${env:SVDD_HOST:-127.0.0.1}",
      description = "Cluster address of this node (env SVDD_HOST; default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:SVDD_PORT:-25520}",
      description = "Cluster port, 0 for any free one (env SVDD_PORT; default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--seed-nodes", split = ",", defaultValue = "${env:SVDD_SEED_NODES:-}",
      description = "host:port of seed nodes, comma-separated (env SVDD_SEED_NODES); none: form a new cluster.")
  List<String> seedNodes;

  @Option(names = "--api-host", defaultValue = "${env:SVDD_API_HOST:-127.0.0.1}",
      description = "Address the gRPC API listens on (env SVDD_API_HOST; default: ${DEFAULT-VALUE}).")
  String apiHost;

  @Option(names = "--api-port", defaultValue = "${env:SVDD_API_PORT:-50051}",
      description = "gRPC API port, 0 for any free one (env SVDD_API_PORT; default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(names = "--store-url", defaultValue = "${env:SVDD_STORE_URL:-}",
      description = "JDBC URL of the job store (env SVDD_STORE_URL; default: svdd.store.url, an H2 file in ~/.svdd).")
  String storeUrl;

  @Option(names = "--metrics-port", defaultValue = "${env:SVDD_METRICS_PORT:--1}",
      description = "Serve Prometheus metrics at http://<api-host>:PORT/metrics; 0 for any free port (env SVDD_METRICS_PORT; default: off).")
  int metricsPort;

  @Option(names = "--dashboard-port", defaultValue = "${env:SVDD_DASHBOARD_PORT:-8080}",
      description = "Port of the web dashboard on api nodes, on the api host (env SVDD_DASHBOARD_PORT; negative: off; default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(names = "--task", defaultValue = "trna", description = "Task served: trna, molecules, fashion or promoter (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--reward", description = "The one reward this node scores and jobs may ask for, its oracle started and checked now (default: every reward of the task, each oracle started on first use).")
  String reward;

  @Option(names = "--model", description = "Model directory (default: the task's bundled model).")
  Path model;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    checkAddresses();
    DesignTask designTask = TaskRegistry.named(task, Home.dir());
    String defaultReward = designTask.checkReward(reward == null ? designTask.defaultReward() : reward);
    Path modelDir = model == null ? designTask.modelDir() : model;
    ModelFiles.Description description = ModelFiles.describe(modelDir);
    designTask.checkModel(modelDir, description.process());
    DesignCodec codec = designTask.codec(description.process());
    Config config = nodeConfig(designTask.name() + " model " + org.svdd.oracle.ContentDigest.ofModel(modelDir));
    EngineSettings settings = EngineSettings.from(config);
    ApiPolicy policy = ApiPolicy.from(config);
    checkPortsFree();
    List<AutoCloseable> resources = new ArrayList<>();
    Supplier<Denoiser> denoisers = () -> {
      throw new IllegalStateException("this node has no denoiser role");
    };
    if (roles.contains(Roles.DENOISER)) {
      DiffusionModel loaded = ModelFiles.load(modelDir);
      resources.add(loaded);
      denoisers = () -> loaded.newDenoiser(settings.microBatch());
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JdbcJobStore store = null;
    if (roles.contains(Roles.API) || roles.contains(Roles.COORDINATOR) || roles.contains(Roles.REWARD)) {
      store = JdbcJobStore.openWhenUp(storeUrl.isBlank() ? config.getString("svdd.store.url") : storeUrl,
          config.getString("svdd.store.user"), config.getString("svdd.store.password"), startWait(config),
          ServeCommand::say);
    }
    RewardOracles oracles = null;
    if (roles.contains(Roles.REWARD)) {
      TaskOracles opened = new TaskOracles(designTask, codec, config, store.rewardArchive(), settings.cacheSize(), reward,
          modelDir);
      TaskOracles.Cached cached = OracleMeters.counted(opened, meters);
      resources.add(cached);
      resources.add(opened);
      oracles = cached;
      if (reward != null) {
        // a node started for one reward opens it now: a docking target it cannot use stops the node, not each job
        try {
          opened.oracle(reward);
        } catch (RuntimeException e) {
          closeAll(resources);
          store.close();
          throw e;
        }
      }
      OracleMeters.registerNode(meters, cached);
    }
    if (store != null) {
      resources.add(store);
    }
    NodeDeps deps = new NodeDeps(description.process(), denoisers, oracles, settings,
        new WorkerStats(meters), store == null ? Checkpoints.NONE : store.checkpoints(), TaskOracles.designKeys(codec));
    SamplingEngine engine = SamplingEngine.start(deps, config);
    registerClusterMeters(meters, engine);
    ApiServer api;
    try {
      api = serveEdges(engine, designTask, defaultReward, codec, store, policy, meters, config, resources);
    } catch (RuntimeException | java.io.IOException | LinkageError e) {
      // a port taken, a missing class: nothing half-started may keep the store locked or the process alive
      shutdown(null, engine, resources);
      throw e;
    }
    ApiServer server = api;
    String self = engine.address().toString();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // stopped here (SIGTERM, Ctrl-C): said in the node's log, so that a clean stop reads apart from a kill -9
      boolean running = !engine.whenTerminated().toCompletableFuture().isDone();
      if (running) {
        say(String.format("node %s stopping: %sleaving the cluster", self,
            server == null ? "" : "closing its job API and "));
      }
      shutdown(server, engine, resources);
      if (running) {
        say("node " + self + " stopped");
      }
    }));
    List<String> seeds = seedNodes.stream().filter(s -> !s.isBlank()).map(String::strip).toList();
    say(String.format("node %s started with roles %s%s; %s", engine.address(), roles,
        server == null ? "" : ", job API on " + apiHost + ":" + server.port(),
        seeds.isEmpty() ? "forming a cluster of its own" : "joining the cluster of " + String.join(", ", seeds)));
    // no member count: at this moment this node's view may not yet show the members already up
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
    engine.whenUp(() -> {
      up.set(true);
      say("node " + engine.address() + " is up in the cluster");
    });
    // a node forming a cluster of its own (no seeds) waits for nobody: no watch (a null resource is skipped)
    List<String> otherSeeds = seeds.stream().filter(s -> !s.equals(host + ":" + port)).toList();
    try (NotJoinedYet waiting = seeds.isEmpty() ? null : new NotJoinedYet(self, otherSeeds.isEmpty() ? seeds : otherSeeds,
        () -> up.get() || engine.whenTerminated().toCompletableFuture().isDone(), ServeCommand::say,
        NotJoinedYet.FIRST, NotJoinedYet.EVERY)) {
      engine.whenTerminated().toCompletableFuture().join();
    }
    java.util.Optional<String> why = engine.stoppedByCluster();
    if (why.isPresent()) {
      say("node " + engine.address() + " stopped: " + why.get());
      return 1;
    }
    return 0;
  }

  /**
   * Says {@code line} in the node's log as "svdd: line", after the time when the logged lines carry one (as serve has
   * them do, {@link Main#LOG_TIME}), so that the node's own lines (started, up, stopping) read in order with them.
   */
  static void say(String line) {
    System.err.println(timeNow() + "svdd: " + line);
  }

  /** The time as the logged lines show it, and a space; empty when they show none. */
  private static String timeNow() {
    if (!Boolean.getBoolean(Main.LOG_TIME)) {
      return "";
    }
    try {
      return new java.text.SimpleDateFormat(System.getProperty(Main.LOG_TIME_FORMAT, Main.ISO_TIME))
          .format(new java.util.Date()) + " ";
    } catch (IllegalArgumentException badFormat) {
      return "";
    }
  }

  /** What an api node says of the unfinished jobs it took back at start: those resumed, and each it could not. */
  static List<String> recoveryLines(JobRegistry.Recovery recovered) {
    List<String> lines = new ArrayList<>();
    if (recovered.resumed() > 0) {
      lines.add("resuming " + recovered.resumed() + " unfinished job(s) from their checkpoints");
    }
    recovered.ended().forEach((id, why) -> lines.add("job " + id + " could not be resumed and ended FAILED: " + why));
    return lines;
  }

  /**
   * The cluster as this node sees it: {@code svdd_cluster_members} Up, and {@code svdd_cluster_unreachable}, members
   * it cannot reach (a node killed or cut off, until it is downed): what an alert on a lost node watches.
   */
  static void registerClusterMeters(io.micrometer.core.instrument.MeterRegistry meters, SamplingEngine engine) {
    meters.gauge("svdd.cluster.members", engine, SamplingEngine::membersUp);
    meters.gauge("svdd.cluster.unreachable", engine,
        e -> e.members().stream().filter(n -> !n.reachable()).count());
  }

  /** The metrics endpoint, and on api nodes the job registry, the gRPC API and the dashboard; the API, if any. */
  private ApiServer serveEdges(SamplingEngine engine, DesignTask designTask, String defaultReward, DesignCodec codec,
      JdbcJobStore store, ApiPolicy policy, PrometheusMeterRegistry meters, Config config, List<AutoCloseable> resources)
      throws java.io.IOException {
    if (metricsPort >= 0) {
      MetricsEndpoint endpoint = new MetricsEndpoint(apiHost, metricsPort, meters);
      resources.add(endpoint);
      say("metrics on http://" + apiHost + ":" + endpoint.port() + "/metrics");
    }
    ApiServer api = null;
    if (roles.contains(Roles.API)) {
      ServedTask servedTask = servedTask(designTask, model == null ? designTask.modelDir() : model, reward,
          defaultReward, codec, config);
      // the lease owner: this node's cluster host and api port, the same after a restart of the node
      JobRegistry registry = new JobRegistry(engine, servedTask, Clock.systemUTC(), store,
          policy, meters, JobLeases.from(config, "api@" + host + ":" + apiPort));
      resources.add(0, registry);
      recoveryLines(registry.recover()).forEach(ServeCommand::say);
      api = new ApiServer(apiHost, apiPort, registry, policy);
      resources.add(0, api);
      ApiServer served = api;
      java.util.concurrent.ScheduledExecutorService chores = java.util.concurrent.Executors
          .newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "svdd-api-chores");
            t.setDaemon(true);
            return t;
          });
      chores.scheduleWithFixedDelay(() -> served.setServing(engine.canRunJobs()), 0, 1,
          java.util.concurrent.TimeUnit.SECONDS);
      resources.add(chores::shutdownNow);
      java.time.Duration keep = keepEnded(config);
      if (!keep.isZero()) {
        chores.scheduleWithFixedDelay(() -> deleteEnded(registry, keep), 0, 1, java.util.concurrent.TimeUnit.MINUTES);
        say("ended jobs are deleted " + shortly(keep) + " after they end (svdd.store.keep-ended)");
      }
      if (dashboardPort >= 0) {
        DashboardServer dashboard = new DashboardServer(apiHost, dashboardPort, registry, policy, designTask.name(),
            servedTask.rewards(), design -> designTask.depictionSvg(design)
                .map(svg -> new DashboardServer.Picture("image/svg+xml", svg.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
            new DashboardServer.DesignFile(designTask.designExtension(), designTask::designRecord));
        resources.add(0, dashboard);
        say("dashboard on http://" + apiHost + ":" + dashboard.port() + "/");
      }
    }
    return api;
  }

  /** How long ended jobs are kept ({@code svdd.store.keep-ended}); zero keeps them until deleted. */
  static java.time.Duration keepEnded(Config config) {
    return zeroOrMore(config, "svdd.store.keep-ended", "keep every job", "30d");
  }

  /** How long a node waits for a job store that does not answer yet ({@code svdd.store.start-wait}). */
  static java.time.Duration startWait(Config config) {
    return zeroOrMore(config, "svdd.store.start-wait", "do not wait", "60s");
  }

  /** The duration at {@code key}, refused naming the key when negative; {@code zero} says what 0 means. */
  private static java.time.Duration zeroOrMore(Config config, String key, String zero, String example) {
    java.time.Duration d = config.getDuration(key);
    if (d.isNegative()) {
      throw new IllegalArgumentException(key + " must be 0 (" + zero + ") or a positive duration such as " + example
          + ", got " + config.getValue(key).unwrapped());
    }
    return d;
  }

  /** A duration as 720h, 90m, 45s. */
  static String shortly(java.time.Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  private static void deleteEnded(JobRegistry registry, java.time.Duration keep) {
    try {
      int removed = registry.deleteEndedBefore(keep);
      if (removed > 0) {
        say("deleted " + removed + " job(s) that ended more than " + shortly(keep) + " ago");
      }
    } catch (RuntimeException e) {
      say("could not delete old jobs this time: " + e.getMessage());
    }
  }

  /**
   * What the api accepts: the one reward {@code only} (of {@code --reward}), or every reward the task does when null; a
   * job steered by a value network only if this node has it beside the served model in {@code modelDir} (where the
   * reward nodes read it), made for that model; its jobs record the served model's digest; a tree search is refused
   * when its tree would not fit in this node's heap with the model's states ({@link org.svdd.api.TreeMemory}).
   */
  static ServedTask servedTask(DesignTask designTask, Path modelDir, String only, String defaultReward,
      DesignCodec codec, Config config) {
    List<String> rewards = new ArrayList<>(List.of(defaultReward));
    ServedTask served;
    if (only == null) {
      designTask.rewards().stream().filter(r -> !r.equals(defaultReward)).forEach(rewards::add);
      served = new ServedTask(designTask.name(), rewards, codec, designTask::checkReward);
    } else {
      served = new ServedTask(designTask.name(), rewards, codec);
    }
    return served.withModelDigest(org.svdd.oracle.ContentDigest.ofLoaded(modelDir,
        org.svdd.oracle.ContentDigest::ofDenoiser)).withPositions(ModelFiles.describe(modelDir).process().length())
        .withValueNetworkCheck(valueReward -> {
          try {
            TaskOracles.checkValueNetwork(designTask, modelDir, valueReward, config);
          } catch (org.svdd.model.InvalidModelException e) {
            throw new IllegalStateException(e.getMessage(), e); // the served files, not the job, are at fault
          }
        });
  }

  /** @param served the task and model this node serves, which every node of its cluster must share */
  private Config nodeConfig(String served) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("svdd.roles", roles);
    overrides.put(org.svdd.cluster.ServedModelCheck.KEY, served);
    overrides.put("pekko.remote.artery.canonical.hostname", host);
    overrides.put("pekko.remote.artery.canonical.port", port);
    overrides.put("pekko.cluster.seed-nodes",
        seedNodes.stream().filter(s -> !s.isBlank()).map(s -> "pekko://svdd@" + s.trim()).toList());
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
  }

  /**
   * Refuses a port out of range, a seed node that is not host:port, or the api's ports named on the command line of a
   * node without the api role (which would serve neither), before anything starts.
   */
  private void checkAddresses() {
    if (!roles.contains(Roles.API)) {
      for (String option : List.of("--api-port", "--dashboard-port")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new IllegalArgumentException(option + " is for a node with the api role; this node's roles are " + roles
              + ": leave it out");
        }
      }
    }
    port("--port", port, 0);
    port("--api-port", apiPort, 0);
    port("--metrics-port", metricsPort, Integer.MIN_VALUE);
    port("--dashboard-port", dashboardPort, Integer.MIN_VALUE);
    List<String> seeds = seedNodes.stream().filter(s -> !s.isBlank()).toList();
    if (!seeds.isEmpty()) {
      ApiAddresses.parse("--seed-nodes", String.join(",", seeds));
    }
  }

  /**
   * Before the model loads and before any job is taken over: a node started on a running node's api port would
   * take that node's job leases (named by host and api port) as its own previous life's.
   */
  private void checkPortsFree() {
    PortProbe.requireFree(host, port, "join the cluster", "--port", "0 for any free one");
    if (roles.contains(Roles.API)) {
      PortProbe.requireFree(apiHost, apiPort, "serve the API", "--api-port", "0 for any free one");
      PortProbe.requireFree(apiHost, dashboardPort, "serve the dashboard", "--dashboard-port", "-1 for none");
    }
    PortProbe.requireFree(apiHost, metricsPort, "serve metrics", "--metrics-port", "-1 for none");
  }

  /** A port up to 65535, 0 for any free one; below {@code min} refused (the optional ones are off when negative). */
  private static void port(String option, int value, int min) {
    if (value < min || value > 65535) {
      throw new IllegalArgumentException(option + " must be " + (min == 0 ? "0 (any free port)" : "negative (off), 0 "
          + "(any free port)") + " or a port up to 65535, got " + value);
    }
  }

  private static void shutdown(ApiServer api, SamplingEngine engine, List<AutoCloseable> resources) {
    try {
      if (api != null) {
        api.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.close();
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // shutting down
      }
    }
  }
}
