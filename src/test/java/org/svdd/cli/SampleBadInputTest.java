package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad input ends with a one-line error naming the problem, a non-zero exit and no output files. */
class SampleBadInputTest {
  @TempDir Path dir;

  static Stream<Arguments> badFlags() {
    return Stream.of(
        Arguments.of(List.of("--task", "protein"), "unknown task 'protein'; allowed: [trna, molecules, fashion, promoter]"),
        Arguments.of(List.of("--method", "svdd,dts"), "unknown method 'dts'; allowed: [pretrained, best-of-n, smc, svdd, svdd-r, fk, beam, tree]"),
        Arguments.of(List.of("--method", "svdd, ,smc"), "method 'svdd, ,smc' has an empty name between its commas; name one or more methods, comma-separated"),
        Arguments.of(List.of("--reward", "qed"), "unknown reward 'qed' for task trna; allowed: [rna-mfe, cloverleaf, trna-cm]"),
        Arguments.of(List.of("--particles", "-3"), "particles must be between 1 and 4096, got -3"),
        Arguments.of(List.of("--particles", "100000"), "particles must be between 1 and 4096, got 100000"),
        Arguments.of(List.of("--candidates", "1000"), "--candidates: candidates must be between 1 and 256, got 1000"),
        Arguments.of(List.of("--steps", "-1"), "steps must be between 1 and 4096, got -1"),
        Arguments.of(List.of("--steps", "0"), "steps must be between 1 and 4096, got 0"),
        Arguments.of(List.of("--particles", "0"), "particles must be between 1 and 4096, got 0"),
        Arguments.of(List.of("--max-batch", "-1"), "--max-batch: limits.max_batch must be at least 1, got -1"),
        Arguments.of(List.of("--max-in-flight", "0"), "--max-in-flight: limits.max_in_flight must be at least 1, got 0"),
        Arguments.of(List.of("--alpha", "-0.5"), "--alpha: alpha must be >= 0 (0 is greedy), got -0.5"),
        Arguments.of(List.of("--method", "smc", "--alpha", "0"), "--alpha: alpha must be a positive finite number for smc"),
        Arguments.of(List.of("--method", "fk", "--alpha", "1e-320"), "--alpha: alpha must be at least 1e-6 for fk: below it "
            + "exp(v/alpha) gives one particle all the weight, and v/alpha overflows for the smallest; got "),
        Arguments.of(List.of("--method", "best-of-n", "--guide-every", "2"), "--guide-every: guidance.every is for "
            + "methods that value intermediate steps (smc, svdd, svdd-r, fk, beam); best-of-n scores its samples only "
            + "when they are done, so it takes none"),
        Arguments.of(List.of("--method", "pretrained,tree", "--value", "rollout"), "value estimator rollout is for "
            + "methods that value intermediate steps"),
        Arguments.of(List.of("--potential", "max"), "potential max is for method fk; svdd takes none"),
        Arguments.of(List.of("--method", "fk", "--potential", "product"), "unknown potential 'product'; allowed: [difference, max, sum]"),
        Arguments.of(List.of("--value", "mcmc"), "unknown value estimator 'mcmc'; allowed: [pm, rollout, mc]"),
        Arguments.of(List.of("--adaptive-probe", "1"), "--adaptive-probe: adaptive.probe must be at least 2 (a spread needs two values), got 1"),
        Arguments.of(List.of("--adaptive-probe", "0"), "--adaptive-probe: adaptive.probe must be at least 2 (a spread needs two values), got 0"),
        Arguments.of(List.of("--adaptive-probe", "-4"), "--adaptive-probe: adaptive.probe must be at least 2 (a spread needs two values), got -4"),
        Arguments.of(List.of("--beam-end-width", "-1", "--method", "beam"), "--beam-end-width: beam.end_width must be between 1 and the particles"),
        Arguments.of(List.of("--method", "smc", "--adaptive-probe", "2"), "adaptive candidates are for method svdd; smc takes none"),
        Arguments.of(List.of("--candidates", "4", "--adaptive-probe", "6"), "--adaptive-probe: adaptive.probe (6) cannot exceed the candidates (4)"),
        Arguments.of(List.of("--method", "tree", "--particles", "64", "--candidates", "256", "--steps", "512"),
            "tree keeps every rollout's states: particles x candidates x steps = 8388608; at most 4194304"),
        Arguments.of(List.of("--beam-end-width", "2"), "--beam-end-width: beam.end_width is for method beam; svdd takes none"),
        Arguments.of(List.of("--method", "svdd,smc", "--beam-end-width", "2"),
            "--beam-end-width: beam.end_width is for method beam; svdd takes none"),
        Arguments.of(List.of("--method", "beam", "--particles", "4", "--beam-end-width", "5"),
            "--beam-end-width: beam.end_width must be between 1 and the particles (4), got 5"),
        Arguments.of(List.of("--method", "beam", "--beam-end-width", "0"), "--beam-end-width: beam.end_width must be between 1 and the particles"),
        Arguments.of(List.of("--method", "beam", "--value", "mc"), "method beam ranks the children of every particle by their reward"),
        Arguments.of(List.of("--method", "svdd-r", "--replace-fraction", "0.7"), "--replace-fraction: replacement.fraction must lie in [0, 0.5], got 0.7"),
        Arguments.of(List.of("--method", "svdd-r", "--replace-every", "0"), "--replace-every: replacement.every must be between 1 and 4096, got 0"),
        Arguments.of(List.of("--budget", "3"),
            "--budget: budget.max_oracle_requests = 3 cannot pay for one guided step of 64 oracle requests"),
        Arguments.of(List.of("--budget", "-5"), "--budget: budget.max_oracle_requests must be positive, got -5"),
        Arguments.of(List.of("--budget", "0"), "--budget: budget.max_oracle_requests must be positive, got 0"),
        Arguments.of(List.of("--row-budget", "0"), "--row-budget: budget.max_denoiser_rows must be positive, got 0"),
        Arguments.of(List.of("--oracle-seconds", "0"), "--oracle-seconds: budget.max_oracle_seconds must be positive, got 0.0"),
        Arguments.of(List.of("--oracle-seconds", "-30"), "--oracle-seconds: budget.max_oracle_seconds must be positive, got -30.0"),
        Arguments.of(List.of("--oracle-seconds", "NaN"), "--oracle-seconds: budget.max_oracle_seconds must be positive, got NaN"),
        Arguments.of(List.of("--oracle-seconds", "Infinity"), "--oracle-seconds: budget.max_oracle_seconds must be a positive number of seconds"),
        Arguments.of(List.of("--method", "smc", "--oracle-seconds", "60"),
            "--oracle-seconds: budget.max_oracle_seconds is for methods svdd, tree, best-of-n and pretrained; smc moves its population"),
        Arguments.of(List.of("--method", "beam", "--oracle-seconds", "60"),
            "--oracle-seconds: budget.max_oracle_seconds is for methods svdd, tree, best-of-n and pretrained; beam moves"),
        Arguments.of(List.of("--row-budget", "100"), "--row-budget: budget.max_denoiser_rows = 100 cannot pay for the 512 rows"),
        Arguments.of(List.of("--guide-every", "-2"), "--guide-every: guidance.every must be between 1 and 4096, got -2"),
        Arguments.of(List.of("--guide-every", "0"), "--guide-every: guidance.every must be between 1 and 4096, got 0"),
        Arguments.of(List.of("--guide-last", "0"), "--guide-last: guidance.last_fraction must lie in (0, 1], got 0.0"),
        Arguments.of(List.of("--guide-last", "1.5"), "--guide-last: guidance.last_fraction must lie in (0, 1], got 1.5"),
        Arguments.of(List.of("--resampler", "stratified"), "unknown resampler 'stratified'"),
        Arguments.of(List.of("--resampler", "multinomial"),
            "--resampler: resampler is for methods that weight particles (smc, fk); svdd takes none"),
        Arguments.of(List.of("--method", "svdd,best-of-n", "--ess-threshold", "0.3"),
            "--ess-threshold: ess_threshold is for methods that weight particles (smc, fk); svdd, best-of-n take none"),
        Arguments.of(List.of("--method", "smc", "--ess-threshold", "1.5"),
            "--ess-threshold: ess_threshold must lie in [0, 1], got 1.5"),
        Arguments.of(List.of("--method", "smc", "-m", "8"), "--candidates: candidates is for methods that draw M "
            + "children per step or N·M samples (best-of-n, svdd, svdd-r, beam, tree); smc takes none"),
        Arguments.of(List.of("--method", "smc", "--replace-fraction", "0.1"),
            "--replace-fraction: replacement.fraction is for method svdd-r; smc takes none"),
        Arguments.of(List.of("--replace-every", "2"), "--replace-every: replacement.every is for method svdd-r; svdd takes none"),
        Arguments.of(List.of("--rollouts", "8"), "--rollouts: rollouts is for value estimator rollout; pm takes none"),
        Arguments.of(List.of("--method", "best-of-n", "--alpha", "0.5"), "--alpha: alpha is for methods that choose by "
            + "soft value (smc, svdd, svdd-r, fk, tree; beam with value estimator rollout); best-of-n takes none"),
        Arguments.of(List.of("--value", "rollout", "--rollouts", "0"), "--rollouts: rollouts must be between 1 and "),
        Arguments.of(List.of("--early-reward", "qed"), "unknown reward 'qed' for task trna; allowed: [rna-mfe, cloverleaf, trna-cm]"),
        Arguments.of(List.of("--late-fraction", "0.5"), "--late-fraction: early_value.late_fraction needs early_value.reward"),
        Arguments.of(List.of("--early-reward", "cloverleaf", "--late-fraction", "0"),
            "--late-fraction: early_value.late_fraction must lie in (0, 1], got 0.0"),
        Arguments.of(List.of("--early-reward", "rna-mfe"), "--early-reward: early_value.reward is the job's reward 'rna-mfe'"),
        Arguments.of(List.of("--early-reward", "cloverleaf", "--late-fraction", "1"),
            "--early-reward: early_value.reward 'cloverleaf' would value no step: every guided step is among the last"),
        Arguments.of(List.of("--value", "mc", "--late-fraction", "1"), "value mc's value network would value no step"),
        Arguments.of(List.of("--task", "fashion", "--method", "tree", "-n", "64", "-m", "64", "--steps", "1000"),
            "tree keeps every rollout's states: particles x candidates x steps = 4096000 states of 784 positions, about"),
        Arguments.of(List.of("--task", "molecules", "--reward", "qed", "-n", "4096", "-m", "256", "--steps", "4"),
            "svdd draws every particle's children at once: particles x candidates = 1048576 children a step, each held "
                + "with its prediction (2688 floats) and clean estimate, about"),
        Arguments.of(List.of("--task", "fashion", "--method", "smc,beam", "-n", "4096", "-m", "64", "--steps", "4"),
            "beam draws every particle's children at once: particles x candidates = 262144 children a step"),
        Arguments.of(List.of("--method", "svdd,smc,svdd"), "method names svdd more than once"),
        Arguments.of(List.of("--task", "molecules", "--reward", "vina:/tmp/r.pdbqt:1,2:20,20,20"),
            "reward 'vina:/tmp/r.pdbqt:1,2:20,20,20': the box centre needs 3 numbers"),
        Arguments.of(List.of("--task", "molecules", "--reward", "vina:/tmp/r.pdbqt:1,2,x:20,20,20"),
            "reward 'vina:/tmp/r.pdbqt:1,2,x:20,20,20': box centre 'x' is not a number"),
        Arguments.of(List.of("--task", "molecules", "--reward", "vina:/tmp/r.pdbqt:1,2,3:20,0,20"),
            "reward 'vina:/tmp/r.pdbqt:1,2,3:20,0,20': box sizes must be in (0, 126] Å, got 0.0"),
        Arguments.of(List.of("--task", "molecules", "--reward", "vina:/tmp/r.mol2:1,2,3:20,20,20"),
            "reward 'vina:/tmp/r.mol2:1,2,3:20,20,20': the receptor must be a .pdbqt or .pdb file"),
        Arguments.of(List.of("--task", "molecules", "--reward", "vina:/nonexistent/r.pdbqt:1,2,3:20,20,20"),
            "receptor /nonexistent/r.pdbqt of reward 'vina:/nonexistent/r.pdbqt:1,2,3:20,20,20' cannot be read"));
  }

