package org.svdd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.svdd.api.JobSpecs;
import org.svdd.api.proto.JobSpec;
import picocli.CommandLine.Option;

/**
 * The job-spec flags shared by {@code sample} and {@code submit}: a spec file, then flags over it. What only a local run
 * chooses (model, batch limits; a service runs its own) is in {@link LocalRunOptions}.
 */
final class SpecOptions {
  @Option(names = "--spec", description = "Job spec in protobuf JSON (proto/svdd/v1/job.proto); flags override it.")
  Path specFile;

  @Option(names = "--task", description = "Task: trna, molecules, fashion or promoter (default: trna).")
  String task;

  @Option(names = "--name", description = "A label for the job, shown beside its id by svdd status and the dashboard; "
      + "need not be unique (at most 100 characters; default: none).")
  String name;

  @Option(names = "--reward", description = "Reward (default: the task's first): rna-mfe, cloverleaf or trna-cm for trna; qed, sa, vina-abl, "
      + "vina-aurka or your receptor as vina:RECEPTOR.pdbqt:X,Y,Z:SIZE_X,SIZE_Y,SIZE_Z for molecules; "
      + "jpeg-compressibility or class:<label> (e.g. class:sneaker) for fashion; promoter for promoter.")
  String reward;

  @Option(names = "--method", split = ",",
      description = "Method(s), comma-separated: pretrained, best-of-n, smc, svdd, svdd-r, fk, beam, tree (default: svdd).")
  List<String> methods;

  @Option(names = {"--particles", "-n"}, description = "N, samples per method (default: 16).")
  Integer particles;

  @Option(names = {"--candidates", "-m"}, description = "M: children per step (svdd, svdd-r, beam), N·M samples "
      + "(best-of-n, tree); pretrained, smc and fk draw one child and take none (default: 4).")
  Integer candidates;

  @Option(names = "--alpha", description = "Temperature; 0 = argmax (default: 0; 1 for smc).")
  Double alpha;

  @Option(names = "--steps", description = "T, denoising steps (default: 32).")
  Integer steps;

  @Option(names = "--seed", description = "Seed (default: 0).")
  Long seed;

  @Option(names = "--value", description = "Value estimator: pm, rollout or mc (a value network trained by svdd train-value; default: pm).")
  String value;

  @Option(names = "--rollouts", description = "K completions per child for --value rollout (default: 4).")
  Integer rollouts;

  @Option(names = "--ess-threshold", description = "SMC resamples when ESS < this x N (default: 0.5).")
  Double essThreshold;

  @Option(names = "--resampler", description = "SMC resampler: systematic or multinomial (default: systematic).")
  String resampler;

  @Option(names = "--replace-fraction",
      description = "svdd-r: share of the particles, the worst by value, replaced (default: 0.05).")
  Double replaceFraction;

  @Option(names = "--replace-every", description = "svdd-r: replace after every this many steps (default: 1).")
  Integer replaceEvery;

  @Option(names = "--potential",
      description = "fk: the Feynman-Kac potential of the values along a lineage: max, sum or difference (default: max).")
  String potential;

  @Option(names = "--beam-end-width",
      description = "beam: beam width after the last intermediate step, narrowing from N (default: N throughout).")
  Integer beamEndWidth;

  @Option(names = "--adaptive-probe",
      description = "svdd: draw this many children first at each guided step, more only where their values differ;"
          + " M per guided step is then a budget (default: off, M at every step).")
  Integer adaptiveProbe;

  @Option(names = "--guide-every", description = "Guide one step in this many, counting back from the last (default: 1).")
  Integer guideEvery;

  @Option(names = "--guide-last", description = "Guide only the last fraction of steps, in (0, 1] (default: 1).")
  Double guideLast;

  @Option(names = "--budget", description = "Oracle requests at most; pays for the last guided steps it can afford (default: no cap).")
  Long budget;

  @Option(names = "--oracle-seconds",
      description = "Oracle-seconds at most (docking slots busy, summed); once spent, svdd stops guiding, tree stops "
          + "searching, best-of-n keeps what is scored; the job says so (default: no cap).")
  Double oracleSeconds;

  @Option(names = "--row-budget",
      description = "Denoiser rows at most; pays for the last guided steps it can afford (default: no cap).")
  Long rowBudget;

  @Option(names = "--early-reward", description = "Cheaper reward valuing the guided steps before the last ones, e.g. qed before docking (default: none).")
  String earlyReward;

  @Option(names = "--late-fraction", description = "With --early-reward: the last fraction of the steps, in (0, 1], valued by the job's reward (default: 0.25); with --value mc: in [0, 1] (default: 0, the value network throughout).")
  Double lateFraction;

  JobSpec build() throws java.io.IOException {
    JobSpec.Builder b = JobSpec.newBuilder();
    if (specFile != null) {
      org.svdd.task.TextFiles.requireReadable(specFile, "job spec");
      if (Files.isDirectory(specFile)) {
        throw new IllegalArgumentException("job spec " + specFile + " is a directory; name a JSON file in it");
      }
      b.mergeFrom(JobSpecs.parseJson(Files.readString(specFile), specFile.toString()));
    }
    if (task != null) {
      b.setTask(task);
    }
    if (name != null) {
      b.setName(name);
    }
    if (reward != null) {
      b.setReward(reward);
    }
    if (methods != null) {
      b.setMethod(String.join(",", methods));
    }
    if (particles != null) {
      b.setParticles(particles);
    }
    if (candidates != null) {
      b.setCandidates(candidates);
    }
    if (alpha != null) {
      b.setAlpha(alpha);
    }
    if (steps != null) {
      b.setSteps(steps);
    }
    if (seed != null) {
      b.setSeed(seed);
    }
    if (value != null) {
      b.setValueEstimator(value);
    }
    if (rollouts != null) {
      b.setRollouts(rollouts);
    }
    if (essThreshold != null) {
      b.setEssThreshold(essThreshold);
    }
    if (resampler != null) {
      b.setResampler(resampler);
    }
    if (replaceFraction != null) {
      b.getReplacementBuilder().setFraction(replaceFraction);
    }
    if (replaceEvery != null) {
      b.getReplacementBuilder().setEvery(replaceEvery);
    }
    if (potential != null) {
      b.setPotential(potential);
    }
    if (beamEndWidth != null) {
      b.getBeamBuilder().setEndWidth(beamEndWidth);
    }
    if (adaptiveProbe != null) {
      b.getAdaptiveBuilder().setProbe(adaptiveProbe);
    }
    if (guideEvery != null) {
      b.getGuidanceBuilder().setEvery(guideEvery);
    }
    if (guideLast != null) {
      b.getGuidanceBuilder().setLastFraction(guideLast);
    }
    if (rowBudget != null) {
      b.getBudgetBuilder().setMaxDenoiserRows(rowBudget);
    }
    if (budget != null) {
      b.getBudgetBuilder().setMaxOracleRequests(budget);
    }
    if (oracleSeconds != null) {
      b.getBudgetBuilder().setMaxOracleSeconds(oracleSeconds);
    }
    if (earlyReward != null) {
      b.getEarlyValueBuilder().setReward(earlyReward);
    }
    if (lateFraction != null) {
      b.getEarlyValueBuilder().setLateFraction(lateFraction);
    }
    return b.build();
  }
}
