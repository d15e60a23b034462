package org.svdd.task;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.method.ValueEstimator;
import org.svdd.core.reward.DesignKeys;
import org.svdd.core.reward.RewardArchive;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;
import org.svdd.model.ValueNetwork;
import org.svdd.model.ValueNetworkOracle;
import org.svdd.oracle.CachingOracle;
import org.svdd.oracle.ContentDigest;

/**
 * A task's reward oracles, each started on first use (a docking pool costs nothing until a job docks)
 * and kept until closed. {@link #cached()} puts a deduplicating, archive-backed cache in front of each,
 * whose counts tell one run's oracle work apart from another's. A reward's value network (SVDD-MC,
 * asked as {@link ValueEstimator#valueNetworkOf}) is loaded from {@code value-<reward>} beside the
 * served model, and cached in memory only: it values noisy states, which no archive should keep.
 */
public final class TaskOracles implements AutoCloseable {
  private final DesignTask task;
  private final DesignCodec codec;
  private final Config config;
  private final RewardArchive archive;
  private final long cacheSize;
  private final String only;
  private final Path modelDir;
  private final Map<String, RewardOracle> opened = new LinkedHashMap<>();
  /** The oracles opened so far, readable without waiting for one that is opening. */
  private volatile List<RewardOracle> openedSoFar = List.of();
  /** The identity of each reward's oracle opened so far, by reward name, readable likewise. */
  private final Map<String, String> identities = new java.util.concurrent.ConcurrentSkipListMap<>();
  /** Told of each identity as it becomes known ({@link #onIdentified}). */
  private final List<java.util.function.BiConsumer<String, String>> identified =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param only the one reward these oracles score (a node started for one reward), or null for every
   *     reward the task accepts
   * @param modelDir the served model, beside which its value networks lie
   * @param archive durable answers; stepped aside for a while when its database fails ({@link
   *     org.svdd.oracle.PausingArchive})
   */
  public TaskOracles(DesignTask task, DesignCodec codec, Config config, RewardArchive archive, long cacheSize,
      String only, Path modelDir) {
    this.modelDir = modelDir;
    this.task = task;
    this.codec = codec;
    this.config = config;
    this.archive = archive == RewardArchive.NONE ? archive : new org.svdd.oracle.PausingArchive(archive);
    this.cacheSize = cacheSize;
    this.only = only == null ? null : task.checkReward(only);
  }

  /** The reward scored when a job names none: the only one, or the task's default. */
  public String defaultReward() {
    return only != null ? only : task.defaultReward();
  }

  /** The reward's name ("" is the default); fails naming it unless the task and these oracles score it. */
  public String check(String reward) {
    if (ValueEstimator.isValueNetwork(reward)) {
      return ValueEstimator.valueNetworkOf(check(ValueEstimator.estimated(reward)));
    }
    String name = task.checkReward(reward.isEmpty() ? defaultReward() : reward);
    if (only != null && !only.equals(name)) {
      throw new IllegalArgumentException("reward '" + name + "' is not scored by this service; it scores [" + only + "]");
    }
    return name;
  }

  /** The oracle for a reward, started now if this is its first use. */
  public synchronized RewardOracle oracle(String reward) {
    String name = check(reward);
    RewardOracle oracle = opened.get(name);
    if (oracle == null) {
      oracle = ValueEstimator.isValueNetwork(name) ? openValueNetwork(ValueEstimator.estimated(name))
          : task.openReward(name, codec, config);
      opened.put(name, oracle);
      openedSoFar = List.copyOf(opened.values());
      identify(name, oracle);
    }
    return oracle;
  }

  /**
   * Records the oracle's identity, asked now (a program's version, once) while opening is slow anyway; one that cannot
   * be told is left out, its reward's first score names why, and the next ask for that reward's oracle tries again
   * ({@link #identifyIfUnknown}).
   */
  private void identify(String name, RewardOracle oracle) {
    String identity;
    try {
      identity = oracle.identity();
    } catch (RuntimeException e) {
      return; // not known yet: scoring asks again, and fails naming the program
    }
    identities.put(name, identity);
    identified.forEach(listener -> listener.accept(name, identity));
  }

