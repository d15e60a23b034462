package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.svdd.api.proto.Budget;
import org.svdd.api.proto.JobSpec;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;

class JobSpecsTest {

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> names() {
    String hundred = "0123456789".repeat(10);
    String oneLine = "name must be one line of text, without control characters; got ";
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("abl docking, run 3", null),
        org.junit.jupiter.params.provider.Arguments.of("\u03a9 \ud83d\ude00 ligand", null),
        org.junit.jupiter.params.provider.Arguments.of(hundred, null),
        org.junit.jupiter.params.provider.Arguments.of("\ud83d\ude00".repeat(100), null),
        org.junit.jupiter.params.provider.Arguments.of(hundred + "x", "name must be at most 100 characters, got 101"),
        org.junit.jupiter.params.provider.Arguments.of("two\nlines", oneLine + "U+000A at character 4"),
        org.junit.jupiter.params.provider.Arguments.of("tab\there", oneLine + "U+0009 at character 4"),
        org.junit.jupiter.params.provider.Arguments.of("\ud83d\ude00\u0007", oneLine + "U+0007 at character 2"));
  }

  /** A job's name is one line of at most 100 characters (code points: an emoji is one); anything else is refused. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("names")
  void name_isOneLineOfAtMostAHundredCharacters(String name, String refusal) {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setName(name).build(), "rna-mfe");
    if (refusal == null) {
      JobSpecs.checkNew(spec, Method.SVDD);
      assertEquals(name, spec.getName(), "kept as given");
      return;
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecs.checkNew(spec, Method.SVDD));
    assertEquals(refusal, e.getMessage());
  }

  @Test
  void budget_paysForTheLastGuidedStepsItCanAfford() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder()
        .setParticles(4).setCandidates(4).setSteps(32)
        .setBudget(Budget.newBuilder().setMaxOracleRequests(50)).build(), "r");
    SamplingPlan plan = JobSpecs.toPlan(spec, Method.SVDD);
    assertEquals(16, plan.oracleRequestsPerGuidedStep());
    assertEquals(3, plan.guidedSteps(), "50 requests pay for three guided steps of 4 x 4");
    assertTrue(plan.guides(31) && plan.guides(29) && !plan.guides(28));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecs.toPlan(
        spec.toBuilder().setBudget(Budget.newBuilder().setMaxOracleRequests(10)).build(), Method.SVDD));
    assertEquals("budget.max_oracle_requests = 10 cannot pay for one guided step of 16 oracle requests", e.getMessage());
    assertEquals(32, JobSpecs.toPlan(spec, Method.PRETRAINED).steps(), "4 final samples fit in 50");
  }

  @Test
  void anEarlyRewardThatIsTheJobsReward_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecs.toPlan(JobSpecs.withDefaults(
        JobSpec.newBuilder().setReward("rna-mfe").setEarlyValue(org.svdd.api.proto.EarlyValue.newBuilder()
            .setReward("rna-mfe")).build(), "rna-mfe"), Method.SVDD));
    assertTrue(e.getMessage().startsWith("early_value.reward is the job's reward 'rna-mfe': an early reward is a cheaper "
        + "one"), e.getMessage());
  }

  /** Spelled twice, or once in capitals: the same method, whose second run would only repeat the first. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"svdd,svdd", "svdd,smc,SVDD", "pretrained, pretrained"})
  void aMethodNamedTwice_isRefusedNamingIt(String methods) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobSpecs.withDefaults(JobSpec.newBuilder().setMethod(methods).build(), "r"));
    assertTrue(e.getMessage().matches("method names (svdd|pretrained) more than once; a method runs once per job .*"),
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"best-of-n, 50, 12", "tree, 50, 12", "tree, 400, 16", "best-of-n, 4, 1"})
  void oracleBudget_lowersTheMOfMethodsThatDrawNTimesM(String method, long budget, int expectedM) {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setParticles(4).setCandidates(16).setSteps(8)
        .setBudget(Budget.newBuilder().setMaxOracleRequests(budget)).build(), "r");
    SamplingPlan plan = JobSpecs.toPlan(spec, Method.parse(method));
    assertEquals(expectedM, plan.candidates());
    assertTrue(plan.trajectories() <= budget, plan.trajectories() + " oracle calls for a budget of " + budget);
  }

  @Test
  void oracleBudget_belowOneSamplePerParticle_isRefused() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setParticles(4).setCandidates(16).setSteps(8)
        .setBudget(Budget.newBuilder().setMaxOracleRequests(3)).build(), "r");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecs.toPlan(spec, Method.TREE));
    assertEquals("budget.max_oracle_requests = 3 cannot pay for one set of final samples of 4 oracle requests",
        e.getMessage());
  }

  @Test
  void rowBudget_paysForTheLastGuidedStepsItCanAfford_andTheSmallerOfTwoBudgetsHolds() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder()
        .setParticles(4).setCandidates(4).setSteps(32)
        .setBudget(Budget.newBuilder().setMaxDenoiserRows(4 * 32 + 40)).build(), "r");
    SamplingPlan plan = JobSpecs.toPlan(spec, Method.SVDD);
    assertEquals(3, plan.guidedSteps(), "128 rows for the chain, 40 more pay for three guided steps of 4 x 3 extra rows");
    assertTrue(plan.guides(31) && plan.guides(29) && !plan.guides(28));
    JobSpec both = spec.toBuilder().setBudget(Budget.newBuilder().setMaxDenoiserRows(4 * 32 + 40).setMaxOracleRequests(32))
        .build();
    assertEquals(2, JobSpecs.toPlan(both, Method.SVDD).guidedSteps(), "32 oracle requests pay for two steps only");
    assertEquals(32, JobSpecs.toPlan(spec, Method.SMC).guidedSteps(), "smc's one child costs no extra row");
    IllegalArgumentException chain = assertThrows(IllegalArgumentException.class, () -> JobSpecs.toPlan(
        spec.toBuilder().setBudget(Budget.newBuilder().setMaxDenoiserRows(100)).build(), Method.SVDD));
    assertEquals("budget.max_denoiser_rows = 100 cannot pay for the 128 rows of 4 trajectories of 32 steps",
        chain.getMessage());
    assertEquals(1, JobSpecs.toPlan(spec, Method.BEST_OF_N).candidates(), "168 rows pay for 4 x 1 chains of 32 steps");
    IllegalArgumentException bestOfN = assertThrows(IllegalArgumentException.class, () -> JobSpecs.toPlan(
        spec.toBuilder().setBudget(Budget.newBuilder().setMaxDenoiserRows(100)).build(), Method.BEST_OF_N));
    assertTrue(bestOfN.getMessage().contains("cannot pay for the 128 rows of 4 trajectories"), bestOfN.getMessage());
    IllegalArgumentException step = assertThrows(IllegalArgumentException.class, () -> JobSpecs.toPlan(
        spec.toBuilder().setBudget(Budget.newBuilder().setMaxDenoiserRows(130)).build(), Method.SVDD));
    assertEquals("budget.max_denoiser_rows = 130 cannot pay for one guided step: 128 rows for the chain and 12 more "
        + "per guided step", step.getMessage());
  }

  @Test
  void earlyValue_setsTheRewardScheduleWithItsDefaultLateFraction() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setReward("vina-abl").setSteps(8)
        .setEarlyValue(org.svdd.api.proto.EarlyValue.newBuilder().setReward("qed")).build(), "qed");
    SamplingPlan plan = JobSpecs.toPlan(spec, Method.SVDD);
    assertEquals(new org.svdd.core.method.RewardSchedule("vina-abl", "qed", 0.25), plan.rewards());
    assertEquals("qed", plan.rewardAt(5));
    assertEquals("vina-abl", plan.rewardAt(6));
    assertEquals("vina-abl", plan.rewardAt(8), "the final samples carry the job's reward");
    assertEquals(org.svdd.core.method.RewardSchedule.of("r"),
        JobSpecs.toPlan(JobSpecs.withDefaults(JobSpec.getDefaultInstance(), "r"), Method.SVDD).rewards());
  }

  @Test
  void withDefaults_methodInAnyCase_isCanonicalised() {
    assertEquals("svdd,best-of-n", JobSpecs.withDefaults(JobSpec.newBuilder().setMethod("SVDD, Best-Of-N").build(), "r")
        .getMethod());
  }

  /** One method's option, set away from its default for methods none of which reads it, is refused naming it. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "svdd | ess_threshold 0.3 | ess_threshold is for methods that weight particles (smc, fk); svdd takes none",
      "svdd,best-of-n | resampler multinomial | resampler is for methods that weight particles (smc, fk); svdd, "
          + "best-of-n take none",
      "'' | resampler Multinomial | resampler is for methods that weight particles (smc, fk); svdd takes none",
      "smc | replacement.fraction 0.1 | replacement.fraction is for method svdd-r; smc takes none",
      "beam | replacement.every 2 | replacement.every is for method svdd-r; beam takes none",
      "svdd | rollouts 8 | rollouts is for value estimator rollout; pm takes none",
      "best-of-n,pretrained | alpha 0.5 | alpha is for methods that choose by soft value (smc, svdd, svdd-r, fk, tree; "
          + "beam with value estimator rollout); best-of-n, pretrained take none",
      "beam | alpha 1 | alpha is for methods that choose by soft value (smc, svdd, svdd-r, fk, tree; beam with value "
          + "estimator rollout); beam takes none",
      "smc,fk | rollouts 2 | rollouts is for value estimator rollout; pm takes none",
      "svdd | value_estimator PM rollouts 2 | rollouts is for value estimator rollout; pm takes none",
      "svdd | value_estimator guess rollouts 2 | unknown value estimator 'guess'; allowed: [pm, rollout, mc]",
      "smc | candidates 8 | candidates is for methods that draw M children per step or N·M samples (best-of-n, svdd, "
          + "svdd-r, beam, tree); smc takes none",
      "pretrained,fk | candidates 1 | candidates is for methods that draw M children per step or N·M samples "
          + "(best-of-n, svdd, svdd-r, beam, tree); pretrained, fk take none"})
  void anOptionNoNamedMethodReads_isRefusedNamingWhoReadsIt(String methods, String option, String refusal) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobSpecs.withDefaults(withOption(JobSpec.newBuilder().setMethod(methods), option).build(), "r"));
    assertEquals(refusal, e.getMessage());
  }

  /** The same options pass where a named method reads them, and at their defaults anywhere. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "smc | ess_threshold 0.3", "svdd,fk | resampler multinomial", "svdd-r | replacement.fraction 0.1",
      "svdd,svdd-r | replacement.every 2", "svdd | value_estimator rollout rollouts 8",
      "svdd | ess_threshold 0.5", "best-of-n | resampler systematic", "svdd | replacement.fraction 0.05",
      "beam | replacement.every 1", "pretrained | rollouts 4", "tree | alpha 0.5", "best-of-n,svdd-r | alpha 0.5",
      "beam | value_estimator rollout alpha 0.5", "best-of-n | alpha 0", "svdd | value_estimator Rollout rollouts 8",
      "smc | candidates 4", "pretrained,best-of-n | candidates 8", "fk,svdd-r | candidates 2", "beam | candidates 3",
      "tree | candidates 2", "smc,svdd | candidates 8"})
  void anOptionANamedMethodReads_orAtItsDefault_passes(String methods, String option) {
    JobSpec spec = JobSpecs.withDefaults(withOption(JobSpec.newBuilder().setMethod(methods), option).build(), "r");
    for (String method : spec.getMethod().split(",")) {
      JobSpecs.toPlan(JobSpecs.forMethod(spec, Method.parse(method), java.util.List.of()), Method.parse(method));
    }
  }

  /** A stored job's spec, every field filled in (svdd status prints it for --spec), is accepted as a new job again. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"pretrained", "best-of-n", "smc", "svdd", "svdd-r", "fk",
      "beam", "tree"})
  void aStoredSpec_submittedAgain_isTheSameSpec(String method) {
    JobSpec stored = JobSpecs.withDefaults(JobSpec.newBuilder().setMethod(method).build(), "r");
    assertEquals(stored, JobSpecs.withDefaults(stored, "r"));
  }

  /** {@code builder} with "field value" pairs of {@code options} set. */
  private static JobSpec.Builder withOption(JobSpec.Builder b, String options) {
    String[] words = options.split(" ");
    for (int i = 0; i < words.length; i += 2) {
      String value = words[i + 1];
      switch (words[i]) {
        case "candidates" -> b.setCandidates(Integer.parseInt(value));
        case "ess_threshold" -> b.setEssThreshold(Double.parseDouble(value));
        case "resampler" -> b.setResampler(value);
        case "replacement.fraction" -> b.getReplacementBuilder().setFraction(Double.parseDouble(value));
        case "replacement.every" -> b.getReplacementBuilder().setEvery(Integer.parseInt(value));
        case "rollouts" -> b.setRollouts(Integer.parseInt(value));
        case "alpha" -> b.setAlpha(Double.parseDouble(value));
        case "value_estimator" -> b.setValueEstimator(value);
        default -> throw new IllegalArgumentException(words[i]);
      }
    }
    return b;
  }

  /** A comparison gives beam its end width, fk its potential and svdd its probe, and the other methods none. */
  @Test
  void forMethod_aComparisonGivesEachOptionToTheMethodsThatTakeIt() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setMethod("svdd,beam,fk,best-of-n").setParticles(4)
        .setCandidates(4).setPotential("sum").setBeam(org.svdd.api.proto.Beam.newBuilder().setEndWidth(2))
        .setAdaptive(org.svdd.api.proto.Adaptive.newBuilder().setProbe(2)).build(), "r");
    java.util.List<Method> compared = java.util.List.of(Method.SVDD, Method.BEAM, Method.FK, Method.BEST_OF_N);
    java.util.function.Function<Method, SamplingPlan> plan = m -> JobSpecs.toPlan(JobSpecs.forMethod(spec, m, compared), m);
    assertEquals(2, plan.apply(Method.BEAM).beam().endWidth());
    assertEquals(org.svdd.core.method.Potential.SUM, plan.apply(Method.FK).potential());
    assertEquals(2, plan.apply(Method.SVDD).adaptive().probe());
    assertEquals(org.svdd.core.method.BeamSchedule.CONSTANT, plan.apply(Method.SVDD).beam());
    assertEquals(org.svdd.core.method.Potential.DIFFERENCE, plan.apply(Method.BEAM).potential());
    assertEquals(org.svdd.core.method.AdaptiveCandidates.OFF, plan.apply(Method.FK).adaptive());
    assertEquals(org.svdd.core.method.AdaptiveCandidates.OFF, plan.apply(Method.BEST_OF_N).adaptive());
    // one that no compared method takes stays, to be refused
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecs.toPlan(
        JobSpecs.forMethod(spec.toBuilder().clearPotential().build(), Method.SVDD, java.util.List.of(Method.SVDD,
            Method.SMC)), Method.SVDD));
    assertEquals("beam.end_width is for method beam; svdd takes none", e.getMessage());
  }

  /** Pretrained, best-of-n and tree value no intermediate step: a guidance schedule, an early reward or value is refused. */
  @ParameterizedTest
  @CsvSource({"pretrained,guidance.every", "best-of-n,guidance.last_fraction", "tree,early_value.reward",
      "best-of-n,early_value.late_fraction", "pretrained,value estimator rollout", "tree,value estimator mc"})
  void stepOptions_forAMethodThatValuesNoIntermediateStep_areRefusedNamingThem(String method, String option) {
    JobSpec.Builder b = JobSpec.newBuilder().setMethod(method).setReward("vina-abl");
    switch (option) {
      case "guidance.every" -> b.getGuidanceBuilder().setEvery(2);
      case "guidance.last_fraction" -> b.getGuidanceBuilder().setLastFraction(0.5);
      case "early_value.reward" -> b.getEarlyValueBuilder().setReward("qed");
      case "early_value.late_fraction" -> b.getEarlyValueBuilder().setLateFraction(0.5);
      default -> b.setValueEstimator(option.substring("value estimator ".length()));
    }
    JobSpec spec = JobSpecs.withDefaults(b.build(), "qed");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobSpecs.checkNew(spec, Method.parse(method)));
    assertEquals(option + " is for methods that value intermediate steps (smc, svdd, svdd-r, fk, beam); " + method
        + " scores its samples only when they are done, so it takes none", e.getMessage());
    if (!option.equals("early_value.late_fraction")) { // a stored job with them, from an earlier build, resumes
      JobSpecs.toPlan(spec, Method.parse(method));
    }
    // in a comparison beside a method that values its steps, the option goes to that method alone
    java.util.List<Method> compared = java.util.List.of(Method.parse(method), Method.SVDD);
    JobSpecs.checkNew(JobSpecs.forMethod(spec, Method.parse(method), compared), Method.parse(method));
    SamplingPlan alone = JobSpecs.toPlan(JobSpecs.forMethod(spec, Method.parse(method), compared), Method.parse(method));
    assertEquals(JobSpecs.toPlan(JobSpecs.withDefaults(JobSpec.newBuilder().setMethod(method).setReward("vina-abl")
        .build(), "qed"), Method.parse(method)), alone);
    if (option.equals("early_value.late_fraction")) {
      return; // without an early reward svdd refuses it too
    }
    SamplingPlan svdd = JobSpecs.toPlan(JobSpecs.forMethod(spec, Method.SVDD, compared), Method.SVDD);
    assertEquals(JobSpecs.toPlan(spec, Method.SVDD), svdd);
    assertNotEquals(JobSpecs.toPlan(JobSpecs.withDefaults(JobSpec.newBuilder().setReward("vina-abl").build(), "qed"),
        Method.SVDD), svdd, "svdd keeps the option");
  }
  /**
   * An early reward that would value no step is refused, naming why; one that values some step, even one, is taken.
   * Cases: steps, candidates, late fraction (-1: the default), guidance every, guidance last fraction, value, and the
   * refusal's start (empty: taken).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "4|4|1|1|1|pm|early_value.reward 'sa' would value no step: every guided step is among the last 4 of the 4 steps"
          + " (early_value.late_fraction 1.0), which the job's reward values; lower early_value.late_fraction, or leave it"
          + " out",
      "4|4|0.9|1|1|pm|early_value.reward 'sa' would value no step: every guided step is among the last 4 of the 4",
      "4|4|0.7|1|1|pm|",
      "32|4|-1|1|1|pm|",
      "32|4|0.25|1|0.25|pm|early_value.reward 'sa' would value no step: every guided step is among the last 8 of the 32"
          + " steps (early_value.late_fraction 0.25), which the job's reward values (guidance: every 1, last_fraction 0.25)",
      "32|4|0.25|1|0.3|pm|",
      "32|4|0.5|32|1|pm|early_value.reward 'sa' would value no step",
      "32|4|0.5|16|1|pm|",
      "32|1|0.5|1|1|pm|early_value.reward 'sa' would value no step: svdd with one candidate (M = 1) values no step; give"
          + " it more candidates, or leave it out",
      "4|4|1|1|1|mc|value mc's value network would value no step: every guided step is among the last 4 of the 4 steps"
          + " (early_value.late_fraction 1.0), which the job's reward values; lower early_value.late_fraction, or use"
          + " value pm",
      "4|4|0.5|1|1|mc|",
      "4|4|-1|1|1|mc|"})
  void earlyReward_thatWouldValueNoStep_isRefused(int steps, int candidates, double late, int every,
      double lastFraction, String value, String refusal) {
    org.svdd.api.proto.EarlyValue.Builder early = org.svdd.api.proto.EarlyValue.newBuilder();
    if (value.equals("pm")) {
      early.setReward("sa");
    }
    if (late >= 0) {
      early.setLateFraction(late);
    }
    JobSpec.Builder b = JobSpec.newBuilder().setReward("qed").setSteps(steps).setCandidates(candidates)
        .setValueEstimator(value).setEarlyValue(early);
    if (every > 1 || lastFraction < 1) {
      b.setGuidance(org.svdd.api.proto.Guidance.newBuilder().setEvery(every).setLastFraction(lastFraction));
    }
    JobSpec spec = JobSpecs.withDefaults(b.build(), "qed");
    if (refusal == null) {
      JobSpecs.checkNew(spec, Method.SVDD);
      return;
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecs.checkNew(spec, Method.SVDD));
    assertTrue(e.getMessage().startsWith(refusal), e.getMessage());
    JobSpecs.toPlan(spec, Method.SVDD); // a stored job an earlier build took resumes
  }
  /**
   * A budget that pays only for guided steps in the reward's last fraction leaves the early reward none, but the job
   * asked for a schedule in which it values some: taken (the budget's consequence is said when the job runs).
   */
  @Test
  void earlyReward_isJudgedOnTheScheduleAskedFor_notOnWhatABudgetPays() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setReward("qed").setParticles(4).setCandidates(4)
        .setSteps(32).setEarlyValue(org.svdd.api.proto.EarlyValue.newBuilder().setReward("sa"))
        .setBudget(Budget.newBuilder().setMaxOracleRequests(50)).build(), "qed");
    SamplingPlan plan = JobSpecs.toPlan(spec, Method.SVDD);
    assertEquals(3, plan.guidedSteps(), "the budget pays for the last three guided steps, all the reward's");
    JobSpecs.checkNew(spec, Method.SVDD);
  }
  /**
   * Options the plan would never act on are refused for a new job, naming why; the nearest that act are taken. Cases:
   * method, particles, candidates (0: none given), steps, adaptive probe (0: none), replacement fraction and every (-1:
   * the default), and the refusal's start (empty: taken).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "svdd|16|4|32|4|-1|-1|adaptive.probe (4) is all the candidates (M = 4): every guided step would draw all M",
      "svdd|16|4|32|3|-1|-1|",
      "svdd-r|16|4|32|0|0|-1|replacement.fraction 0 replaces no particle: svdd-r would run as svdd",
      "svdd-r|16|4|32|0|0.01|-1|",
      "svdd-r|16|4|32|0|-1|32|replacement.every (32) leaves no intermediate step of the 32 to replace particles after",
      "svdd-r|16|4|32|0|-1|31|",
      "svdd-r|1|4|32|0|-1|-1|svdd-r acts on a population of particles; with one particle it would run as svdd",
      "smc|1|0|32|0|-1|-1|smc acts on a population of particles; with one particle it would run as pre-trained sampling",
      "fk|1|0|32|0|-1|-1|fk acts on a population of particles",
      "smc|2|0|32|0|-1|-1|",
      "svdd|1|4|32|0|-1|-1|",
      "beam|1|4|32|0|-1|-1|",
      "svdd|16|4|1|0|-1|-1|"})
  void optionsThePlanWouldNeverActOn_areRefused(String method, int particles, int candidates, int steps, int probe,
      double fraction, int every, String refusal) {
    JobSpec.Builder b = JobSpec.newBuilder().setMethod(method).setParticles(particles).setSteps(steps);
    if (candidates > 0) {
      b.setCandidates(candidates);
    }
    if (probe > 0) {
      b.setAdaptive(org.svdd.api.proto.Adaptive.newBuilder().setProbe(probe));
    }
    if (fraction >= 0) {
      b.getReplacementBuilder().setFraction(fraction);
    }
    if (every > 0) {
      b.getReplacementBuilder().setEvery(every);
    }
    JobSpec spec = JobSpecs.withDefaults(b.build(), "r");
    Method m = Method.parse(method);
    if (refusal == null) {
      JobSpecs.checkNew(spec, m);
      return;
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpecs.checkNew(spec, m));
    assertTrue(e.getMessage().startsWith(refusal), e.getMessage());
    JobSpecs.toPlan(spec, m); // a stored job an earlier build took resumes
  }
}
