package org.svdd.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.svdd.api.SampleRecords;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.MethodSummary;
import org.svdd.api.proto.RunSummary;
import org.svdd.api.proto.SampleRecord;
import org.svdd.cluster.EngineSettings;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Sample;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.oracle.CachingOracle;
import org.svdd.task.TaskOracles;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;
import org.svdd.task.SequenceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code svdd eval}: scores existing designs with the same figures as {@code svdd sample}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Score designs (FASTA or Stockholm for trna; SMILES, SDF or a table for molecules; PNG, IDX or a TSV of image texts for fashion; FASTA for promoter; svdd's METHOD.jsonl for any task) with the task's reward and naturalness, e.g. held-out natural designs as a reference row.")
final class EvalCommand implements Callable<Integer> {
  @Option(names = {"--designs", "--fasta"}, arity = "1..*", paramLabel = "FILE",
      description = "Designs to score, one file or several ('-' for standard input; svdd's own METHOD.jsonl too, for any "
          + "task; default: the task's held-out natural designs).")
  List<Path> inputs;

  @Option(names = "--task", defaultValue = "trna", description = "Task: trna, molecules, fashion or promoter (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--reward", description = "Reward (default: the task's).")
  String reward;

  @Option(names = "--model", description = "Model directory for naturalness (default: the task's bundled model).")
  Path model;

  @Option(names = "--label",
      description = "Row label and the name of the files --out writes (default: natural for the held-out natural "
          + "designs, designs for files given).")
  String label;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the naturalness estimate (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "If given, write <label>.fasta, <label>.jsonl and summary.json here.")
  Path out;

  @Option(names = "--largest-fragment", description = "molecules: score a salt's or solvate's largest fragment "
      + "(counter-ions and solvent dropped), saying how many records were cut.")
  boolean largestFragment;

  @Option(names = "--neutralise", description = "molecules: neutralise charges by adding or removing protons, as "
      + "RDKit's Uncharger does (a carboxylate scored as its acid; a betaine or nitro group stays), saying how many "
      + "records changed; after --largest-fragment when both are given.")
  boolean neutralise;

  @Option(names = "--skip-unencodable", description = "Score the records the model can encode and list the others "
      + "(name and reason; in <label>.skipped.tsv with --out) instead of refusing the whole file.")
  boolean skipUnencodable;

  /**
   * Refuses, before any work, an --out and --label whose files (LABEL.jsonl, LABEL.fasta, LABEL-0.png, …) would
   * replace one of the design files this eval reads, e.g. {@code --designs out/svdd.jsonl --out out --label svdd}.
   */
  private void checkInputsKept() {
    Path dir = out.toAbsolutePath().normalize();
    for (Path input : inputs == null ? List.<Path>of() : inputs) {
      Path file = input.toAbsolutePath().normalize();
      String name = file.getFileName() == null ? "" : file.getFileName().toString();
      if (dir.equals(file.getParent()) && (name.startsWith(label + ".") || name.startsWith(label + "-"))) {
        throw new IllegalArgumentException("--out " + out + " with --label " + label + " would write over " + input
            + ", which this eval reads: give another --label or --out");
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    DesignTask designTask = TaskRegistry.named(task, Home.dir());
    if (label == null) {
      label = inputs == null ? "natural" : "designs";
    }
    if (out != null) {
      OutputDirs.checkWritable("--out", out);
      try {
        RunReport.checkFileName(label);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--label " + e.getMessage(), e);
      }
      checkInputsKept();
    }
    String rewardName = designTask.checkReward(reward == null ? designTask.defaultReward() : reward);
    List<DesignFiles.Source> sources = DesignFiles.read(designTask,
        inputs == null ? List.of(designTask.reference()) : inputs);
    if (largestFragment || neutralise) {
      sources = prepared(sources, new RecordPreparation(designTask, largestFragment, neutralise));
    }
    Config config = ConfigFactory.load();
    EngineSettings settings = EngineSettings.from(config);
    Path modelDir = model == null ? designTask.modelDir() : model;
    try (Workbench bench = Workbench.open(designTask, modelDir, rewardName, settings, config)) {
      sayWhereDrawnByAnotherModel(sources, modelDir);
      EncodedDesigns encoded = EncodedDesigns.encode(sources, bench.codec(), bench.process().length(),
          skipUnencodable);
      Path skippedList = out == null ? null : out.resolve(label + EncodedDesigns.SKIPPED);
      String leftOut = encoded.leftOut(skippedList);
      if (!leftOut.isEmpty()) {
        System.err.println(leftOut);
      }
      List<State> designs = encoded.states();
      long started = System.nanoTime();
      TaskOracles.Cached caches = bench.newCaches();
      List<Reward> rewards;
      CachingOracle.Stats work;
      try (caches) {
        rewards = score(caches.forReward(rewardName), designs);
        work = caches.stats(rewardName);
      }
      List<Sample> scored = new ArrayList<>();
      for (int i = 0; i < designs.size(); i++) {
        scored.add(new Sample(i, designs.get(i), rewards.get(i)));
      }
      List<SampleRecord> records = new ArrayList<>();
      List<SampleRecord> unnamed = bench.records(label, scored, seed);
      for (int i = 0; i < unnamed.size(); i++) {
        records.add(unnamed.get(i).toBuilder().setName(encoded.names().get(i)).build());
      }
      MethodSummary row = bench.summarize(label, records)
          .setDesignsScored(work.requested())
          .setOracleCalls(work.delegated())
          .setArchiveHits(work.archived())
          .setWallSeconds(Workbench.since(started).toNanos() / 1e9)
          .build();
      if (out != null) {
        RunSummary summary = RunSummary.newBuilder()
            .setSpec(JobSpec.newBuilder().setTask(task).setReward(rewardName)).addMethods(row)
            .putOracles(rewardName, bench.oracles().oracle(rewardName).identity()).build();
        bench.write(out, summary, List.of(records), encoded.skipped().isEmpty() ? java.util.Map.of()
            : java.util.Map.of(skippedList.getFileName().toString(), encoded.skippedTsv()),
            sources.stream().map(DesignFiles.Source::file).collect(java.util.stream.Collectors.toSet()));
      }
      System.out.print(RunReport.table(List.of(row)));
    }
    return 0;
  }

  /**
   * Scores the designs in slices of {@link #SLICE}, all asked for at once (the oracle runs as many at a time as it
   * can), with a bar of the designs scored so far.
   */
  private static List<Reward> score(RewardOracle oracle, List<State> designs) throws Exception {
    try (Progress.Delayed bar = Progress.delayed("scoring", designs.size())) {
      List<java.util.concurrent.CompletableFuture<List<Reward>>> slices = new ArrayList<>();
      for (int from = 0; from < designs.size(); from += SLICE) {
        List<State> slice = designs.subList(from, Math.min(designs.size(), from + SLICE));
        slices.add(oracle.score(slice).toCompletableFuture().whenComplete((r, e) -> bar.stepBy(slice.size())));
      }
      List<Reward> rewards = new ArrayList<>(designs.size());
      for (var slice : slices) {
        rewards.addAll(slice.get());
      }
      return rewards;
    }
  }

  /**
   * Says which designs a run drew with another model than the one their naturalness is measured under here (as its
   * summary.json records it): a model of one's own given to sample, the bundled one here.
   */
  private static void sayWhereDrawnByAnotherModel(List<DesignFiles.Source> sources, Path modelDir) {
    String here = org.svdd.oracle.ContentDigest.ofLoaded(modelDir, org.svdd.oracle.ContentDigest::ofDenoiser);
    for (DesignFiles.Source source : sources) {
      DesignFiles.drawnBy(source.file()).filter(drawn -> !drawn.equals(here)).ifPresent(drawn -> System.err.println(
          "svdd: " + source.file() + " was drawn by another model (weights " + drawn + ", as its summary.json says) than "
              + modelDir + " (" + here + "), under which its naturalness is measured here: give that model with --model "
              + "for the naturalness it was sampled with"));
    }
  }

  /** Each design prepared as --largest-fragment and --neutralise ask, saying on stderr how many each one changed. */
  private List<DesignFiles.Source> prepared(List<DesignFiles.Source> sources, RecordPreparation prepare) {
    List<DesignFiles.Source> out = new ArrayList<>();
    int records = 0;
    for (DesignFiles.Source source : sources) {
      List<SequenceFiles.Entry> entries = source.entries().stream()
          .map(e -> new SequenceFiles.Entry(e.name(), prepare.apply(e.sequence()))).toList();
      records += entries.size();
      out.add(new DesignFiles.Source(source.file(), entries));
    }
    if (largestFragment) {
      System.err.println(prepare.cut() > 0
          ? String.format(java.util.Locale.ROOT, "svdd: scoring the largest fragment of %d of %d records", prepare.cut(),
              records)
          : "svdd: --largest-fragment cut nothing: no record has more than one fragment (the option is for molecules)");
    }
    if (neutralise) {
      System.err.println(prepare.neutralised() > 0
          ? String.format(java.util.Locale.ROOT, "svdd: scoring the neutral form of %d of %d records",
              prepare.neutralised(), records)
          : "svdd: --neutralise changed nothing: no record has a charge a proton can take away (the option is for "
              + "molecules)");
    }
    return out;
  }

  /** Designs per request to the oracle in eval: small enough for a bar to move, large enough for batching oracles. */
  static final int SLICE = 64;
}
