package org.svdd.core.method;

import java.util.ArrayList;
import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;

/**
 * The reference sampler: one thread, every particle advanced in lockstep, the denoiser called in batches
 * of at most {@code maxBatch} rows and the oracle called synchronously once per round, which is the
 * shape of the published research code. It defines the samples the actor engine must reproduce exactly
 * and is the baseline its benchmarks are measured against.
 */
public final class SequentialSampler {
  private final DiffusionProcess process;
  private final Denoiser denoiser;
  private final RewardOracles oracles;
  private final int maxBatch;
  private final boolean everyCandidate;

  /** Samples and the work it took. */
  public record Result(List<Sample> samples, long denoisedRows, long scoredDesigns) {}

  public SequentialSampler(DiffusionProcess process, Denoiser denoiser, RewardOracles oracles, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    this.process = process;
    this.denoiser = denoiser;
    this.oracles = oracles;
    this.maxBatch = maxBatch;
    this.everyCandidate = false;
  }

  private SequentialSampler(SequentialSampler from) {
    this.process = from.process;
    this.denoiser = from.denoiser;
    this.oracles = from.oracles;
    this.maxBatch = from.maxBatch;
    this.everyCandidate = true;
  }

  /**
   * This sampler asking its oracle for the design of every child it values, repeats within a particle's step
   * included, as the published code docks each candidate; the samples are the same (oracles are deterministic).
   */
  public SequentialSampler scoringEveryCandidate() {
    return new SequentialSampler(this);
  }

  /** A sampler whose one oracle answers every reward the plan names. */
  public SequentialSampler(DiffusionProcess process, Denoiser denoiser, RewardOracle oracle, int maxBatch) {
    this(process, denoiser, RewardOracles.only(oracle), maxBatch);
  }

  public Result run(SamplingPlan plan) {
    if (plan.method() == Method.TREE) {
      return runTree(plan);
    }
    List<Trajectory> population = PopulationStep.initial(plan, process);
    long rows = 0;
    long designs = 0;
    for (int step = 0; step < plan.steps(); step++) {
      List<ParticleStep> machines = new ArrayList<>();
      List<ParticleStep.Need> needs = new ArrayList<>();
      for (Trajectory t : population) {
        ParticleStep machine = new ParticleStep(plan, process, t);
        machines.add(machine);
        needs.add(machine.start());
      }
      while (needs.stream().anyMatch(n -> !(n instanceof ParticleStep.Done))) {
        rows += answerPredictions(machines, needs, plan);
        designs += answerScores(machines, needs);
      }
      population = new ArrayList<>();
      List<Trajectory> alternatives = new ArrayList<>();
      for (ParticleStep.Need n : needs) {
        population.add(((ParticleStep.Done) n).next());
        alternatives.addAll(((ParticleStep.Done) n).alternatives());
      }
      if (plan.barrierEveryStep()) {
        population = PopulationStep.atBarrier(population, alternatives, plan, step + 1);
      }
    }
    return new Result(PopulationStep.finish(population, plan), rows, designs);
  }

  /** Tree search: M rounds of N rollouts, each round's paths added to the tree in rollout order. */
  private Result runTree(SamplingPlan plan) {
    SearchTree tree = new SearchTree(plan, process);
    long rows = 0;
    long designs = 0;
    int n = plan.particles();
    for (int number = 0; number < plan.candidates(); number++) {
      SearchRound round = new SearchRound(tree, number);
      List<Trajectory> rollouts = new ArrayList<>(round.rollouts());
      while (rollouts.stream().anyMatch(t -> !t.finished(plan.steps()))) {
        List<Integer> running = new ArrayList<>();
        List<ParticleStep> machines = new ArrayList<>();
        List<ParticleStep.Need> needs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          if (!rollouts.get(k).finished(plan.steps())) {
            running.add(k);
            ParticleStep machine = new ParticleStep(plan, process, rollouts.get(k));
            machines.add(machine);
            needs.add(machine.start());
          }
        }
        while (needs.stream().anyMatch(x -> !(x instanceof ParticleStep.Done))) {
          rows += answerPredictions(machines, needs, plan);
          designs += answerScores(machines, needs);
        }
        for (int i = 0; i < running.size(); i++) {
          Trajectory next = ((ParticleStep.Done) needs.get(i)).next();
          rollouts.set(running.get(i), next);
          round.step(next);
        }
      }
    }
    return new Result(tree.samples(n), rows, designs);
  }

  private long answerPredictions(List<ParticleStep> machines, List<ParticleStep.Need> needs, SamplingPlan plan) {
    List<DenoiseInput> inputs = new ArrayList<>();
    for (ParticleStep.Need n : needs) {
      if (n instanceof ParticleStep.Predict p) {
        for (State s : p.states()) {
          inputs.add(new DenoiseInput(s, p.time()));
        }
      }
    }
    float[][] outputs = new float[inputs.size()][];
    int microBatch = denoiser.microBatchFor(plan.denoiseRows());
    for (int from = 0; from < inputs.size(); from += maxBatch) {
      List<DenoiseInput> chunk = inputs.subList(from, Math.min(inputs.size(), from + maxBatch));
      float[][] out = denoiser.predict(chunk, microBatch);
      System.arraycopy(out, 0, outputs, from, out.length);
    }
    int offset = 0;
    for (int i = 0; i < needs.size(); i++) {
      if (needs.get(i) instanceof ParticleStep.Predict p) {
        float[][] mine = new float[p.states().size()][];
        System.arraycopy(outputs, offset, mine, 0, mine.length);
        offset += mine.length;
        needs.set(i, machines.get(i).onPredictions(mine));
      }
    }
    return inputs.size();
  }

  /** One synchronous oracle call per reward named this round. */
  private long answerScores(List<ParticleStep> machines, List<ParticleStep.Need> needs) {
    java.util.Map<String, List<State>> byReward = new java.util.LinkedHashMap<>();
    for (ParticleStep.Need n : needs) {
      if (n instanceof ParticleStep.Score s) {
        byReward.computeIfAbsent(s.reward(), r -> new ArrayList<>()).addAll(asked(s));
      }
    }
    java.util.Map<String, java.util.Iterator<Reward>> answers = new java.util.HashMap<>();
    long designs = 0;
    for (var e : byReward.entrySet()) {
      answers.put(e.getKey(), oracles.forReward(e.getKey()).score(e.getValue()).toCompletableFuture().join().iterator());
      designs += e.getValue().size();
    }
    for (int i = 0; i < needs.size(); i++) {
      if (needs.get(i) instanceof ParticleStep.Score s) {
        java.util.Iterator<Reward> it = answers.get(s.reward());
        java.util.Map<State, Reward> byDesign = new java.util.HashMap<>();
        for (State design : asked(s)) {
          byDesign.put(design, it.next());
        }
        needs.set(i, machines.get(i).onRewards(s.designs().stream().map(byDesign::get).toList()));
      }
    }
    return designs;
  }

  private List<State> asked(ParticleStep.Score s) {
    return everyCandidate ? s.candidates() : s.designs();
  }
}
