package org.svdd.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.Locale;
import org.svdd.api.proto.Budget;
import org.svdd.api.proto.EarlyValue;
import org.svdd.api.proto.JobSpec;
import org.svdd.core.method.AdaptiveCandidates;
import org.svdd.core.method.BeamSchedule;
import org.svdd.core.method.GuidanceSchedule;
import org.svdd.core.method.Method;
import org.svdd.core.method.Replacement;
import org.svdd.core.method.Potential;
import org.svdd.core.method.RewardSchedule;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.ValueEstimator;
import org.svdd.core.select.Resampler;

/** Reads job specs (protobuf JSON mapping), fills defaults, and turns them into sampling plans. */
public final class JobSpecs {
  public static final String DEFAULT_TASK = "trna";
  public static final int DEFAULT_PARTICLES = 16;
  public static final int DEFAULT_CANDIDATES = 4;
  public static final int DEFAULT_STEPS = 32;
  public static final int DEFAULT_ROLLOUTS = 4;
  public static final double DEFAULT_ESS_THRESHOLD = 0.5;
  public static final Resampler DEFAULT_RESAMPLER = Resampler.SYSTEMATIC;
  /** The longest job name, in characters. */
  public static final int MAX_NAME = 100;

  private JobSpecs() {}

  /** A parser's message without the class name of the exception it wraps ("java.io.EOFException: End of input ..."). */
  private static String readable(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.replaceFirst("^(java|com\\.google)\\.[\\w.$]+(Exception|Error): ", "");
  }