  @ParameterizedTest
  @MethodSource("badFlags")
  void sample_badFlag_failsWithOneLineNamingTheField(List<String> flags, String expected) throws IOException {
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("sample", "--out", out.toString()));
    args.addAll(flags);
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertNotEquals(0, r.exitCode());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("svdd: " + expected), r.err());
    assertFalse(Files.exists(out), "no output directory may be left behind");
  }

  @Test
  void sample_dockingTargetVinaCannotUse_isRefusedBeforeAnyWork() throws IOException {
    String atom = "ATOM      1  C   UNL     1      11.000  90.500  57.500  0.00  0.00    +0.000 C \n";
    Path ligand = Files.writeString(dir.resolve("ligand.pdbqt"), "ROOT\n" + atom + "ENDROOT\nTORSDOF 0\n");
    Path out = dir.resolve("out");
    String reward = "vina:" + ligand + ":11,90.5,57.5:22,24,28";
    CliRunner.Result r = CliRunner.run("sample", "--task", "molecules", "--reward", reward, "--out", out.toString());
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: reward '" + reward + "': Vina cannot read receptor " + ligand
        + ": PDBQT parsing error: Unknown or inappropriate tag found in rigid receptor. > ROOT", r.err().strip());
    Path receptor = Files.writeString(dir.resolve("receptor.pdbqt"), atom);
    String beside = "vina:" + receptor + ":0,0,0:20,20,20";
    r = CliRunner.run("sample", "--task", "molecules", "--reward", beside, "--out", out.toString());
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("svdd: reward '" + beside + "': the docking box centred at (0, 0, 0) Å with size "
        + "(20, 20, 20) Å holds none of the 1 atoms of receptor " + receptor), r.err());
    assertFalse(Files.exists(out), "no output directory may be left behind");
  }

  @Test
  void sample_specFileWithZeroParticles_isRefusedNotReplacedByTheDefault() throws IOException {
    Path spec = Files.writeString(dir.resolve("zero.json"), "{\"particles\": 0, \"limits\": {\"maxBatch\": 8}}");
    CliRunner.Result r = CliRunner.run("sample", "--spec", spec.toString(), "--out", dir.resolve("out").toString());
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: particles must be between 1 and 4096, got 0", r.err().strip());
  }

  @Test
  void sample_outUnderAFileOrInProc_isRefusedBeforeAnyWork() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    CliRunner.Result r = CliRunner.run("sample", "--out", file.resolve("sub").toString());
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: --out " + file.resolve("sub") + " cannot be created: " + file + " is not a directory", r.err().strip());
    CliRunner.Result proc = CliRunner.run("sample", "--out", "/proc/x");
    assertNotEquals(0, proc.exitCode());
    assertTrue(proc.err().startsWith("svdd: --out /proc/x cannot be written: /proc refuses new files"), proc.err());
  }

  @Test
  void usageError_printsOneLineAndAHint() {
    CliRunner.Result r = CliRunner.run("sample", "--out", "x", "--bogus");
    assertNotEquals(0, r.exitCode());
    assertEquals(List.of("svdd: Unknown option: '--bogus'", "Try 'svdd sample --help' for the options."),
        r.err().lines().toList());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"../escaped", ".hidden", "a/b"}) // "": EmptyValuesTest
  void eval_labelThatCannotNameAFile_isRefusedAndNothingIsWritten(String label) throws IOException {
    Path fasta = Files.writeString(dir.resolve("a.fa"), ">a\nGGGGAAAACCCC\n");
    Path out = dir.resolve("nested/out");
    CliRunner.Result r = CliRunner.run("eval", "--fasta", fasta.toString(), "--label", label, "--out", out.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: --label '" + label + "' cannot name output files: use up to 64 letters, digits, '.', '_' or '-', "
        + "not starting with '.'", r.err().strip());
    assertFalse(Files.exists(dir.resolve("nested")), "nothing written, inside the output folder or beside it");
  }

  @Test
  void write_methodNameFromAServerThatWouldLeaveTheFolder_isRefusedBeforeWriting() {
    Path out = dir.resolve("results");
    List<org.svdd.api.proto.SampleRecord> records = List.of(org.svdd.api.proto.SampleRecord.newBuilder()
        .setMethod("../../evil").setSequence("ACGU").build());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RunReport.write(out, org.svdd.api.proto.RunSummary.getDefaultInstance(), List.of(records), null, null));
    assertTrue(e.getMessage().startsWith("'../../evil' cannot name output files"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  static Stream<Arguments> badDesignFiles() {
    return Stream.of(
        Arguments.of("binary.fa", new byte[] {'>', 'a', '\n', 'G', (byte) 0x89, 'P', 'N', 'G'}, List.of(),
            " is not US-ASCII text: byte 0x89 on line 2 (offset 4)"),
        Arguments.of("mine.smi", "CCO\nnot_a_smiles\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            List.of("--task", "molecules", "--reward", "qed"),
            ", line 2: 'not_a_smiles' is not valid SMILES: unexpected character at position 3 ('t')"
                + EncodedDesigns.SKIP_HINT),
        Arguments.of("empty.fasta", ">good\nGGGAAACCC\n>blank\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            List.of(), ", sequence 'blank': no sequence" + EncodedDesigns.SKIP_HINT));
  }

  @ParameterizedTest
  @MethodSource("badDesignFiles")
  void eval_badDesignFile_isRefusedNamingTheFileAndWhere(String name, byte[] content, List<String> flags, String expected)
      throws IOException {
    Path file = Files.write(dir.resolve(name), content);
    List<String> args = new ArrayList<>(List.of("eval", "--designs", file.toString()));
    args.addAll(flags);
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: " + file + expected, r.err().strip());
  }

  @Test
  void sample_specThatIsADirectory_orDesignsThatAreOne_areNamed() {
    CliRunner.Result spec = CliRunner.run("sample", "--spec", dir.toString(), "--out", dir.resolve("out").toString());
    assertNotEquals(0, spec.exitCode());
    assertEquals("svdd: job spec " + dir + " is a directory; name a JSON file in it", spec.err().strip());
    CliRunner.Result designs = CliRunner.run("eval", "--task", "molecules", "--designs", dir.toString());
    assertNotEquals(0, designs.exitCode());
    assertEquals("svdd: " + dir + " is a directory; name a file in it", designs.err().strip());
  }

  @Test
  void sample_malformedSpecFile_namesTheFile() throws IOException {
    Path spec = Files.writeString(dir.resolve("job.json"), "{\"particles\": \"many\"}");
    CliRunner.Result r = CliRunner.run("sample", "--spec", spec.toString(), "--out", dir.resolve("out").toString());
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("svdd: job spec " + spec + " is not valid"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  /** Each names the file and what is wrong with it, in words (no exception class names). */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "empty.json | '' | is empty; it is a JSON object such as {\"particles\": 16, \"steps\": 32}",
      "blank.json | '  ' | is empty; it is a JSON object such as {\"particles\": 16, \"steps\": 32}",
      "cut.json | '{\"particles\": 4' | is not valid: End of input at line 1 column 16 path $.particles",
      "absent.json | | does not exist"})
  void sample_emptyTruncatedOrMissingSpec_isNamedInWords(String name, String content, String message) throws IOException {
    Path spec = dir.resolve(name);
    if (content != null) {
      Files.writeString(spec, content);
    }
    CliRunner.Result r = CliRunner.run("sample", "--spec", spec.toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: job spec " + spec + " " + message, r.err().strip());
  }

  @Test
  void sample_unknownSpecField_isRejected() throws IOException {
    Path spec = Files.writeString(dir.resolve("job.json"), "{\"particels\": 4}");
    CliRunner.Result r = CliRunner.run("sample", "--spec", spec.toString(), "--out", dir.resolve("out").toString());
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().contains("particels"), r.err());
  }

  @Test
  void sample_missingModelDirectory_namesIt() {
    Path missing = dir.resolve("no-model");
    CliRunner.Result r = CliRunner.run("sample", "--model", missing.toString(), "--out", dir.resolve("out").toString());
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: model directory " + missing + " does not exist", r.err().strip());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  /** A --model that holds something else says what it holds: a value network, a classifier, the models folder. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "models/trna/value-rna-mfe | has no model.properties (it holds a value network: value.properties)",
      "models/fashion/classifier-guide | has no model.properties (it holds a classifier: classifier.properties)",
      "models | has no model.properties (models in its folders: fashion, molecules, promoter, trna)",
      "models/trna/data | has no model.properties",
      "models/trna/model.properties | is not a directory"})
  void sample_modelDirectoryHoldingSomethingElse_saysWhat(String given, String expected) {
    Path model = Path.of(System.getProperty("svdd.home", ".")).resolve(given);
    CliRunner.Result r = CliRunner.run("sample", "--model", model.toString(), "--out", dir.resolve("out").toString());
    assertEquals("svdd: model directory " + model + " " + expected, r.err().strip());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"hidden=32", "blocks=5", "kernel=3"})
  void sample_modelWithMismatchedArchitecture_namesTheWeightsFile(String declared) throws IOException {
    Path bundled = Path.of(System.getProperty("svdd.home", ".")).resolve("models/trna");
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.copy(bundled.resolve("denoiser-0000.params"), broken.resolve("denoiser-0000.params"));
    Files.writeString(broken.resolve("model.properties"),
        Files.readString(bundled.resolve("model.properties")).replace(declared.replaceAll("=.*", "=") + bundledValue(bundled, declared), declared));
    CliRunner.Result r = CliRunner.run("sample", "--model", broken.toString(), "--out", dir.resolve("out").toString());
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("svdd: cannot load weights " + broken.resolve("denoiser-0000.params")), r.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  private static String bundledValue(Path bundled, String declared) throws IOException {
    String key = declared.replaceAll("=.*", "=");
    return Files.readAllLines(bundled.resolve("model.properties")).stream().filter(l -> l.startsWith(key))
        .findFirst().orElseThrow().substring(key.length());
  }

  @Test
  void sample_oracleBinaryMissing_namesTheInstallCommand() {
    System.setProperty("svdd.reward.rnafold.binary", "RNAfold-absent");
    ConfigFactory.invalidateCaches();
    try {
      CliRunner.Result r = CliRunner.run("sample", "--particles", "2", "--steps", "2", "--out", dir.resolve("out").toString());
      assertNotEquals(0, r.exitCode());
      assertTrue(r.err().contains("'RNAfold-absent' was not found on PATH"), r.err());
      assertTrue(r.err().contains("apt-get install -y --no-install-recommends vienna-rna"), r.err());
      assertFalse(Files.exists(dir.resolve("out")));
    } finally {
      System.clearProperty("svdd.reward.rnafold.binary");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void sample_oracleCrashingOnEveryCall_failsTheJobNamingTheExitCodeAndWritesNothing() throws IOException {
    Path crashing = dir.resolve("crashing-rnafold");
    Files.writeString(crashing, "#!/bin/sh\nread line\nexit 9\n");
    assertTrue(crashing.toFile().setExecutable(true));
    System.setProperty("svdd.reward.rnafold.binary", crashing.toString());
    System.setProperty("svdd.reward.rnafold.retries", "1");
    ConfigFactory.invalidateCaches();
    try {
      CliRunner.Result r = CliRunner.run("sample", "--particles", "2", "--steps", "3", "--out", dir.resolve("out").toString());
      assertNotEquals(0, r.exitCode());
      String last = r.err().lines().filter(l -> l.startsWith("svdd: ")).findFirst().orElse(r.err());
      assertTrue(last.contains("the oracle could not score ") && last.contains("last: RNAfold failed"), last);
      assertTrue(last.contains("exit code 9"), last);
      assertFalse(Files.exists(dir.resolve("out")));
    } finally {
      System.clearProperty("svdd.reward.rnafold.binary");
      System.clearProperty("svdd.reward.rnafold.retries");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void serve_forADockingTargetVinaCannotUse_isRefusedBeforeStarting() throws IOException {
    Path receptor = Files.writeString(dir.resolve("receptor.pdbqt"),
        "ATOM      1  C   UNL     1      11.000  90.500  57.500  0.00  0.00    +0.000 C \n");
    String reward = "vina:" + receptor + ":0,0,0:20,20,20";
    CliRunner.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(2),
        () -> CliRunner.run("serve", "--task", "molecules", "--reward", reward, "--roles", "reward", "--port", "0",
            "--store-url", "jdbc:h2:mem:serve-refused"), "the node must not start");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().strip().startsWith("svdd: reward '" + reward + "': the docking box centred at (0, 0, 0) Å"),
        r.err());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "--seed-nodes notahost | --seed-nodes: 'notahost' is not host:port",
      "--seed-nodes :25520 | --seed-nodes: ':25520' is not host:port",
      "--seed-nodes 127.0.0.1:99999 | --seed-nodes: '127.0.0.1:99999' is not host:port",
      "--port -5 | --port must be 0 (any free port) or a port up to 65535, got -5",
      "--api-port 70000 | --api-port must be 0 (any free port) or a port up to 65535, got 70000",
      "--metrics-port 65536 | --metrics-port must be negative (off), 0 (any free port) or a port up to 65535, got 65536"})
  void serve_badAddress_isRefusedBeforeStarting(String option, String expected) {
    refusedBeforeStarting("--dashboard-port -1 " + option, expected);
  }

  /** The api's ports on a node that serves no api: a mistaken role or option, said rather than left unused. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "--roles reward --api-port 50052 | --api-port is for a node with the api role; this node's roles are [reward]: "
          + "leave it out",
      "--roles coordinator,denoiser --dashboard-port 8081 | --dashboard-port is for a node with the api role; this "
          + "node's roles are [coordinator, denoiser]: leave it out"})
  void serve_apiPortsOnANodeWithoutTheApiRole_areRefusedBeforeStarting(String options, String expected) {
    refusedBeforeStarting(options, expected);
  }

  private static void refusedBeforeStarting(String options, String expected) {
    List<String> args = new ArrayList<>(List.of("serve"));
    args.addAll(List.of(options.strip().split(" ")));
    CliRunner.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(1),
        () -> CliRunner.run(args.toArray(String[]::new)), "the node must not start");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: " + expected, r.err().strip());
  }

  /**
   * A second node started on a running node's port stops at once, naming the port and the option, before it
   * loads a model or opens the job store (where an api node would take the running node's jobs as its own).
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "--port | join the cluster | --port, or 0 for any free one",
      "--api-port | serve the API | --api-port, or 0 for any free one",
      "--dashboard-port | serve the dashboard | --dashboard-port, or -1 for none",
      "--metrics-port | serve metrics | --metrics-port, or -1 for none"})
  void serve_onATakenPort_stopsBeforeTheStore(String option, String what, String advice) throws IOException {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      java.util.Map<String, String> ports = new java.util.LinkedHashMap<>(java.util.Map.of("--port", "0", "--api-port",
          "0", "--dashboard-port", "-1", "--metrics-port", "-1"));
      ports.put(option, Integer.toString(port));
      List<String> args = new ArrayList<>(List.of("serve", "--store-url", "jdbc:h2:file:" + dir.resolve("store")));
      ports.forEach((k, v) -> args.addAll(List.of(k, v)));
      CliRunner.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(1),
          () -> CliRunner.run(args.toArray(String[]::new)), "the node must not start");
      assertEquals(2, r.exitCode(), r.err());
      assertEquals("svdd: cannot " + what + " on 127.0.0.1:" + port + ": the port is taken (another svdd "
          + "serve? choose another with " + advice + ")", r.err().strip());
      assertFalse(Files.exists(dir.resolve("store.mv.db")), "the job store is not opened");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "--rollouts 1 | --rollouts must be at least 2, got 1",
      "--held-out 1 | --held-out must lie in (0, 1), got 1.0",
      "--epochs 0 | --epochs must be at least 1, got 0",
      "--batch-size 0 | --batch-size must be at least 1, got 0",
      "--lr NaN | --lr must be a positive number, got NaN"})
  void trainValue_badOption_isRefusedByName(String option, String expected) {
    List<String> args = new ArrayList<>(List.of("train-value", "--out", dir.resolve("value").toString()));
    args.addAll(List.of(option.strip().split(" ")));
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: " + expected, r.err().strip());
  }

  @Test
  void trainValue_rolloutsThatCannotFitInTheHeap_areRefusedBeforeTheyRun() {
    CliRunner.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
        () -> CliRunner.run("train-value", "--rollouts", "100000000", "--out", dir.resolve("value").toString()),
        "refused before a rollout is drawn");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().strip().matches("svdd: --rollouts 100000000 of \\d+ steps keep about [\\d.]+ GB of states and "
        + "training rows in memory, more than half of this JVM's [\\d.]+ GB heap: give at most \\d+ --rollouts, or more "
        + "heap \\(SVDD_JAVA_OPTS=-Xmx\\d+g\\)"), r.err());

    TrainValueCommand command = new TrainValueCommand();
    command.rollouts = 1000; // 1000 rollouts of 9 states, 100 bytes each: 900 kB, as much as half a 1.8 MB heap
    command.checkMemory(1, 8, 8, 1_800_000);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> command.checkMemory(1, 8, 8, 1_799_998));
    assertTrue(refused.getMessage().contains("give at most 999 --rollouts"), refused.getMessage());
  }

  @Test
  void trainValue_dockingTargetThatCannotBeRead_isRefusedBeforeTheRollouts() {
    String reward = "vina:" + dir.resolve("absent.pdbqt") + ":1,2,3:20,20,20";
    CliRunner.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
        () -> CliRunner.run("train-value", "--task", "molecules", "--reward", reward, "--out",
            dir.resolve("value").toString()), "64 rollouts take minutes; the reward must be refused first");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: receptor " + dir.resolve("absent.pdbqt") + " of reward '" + reward + "' cannot be read",
        r.err().strip());
  }

  @Test
  void serve_rewardTheTaskDoesNotOffer_isRefusedBeforeStarting() {
    CliRunner.Result r = CliRunner.run("serve", "--task", "molecules", "--reward", "rna-mfe");
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: unknown reward 'rna-mfe' for task molecules; allowed: [qed, sa, vina-abl, vina-aurka]"
        + " or your own docking target vina:RECEPTOR:cx,cy,cz:sx,sy,sz", r.err().strip());
  }
}