  /**
   * Tells {@code listener} of each reward's oracle identity (reward name, identity): those known now, at once, and each
   * told later as it becomes known, on opening or on a later ask after its program failed to say ({@link
   * #identifyIfUnknown}). A node's metrics name its oracles by it.
   */
  public void onIdentified(java.util.function.BiConsumer<String, String> listener) {
    identified.add(listener);
    identities.forEach(listener);
  }

  /** Asks the identity of the reward's oracle again if it is open and could not be told before; may wait for it. */
  private void identifyIfUnknown(String name) {
    if (identities.containsKey(name)) {
      return; // without the lock, which another reward's opening may hold for a minute
    }
    RewardOracle oracle;
    synchronized (this) {
      oracle = opened.get(name);
    }
    if (oracle != null) {
      identify(name, oracle);
    }
  }

  /**
   * The identity ({@link RewardOracle#identity}: program, version, every setting that changes a score) of each
   * reward's oracle opened so far, by reward name, in name order; never waits for one that is opening.
   */
  public Map<String, String> identities() {
    return java.util.Collections.unmodifiableMap(identities);
  }

  /** The programs of the oracles opened so far (one started at once for a node's only reward included). */
  public RewardOracle.Slots slots() {
    return openedSoFar.stream().map(RewardOracle::slots).reduce(RewardOracle.Slots.NONE, RewardOracle.Slots::plus);
  }

  /** The directory of a reward's value network: {@code value-<reward>} beside the model. */
  public Path valueNetworkDir(String reward) {
    return valueNetworkDir(modelDir, reward);
  }

  /** The directory of a reward's value network beside the model in {@code modelDir}: where sampling reads it. */
  public static Path valueNetworkDir(Path modelDir, String reward) {
    return modelDir.resolve("value-" + reward.replace(':', '-'));
  }

  private RewardOracle openValueNetwork(String reward) {
    checkValueNetwork(task, modelDir, reward, config);
    Path dir = valueNetworkDir(reward);
    return new ValueNetworkOracle(ValueNetwork.load(dir), "model " + ContentDigest.ofLoaded(dir));
  }