  /** Parses a spec written in protobuf's JSON mapping; unknown fields are errors. */
  public static JobSpec parseJson(String json, String source) {
    JobSpec.Builder builder = JobSpec.newBuilder();
    if (json.isBlank()) {
      throw new IllegalArgumentException("job spec " + source + " is empty; it is a JSON object such as "
          + "{\"particles\": 16, \"steps\": 32}");
    }
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new IllegalArgumentException("job spec " + source + " is not valid: " + readable(e), e);
    }
    return builder.build();
  }

  public static String toJson(JobSpec spec) {
    try {
      return JsonFormat.printer().print(spec);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The spec with every unset field given its default (the reward from the task's). */
  public static JobSpec withDefaults(JobSpec spec, String defaultReward) {
    JobSpec.Builder b = spec.toBuilder();
    if (b.getTask().isEmpty()) {
      b.setTask(DEFAULT_TASK);
    }
    if (b.getReward().isEmpty()) {
      b.setReward(defaultReward);
    }
    if (b.getMethod().isEmpty()) {
      b.setMethod(Method.SVDD.label());
      MethodOptions.checkRead(b, java.util.List.of(Method.SVDD));
    } else {
      String named = b.getMethod();
      java.util.List<String> methods = java.util.Arrays.stream(named.split(",", -1)).map(m -> {
        if (m.isBlank()) {
          throw new IllegalArgumentException("method '" + named + "' has an empty name between its commas; name "
              + "one or more methods, comma-separated");
        }
        return Method.parse(m.trim()).label();
      }).toList();
      methods.stream().filter(m -> java.util.Collections.frequency(methods, m) > 1).findFirst().ifPresent(m -> {
        throw new IllegalArgumentException("method names " + m + " more than once; a method runs once per job "
            + "(its samples are the same for the same seed)");
      });
      b.setMethod(String.join(",", methods));
      MethodOptions.checkRead(b, methods.stream().map(Method::parse).toList());
    }
    if (!b.hasParticles()) {
      b.setParticles(DEFAULT_PARTICLES);
    }
    if (!b.hasCandidates()) {
      b.setCandidates(DEFAULT_CANDIDATES);
    }
    if (!b.hasSteps()) {
      b.setSteps(DEFAULT_STEPS);
    }
    if (b.getValueEstimator().isEmpty()) {
      b.setValueEstimator(ValueEstimator.PM.label());
    }
    if (!b.hasRollouts()) {
      b.setRollouts(DEFAULT_ROLLOUTS);
    }
    if (!b.hasEssThreshold()) {
      b.setEssThreshold(DEFAULT_ESS_THRESHOLD);
    }
    if (b.getResampler().isEmpty()) {
      b.setResampler(DEFAULT_RESAMPLER.name().toLowerCase(Locale.ROOT));
    }
    return b.build();
  }

  /** The rewards a job asks reward nodes for: its own, and its early value's if it names one. */
  public static java.util.List<String> rewardsAsked(JobSpec spec) {
    return spec.getEarlyValue().getReward().isEmpty() ? java.util.List.of(spec.getReward())
        : java.util.List.of(spec.getReward(), spec.getEarlyValue().getReward());
  }

  /** The plan for one method of a defaulted spec; errors name the field and what is allowed. */
  public static SamplingPlan toPlan(JobSpec spec, Method method) {
    checkLimits(spec);
    double alpha = spec.hasAlpha() ? spec.getAlpha() : (method.weightsParticles() ? 1.0 : 0.0);
    return withBudget(new SamplingPlan(method, spec.getParticles(), spec.getCandidates(), alpha, spec.getSteps(),
        spec.getSeed(), ValueEstimator.parse(spec.getValueEstimator()), spec.getRollouts(), spec.getEssThreshold(),
        resampler(spec.getResampler()), guidance(spec), rewards(spec), replacement(spec), potential(spec, method),
        beam(spec, method), adaptive(spec)), spec);
  }

  /**
   * One method's spec in a comparison of several ({@code svdd sample --method svdd,beam}): an option that only
   * some methods take (beam's end width, fk's potential, svdd's adaptive probe; guidance, early reward and value
   * estimator, which pretrained, best-of-n and tree do not) goes to the compared methods that take it and is left
   * out of the others'. An option none of them takes stays, so {@link #toPlan} refuses it.
   */
  public static JobSpec forMethod(JobSpec spec, Method method, java.util.List<Method> compared) {
    JobSpec.Builder b = spec.toBuilder();
    if (spec.getBeam().hasEndWidth() && method != Method.BEAM && compared.contains(Method.BEAM)) {
      b.clearBeam();
    }
    if (!spec.getPotential().isEmpty() && method != Method.FK && compared.contains(Method.FK)) {
      b.clearPotential();
    }
    if (spec.getAdaptive().hasProbe() && method != Method.SVDD && compared.contains(Method.SVDD)) {
      b.clearAdaptive();
    }
    if (!method.valuesIntermediateSteps() && compared.stream().anyMatch(Method::valuesIntermediateSteps)) {
      b.clearGuidance().clearEarlyValue().setValueEstimator(ValueEstimator.PM.label());
    }
    return b.build();
  }

  /**
   * What a new job is refused beyond what {@link #toPlan} refuses: a guidance schedule, an early reward or a value
   * estimator other than pm for a method that values no intermediate step, since they would change nothing (and an
   * early reward's oracle would be started for nothing), and for one that does, the options its plan would never act
   * on ({@link InertOptions}). A stored job an earlier build accepted with them resumes.
   */
  public static void checkNew(JobSpec spec, Method method) {
    checkName(spec.getName());
    if (method.valuesIntermediateSteps()) {
      InertOptions.refuse(toPlan(spec, method));
      return;
    }
    String given = spec.getGuidance().hasEvery() ? "guidance.every"
        : spec.getGuidance().hasLastFraction() ? "guidance.last_fraction"
        : !spec.getEarlyValue().getReward().isEmpty() ? "early_value.reward"
        : spec.getEarlyValue().hasLateFraction() ? "early_value.late_fraction"
        : !spec.getValueEstimator().isEmpty() && !spec.getValueEstimator().equals(ValueEstimator.PM.label())
            ? "value estimator " + spec.getValueEstimator()
        : null;
    if (given != null) {
      throw new IllegalArgumentException(given + " is for methods that value intermediate steps ("
          + java.util.Arrays.stream(Method.values()).filter(Method::valuesIntermediateSteps).map(Method::label)
              .collect(java.util.stream.Collectors.joining(", "))
          + "); " + method.label() + " scores its samples only when they are done, so it takes none");
    }
  }

  /**
   * Refuses a text to look for in jobs' names that no name can contain: longer than the longest name. {@code field}
   * names it in the message (the API's field, or a command's option).
   */
  public static void checkSoughtName(String text, String field) {
    int length = text.codePointCount(0, text.length());
    if (length > MAX_NAME) {
      throw new IllegalArgumentException(field + " must be at most " + MAX_NAME + " characters (no name is longer), got "
          + length);
    }
  }

  /** A job's name fits on one line of a listing: at most {@link #MAX_NAME} characters, none a control character. */
  private static void checkName(String name) {
    int length = name.codePointCount(0, name.length());
    if (length > MAX_NAME) {
      throw new IllegalArgumentException("name must be at most " + MAX_NAME + " characters, got " + length);
    }
    name.codePoints().filter(Character::isISOControl).findFirst().ifPresent(c -> {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "name must be one line of text, without control characters; got U+%04X at character %d", c,
          name.codePoints().takeWhile(x -> x != c).count() + 1));
    });
  }

  /** Adaptive candidates when the spec asks for them; a probe given as 0 is refused, not read as "off". */
  private static AdaptiveCandidates adaptive(JobSpec spec) {
    if (!spec.getAdaptive().hasProbe()) {
      return AdaptiveCandidates.OFF;
    }
    int probe = spec.getAdaptive().getProbe();
    if (probe < 2) {
      throw new IllegalArgumentException("adaptive.probe must be at least 2 (a spread needs two values), got " + probe);
    }
    return new AdaptiveCandidates(probe);
  }

  /** Beam search's widths: the spec's end width (1..particles), only for method beam. */
  private static BeamSchedule beam(JobSpec spec, Method method) {
    if (!spec.getBeam().hasEndWidth()) {
      return BeamSchedule.CONSTANT;
    }
    if (method != Method.BEAM) {
      throw new IllegalArgumentException("beam.end_width is for method beam; " + method.label() + " takes none");
    }
    int width = spec.getBeam().getEndWidth();
    if (width < 1 || width > spec.getParticles()) {
      throw new IllegalArgumentException("beam.end_width must be between 1 and the particles (" + spec.getParticles()
          + "), got " + width);
    }
    return new BeamSchedule(width);
  }

  /** FK's potential: the spec's, by default max; the difference (plain SMC) for every other method. */
  private static Potential potential(JobSpec spec, Method method) {
    if (spec.getPotential().isEmpty()) {
      return method == Method.FK ? Potential.MAX : Potential.DIFFERENCE;
    }
    Potential potential = Potential.parse(spec.getPotential());
    if (method != Method.FK && potential != Potential.DIFFERENCE) {
      throw new IllegalArgumentException("potential " + potential.label() + " is for method fk; " + method.label()
          + " takes none");
    }
    return potential;
  }

  private static Replacement replacement(JobSpec spec) {
    org.svdd.api.proto.Replacement r = spec.getReplacement();
    return new Replacement(r.hasFraction() ? r.getFraction() : Replacement.DEFAULT.fraction(),
        r.hasEvery() ? r.getEvery() : Replacement.DEFAULT.every());
  }

  /** Default share of the steps valued by the job's reward when an early reward is named. */
  public static final double DEFAULT_LATE_FRACTION = 0.25;

  private static RewardSchedule rewards(JobSpec spec) {
    EarlyValue early = spec.getEarlyValue();
    if (ValueEstimator.parse(spec.getValueEstimator()) == ValueEstimator.MC) {
      if (!early.getReward().isEmpty()) {
        throw new IllegalArgumentException("value mc values the early steps by the reward's value network; "
            + "leave early_value.reward out (late_fraction alone gives the last steps to the reward itself)");
      }
      return new RewardSchedule(spec.getReward(), ValueEstimator.valueNetworkOf(spec.getReward()),
          early.hasLateFraction() ? early.getLateFraction() : 0);
    }
    if (early.getReward().isEmpty()) {
      if (early.hasLateFraction()) {
        throw new IllegalArgumentException("early_value.late_fraction needs early_value.reward or value mc");
      }
      return RewardSchedule.of(spec.getReward());
    }
    if (early.getReward().equals(spec.getReward())) {
      throw new IllegalArgumentException("early_value.reward is the job's reward '" + spec.getReward() + "': an early "
          + "reward is a cheaper one for the steps before the last fraction; leave it out to value every step by the reward");
    }
    if (early.hasLateFraction() && !(early.getLateFraction() > 0 && early.getLateFraction() <= 1)) {
      throw new IllegalArgumentException("early_value.late_fraction must lie in (0, 1], got " + early.getLateFraction());
    }
    return new RewardSchedule(spec.getReward(), early.getReward(),
        early.hasLateFraction() ? early.getLateFraction() : DEFAULT_LATE_FRACTION);
  }

  private static GuidanceSchedule guidance(JobSpec spec) {
    int every = spec.getGuidance().hasEvery() ? spec.getGuidance().getEvery() : 1;
    return new GuidanceSchedule(every,
        spec.getGuidance().hasLastFraction() ? spec.getGuidance().getLastFraction() : 1);
  }

  /**
   * The plan within its budgets: SVDD-like methods guide the last steps the budgets pay for; best-of-n and
   * tree search, which draw N·M samples or rollouts, lower M to what they pay for.
   */
  private static SamplingPlan withBudget(SamplingPlan plan, JobSpec spec) {
    return withOracleSeconds(withRowBudget(withOracleBudget(withAffordableM(plan, spec), spec), spec), spec);
  }

  /** Best-of-n and tree search: M lowered to the N·M samples (oracle calls, N·M·T rows) the budgets pay for. */
  private static SamplingPlan withAffordableM(SamplingPlan plan, JobSpec spec) {
    if (!plan.drawsMTimesN()) {
      return plan;
    }
    long m = plan.candidates();
    Budget budget = spec.getBudget();
    // a budget below one sample per particle leaves M = 1, which the checks after this refuse naming that minimum
    if (budget.hasMaxOracleRequests()) {
      m = Math.max(1, Math.min(m, budget.getMaxOracleRequests() / plan.particles()));
    }
    if (budget.hasMaxDenoiserRows()) {
      m = Math.max(1, Math.min(m, budget.getMaxDenoiserRows() / ((long) plan.particles() * plan.steps())));
    }
    return m == plan.candidates() ? plan : plan.withCandidates((int) m);
  }

  /** The plan with its guidance capped to the guided steps {@code budget.max_denoiser_rows} pays for. */
  private static SamplingPlan withRowBudget(SamplingPlan plan, JobSpec spec) {
    if (!spec.getBudget().hasMaxDenoiserRows()) {
      return plan;
    }
    long rows = spec.getBudget().getMaxDenoiserRows();
    if (rows < 1) {
      throw new IllegalArgumentException("budget.max_denoiser_rows must be positive, got " + rows);
    }
    long minimum = plan.minimumDenoiserRows();
    if (rows < minimum) {
      throw new IllegalArgumentException("budget.max_denoiser_rows = " + rows + " cannot pay for the " + minimum
          + " rows of " + plan.trajectories() + " trajectories of " + plan.steps() + " steps");
    }
    long perStep = plan.extraDenoiserRowsPerGuidedStep();
    if (!plan.valuesEveryStep() || perStep == 0) {
      return plan;
    }
    long affordable = (rows - minimum) / perStep;
    if (affordable < 1) {
      throw new IllegalArgumentException("budget.max_denoiser_rows = " + rows + " cannot pay for one guided step: "
          + minimum + " rows for the chain and " + perStep + " more per guided step");
    }
    return plan.withGuidance(plan.guidance().capped((int) Math.min(SamplingPlan.MAX_STEPS, affordable)));
  }

  /** The plan with its oracle-seconds budget, which the job enforces as the oracle reports its work. */
  private static SamplingPlan withOracleSeconds(SamplingPlan plan, JobSpec spec) {
    if (!spec.getBudget().hasMaxOracleSeconds()) {
      return plan;
    }
    double seconds = spec.getBudget().getMaxOracleSeconds();
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("budget.max_oracle_seconds must be positive, got " + seconds);
    }
    return plan.withOracleSeconds(seconds);
  }

  private static SamplingPlan withOracleBudget(SamplingPlan plan, JobSpec spec) {
    if (!spec.getBudget().hasMaxOracleRequests()) {
      return plan;
    }
    long budget = spec.getBudget().getMaxOracleRequests();
    if (budget < 1) {
      throw new IllegalArgumentException("budget.max_oracle_requests must be positive, got " + budget);
    }
    long perStep = plan.valuesEveryStep() ? plan.oracleRequestsPerGuidedStep() : plan.trajectories();
    if (budget < perStep) {
      throw new IllegalArgumentException("budget.max_oracle_requests = " + budget + " cannot pay for one "
          + (plan.valuesEveryStep() ? "guided step" : "set of final samples") + " of " + perStep + " oracle requests");
    }
    if (!plan.valuesEveryStep()) {
      return plan;
    }
    int affordable = (int) Math.min(SamplingPlan.MAX_STEPS, budget / perStep);
    return plan.withGuidance(plan.guidance().capped(affordable));
  }

  /** Limits given must be at least 1; absent ones take the configured defaults. */
  private static void checkLimits(JobSpec spec) {
    if (spec.getLimits().hasMaxBatch() && spec.getLimits().getMaxBatch() < 1) {
      throw new IllegalArgumentException("limits.max_batch must be at least 1, got " + spec.getLimits().getMaxBatch());
    }
    if (spec.getLimits().hasMaxInFlight() && spec.getLimits().getMaxInFlight() < 1) {
      throw new IllegalArgumentException(
          "limits.max_in_flight must be at least 1, got " + spec.getLimits().getMaxInFlight());
    }
  }

  static Resampler resampler(String name) {
    try {
      return Resampler.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown resampler '" + name + "'; allowed: [systematic, multinomial]");
    }
  }
}
