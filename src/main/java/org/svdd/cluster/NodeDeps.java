package org.svdd.cluster;

import java.util.function.Supplier;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.reward.DesignKeys;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;

/**
 * What a node of the engine is built from; tests pass fakes here. A node without the denoiser role never calls
 * {@code denoiserFactory}, one without the reward role never uses {@code oracles}; a coordinator keeps the
 * designs of one key ({@code designKeys}, the reward nodes' cache keys) together when it shares a request among
 * reward nodes.
 */
public record NodeDeps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracles oracles,
    EngineSettings settings, WorkerStats stats, Checkpoints checkpoints, DesignKeys designKeys) {

  /** Deps whose designs are one only when equal (see {@link DesignKeys}). */
  public NodeDeps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracles oracles,
      EngineSettings settings, WorkerStats stats, Checkpoints checkpoints) {
    this(process, denoiserFactory, oracles, settings, stats, checkpoints, DesignKeys.IDENTITY);
  }

  /** Deps whose jobs keep no checkpoints. */
  public NodeDeps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracles oracles,
      EngineSettings settings, WorkerStats stats) {
    this(process, denoiserFactory, oracles, settings, stats, Checkpoints.NONE);
  }

  /** Deps of a node with one oracle answering every reward, keeping no checkpoints. */
  public NodeDeps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracle oracle,
      EngineSettings settings, WorkerStats stats) {
    this(process, denoiserFactory, RewardOracles.only(oracle), settings, stats, Checkpoints.NONE);
  }

  /** Deps of a node with one oracle answering every reward. */
  public NodeDeps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracle oracle,
      EngineSettings settings, WorkerStats stats, Checkpoints checkpoints) {
    this(process, denoiserFactory, RewardOracles.only(oracle), settings, stats, checkpoints);
  }
}