  /**
   * Fails, naming the problem and the command that mends it, unless the value network of {@code reward} lies beside
   * the model in {@code modelDir}, made for that reward, fitted to that model's rollouts, and to rewards scored by the
   * model that scores {@code reward} now (for a reward a model scores). Reads the network's properties alone, not its
   * weights: an api node checks a job's value network with it before accepting the job.
   */
  public static void checkValueNetwork(DesignTask task, Path modelDir, String reward, Config config) {
    Path dir = valueNetworkDir(modelDir, reward);
    String trainValue = "svdd train-value --task " + task.name() + " --reward " + reward
        + (modelDir.toAbsolutePath().normalize().equals(task.modelDir().toAbsolutePath().normalize()) ? ""
            : " --model " + modelDir);
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new IllegalArgumentException("value mc needs a value network for reward '" + reward + "' at " + dir
          + "; train one with: " + trainValue);
    }
    ValueNetwork.Provenance network = ValueNetwork.Provenance.read(dir);
    if (!network.reward().equals(reward)) {
      throw new IllegalArgumentException(dir + " holds the value network of reward '" + network.reward() + "', not '"
          + reward + "'");
    }
    String model = ContentDigest.ofLoaded(modelDir, ContentDigest::ofDenoiser);
    if (network.fittedTo().filter(fitted -> !fitted.equals(model)).isPresent()) {
      throw new IllegalArgumentException("the value network in " + dir + " was fitted to another model's rollouts "
          + "(weights " + network.fittedTo().get() + "; the model in " + modelDir + " is " + model + ", trained since or "
          + "copied from elsewhere): train it again for this model with: " + trainValue + " --replace");
    }
    java.util.Optional<String> scorer = task.rewardModel(reward, config).map(ContentDigest::ofLoaded);
    if (network.rewardModel().isPresent() && !network.rewardModel().equals(scorer)) {
      throw new IllegalArgumentException("the value network in " + dir + " was fitted to rewards another model scored ("
          + network.rewardModel().get() + "; reward '" + reward + "' is scored by " + scorer.orElse("no model")
          + " now, retrained since or configured elsewhere): train it again for this reward model with: " + trainValue
          + " --replace");
    }
  }

  /**
   * What makes two designs one answer, as {@link Cached} keys them: a reward's oracle answers a design's canonical
   * text (so a node that shares a request among reward nodes keeps two token strings of one molecule together); a
   * value network values the noisy state itself.
   */
  public static DesignKeys designKeys(DesignCodec codec) {
    return reward -> ValueEstimator.isValueNetwork(reward) ? design -> design : codec::text;
  }

  /** A fresh cache layer over these oracles. */
  public Cached cached() {
    return cached((reward, cache) -> {});
  }

  /** {@link #cached()}, telling {@code made} of each reward's cache as it is made (a node's metrics count its work). */
  public Cached cached(java.util.function.BiConsumer<String, CachingOracle> made) {
    return new Cached(made);
  }

  /** Closes the oracles, and saves what the archive held while its database failed (so close it before the store). */
  @Override
  public synchronized void close() {
    opened.values().forEach(RewardOracle::close);
    opened.clear();
    openedSoFar = List.of();
    identities.clear();
    if (archive instanceof org.svdd.oracle.PausingArchive pausing) {
      pausing.close();
    }
  }

  /** Caches in front of the task's oracles, one per reward, answering jobs by reward name. */
  public final class Cached implements RewardOracles, AutoCloseable {
    private final Map<String, CachingOracle> caches = new LinkedHashMap<>();
    private final java.util.function.BiConsumer<String, CachingOracle> made;

    private Cached(java.util.function.BiConsumer<String, CachingOracle> made) {
      this.made = made;
    }

    @Override
    public java.util.Optional<String> only() {
      return java.util.Optional.ofNullable(only);
    }

    /**
     * The cache in front of a reward's oracle; the oracle is opened (which may take a minute) outside this
     * object's lock, so its counts stay readable meanwhile.
     */
    @Override
    public RewardOracle forReward(String reward) {
      String name = check(reward);
      CachingOracle existing;
      synchronized (this) {
        existing = caches.get(name);
      }
      if (existing != null) {
        identifyIfUnknown(name); // asked to open again: a version that could not be told at first may be told now
        return existing;
      }
      RewardOracle opened = oracle(name);
      synchronized (this) {
        CachingOracle cache = caches.get(name);
        if (cache == null) {
          cache = ValueEstimator.isValueNetwork(name) ? new CachingOracle(opened, cacheSize)
              : new CachingOracle(opened, codec::text, archive, cacheSize);
          caches.put(name, cache);
          made.accept(name, cache);
        }
        return cache;
      }
    }

    /** The work done for one reward so far (zeros if it was never asked). */
    public synchronized CachingOracle.Stats stats(String reward) {
      CachingOracle cache = caches.get(check(reward));
      return cache == null ? new CachingOracle.Stats(0, 0, 0) : cache.stats();
    }

    /** Oracle processes restarted so far, over every reward. */
    public synchronized long restarts() {
      return caches.values().stream().mapToLong(CachingOracle::restarts).sum();
    }

    /** The programs of every reward's oracle opened so far, and how many are working now. */
    @Override
    public RewardOracle.Slots slots() {
      return TaskOracles.this.slots();
    }

    @Override
    public Map<String, String> identities() {
      return TaskOracles.this.identities();
    }

    /** Finishes queued archive saves; the oracles stay open. */
    @Override
    public synchronized void close() {
      List<CachingOracle> all = new ArrayList<>(caches.values());
      all.forEach(CachingOracle::close);
    }
  }
}
