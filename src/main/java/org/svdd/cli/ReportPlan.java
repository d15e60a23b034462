package org.svdd.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code svdd report} runs for one task: the reward, N, the M of the method comparison and the M of
 * the sweep, T, and the runs they make per seed: the paper's methods side by side, then SVDD-R and FK
 * steering (max potential) at the same settings; when the task's model has a
 * value network for the reward, SVDD-MC alone (one oracle call per design) and with the reward on the
 * last tenth of the steps, against SVDD-PM guiding only those steps (the same oracle calls, the paper's
 * Table 2 at equal budget); SVDD at each other M of the sweep, and Best-of-N at the M of its own sweep
 * (N·M samples, so its oracle calls per design reach past SVDD's), and tree search at those M above the
 * comparison's. Full settings fit this 2-core machine in
 * minutes per task; quick ones are a smoke run.
 */
record ReportPlan(String task, String reward, int particles, int candidates, int steps, List<Integer> sweep,
    List<Integer> bestOfNSweep) {
  static final String METHODS = "pretrained,best-of-n,svdd,smc";
  /** Methods beyond the paper's comparison, in a run of their own (so a report made before them resumes). */
  static final String BEYOND = "svdd-r,fk";
  /** Search methods, in a run of their own for the same reason. */
  static final String SEARCH = "beam";
  /** Children adaptive SVDD draws first at each guided step. */
  static final int ADAPTIVE_PROBE = 2;
  /** The share of the steps left to the reward in the equal-budget comparison of MC and PM. */
  static final double LATE = 0.1;

  /** Every task's plan, full or quick. */
  static List<ReportPlan> all(boolean quick) {
    if (quick) { // M = 3: adaptive SVDD's probe of two leaves it a child to spend where values spread
      return List.of(new ReportPlan("trna", "rna-mfe", 4, 3, 4, List.of(1, 2), List.of(4)),
          new ReportPlan("promoter", "promoter", 4, 3, 4, List.of(1, 2), List.of(4)),
          new ReportPlan("molecules", "qed", 4, 3, 4, List.of(1, 2), List.of(4)),
          new ReportPlan("fashion", "jpeg-compressibility", 4, 3, 4, List.of(1, 2), List.of(4)));
    }
    return List.of(new ReportPlan("trna", "rna-mfe", 32, 8, 48, List.of(1, 2, 4, 8, 16), List.of(2, 32, 128)),
        new ReportPlan("promoter", "promoter", 32, 8, 50, List.of(1, 2, 4, 8, 16), List.of(2, 32, 128)),
        new ReportPlan("molecules", "qed", 32, 8, 32, List.of(1, 2, 4, 8, 16), List.of(2, 32, 128)),
        new ReportPlan("fashion", "jpeg-compressibility", 16, 8, 25, List.of(1, 2, 4, 8), List.of(2, 32)));
  }

  /** One sample run: its label (a directory name) and its arguments beyond task, reward, N, T, seed and out. */
  record Run(String label, List<String> arguments) {}

  /** The runs of one seed; {@code mc} when the model has a value network for the reward. */
  List<Run> runs(boolean mc) {
    List<Run> out = new ArrayList<>();
    out.add(new Run("methods", List.of("--method", METHODS, "--candidates", Integer.toString(candidates))));
    out.add(new Run("beyond", List.of("--method", BEYOND, "--candidates", Integer.toString(candidates))));
    out.add(new Run("search", List.of("--method", SEARCH, "--candidates", Integer.toString(candidates))));
    out.add(new Run("tree", List.of("--method", "tree", "--candidates", Integer.toString(candidates))));
    out.add(new Run("svdd-adaptive", List.of("--method", "svdd", "--adaptive-probe", Integer.toString(ADAPTIVE_PROBE),
        "--candidates", Integer.toString(candidates))));
    if (mc) {
      String m = Integer.toString(candidates);
      out.add(new Run("svdd-mc", List.of("--method", "svdd", "--value", "mc", "--candidates", m)));
      out.add(new Run("svdd-mc-late10", List.of("--method", "svdd", "--value", "mc", "--late-fraction",
          Double.toString(LATE), "--candidates", m)));
      long lateSteps = (long) Math.ceil(LATE * steps);
      out.add(new Run("svdd-pm-late10", List.of("--method", "svdd", "--budget",
          Long.toString(lateSteps * particles * candidates), "--candidates", m)));
    }
    for (int m : sweep) {
      if (m != candidates) {
        out.add(new Run("svdd-m" + m, List.of("--method", "svdd", "--candidates", Integer.toString(m))));
      }
    }
    for (int m : bestOfNSweep) {
      if (m != candidates) {
        out.add(new Run("bon-m" + m, List.of("--method", "best-of-n", "--candidates", Integer.toString(m))));
      }
    }
    for (int m : bestOfNSweep) {
      if (m > candidates) {
        out.add(new Run("tree-m" + m, List.of("--method", "tree", "--candidates", Integer.toString(m))));
      }
    }
    return out;
  }

  /** The full argument list of a run. */
  List<String> arguments(Run run, long seed, java.nio.file.Path out) {
    List<String> args = new ArrayList<>(List.of("sample", "--task", task, "--reward", reward, "--particles",
        Integer.toString(particles), "--steps", Integer.toString(steps), "--seed", Long.toString(seed), "--out",
        out.toString()));
    args.addAll(run.arguments());
    return args;
  }
}
