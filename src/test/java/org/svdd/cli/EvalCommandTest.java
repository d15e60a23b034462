package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.testing.IdxFiles;

class EvalCommandTest {
  @TempDir Path dir;

  @Test
  void eval_fasta_scoresEverySequenceWithRnaFold() throws IOException {
    Path fasta = Files.writeString(dir.resolve("in.fa"), ">hairpin\nGGGGAAAACCCC\n>trna\n"
        + "GGGCUAUUAGCUCAGUUGGUUAGAGCGCACCCCUGAUAAGGGUGAGGUCGCUGAUUCGAAUUCAGCAUAGCCCA\n");
    Path out = dir.resolve("out");
    CliRunner.Result r = CliRunner.run("eval", "--fasta", fasta.toString(), "--label", "mine", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("mine.jsonl"));
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\"reward\":5.4"), lines.get(0));
    assertTrue(lines.get(0).contains("\"structure\":\"((((....))))\""), lines.get(0));
    assertTrue(lines.get(1).contains("\"reward\":29.9"), lines.get(1));
    String row = r.out().lines().filter(l -> l.startsWith("mine")).findFirst().orElseThrow();
    assertTrue(row.matches("mine\\s+2\\s+17\\.650\\s+.*"), row);
    assertTrue(row.contains(" 50.0% "), "the held-out judge passes the tRNA, not the hairpin: " + row);
    assertTrue(r.out().contains("judged: held out, guided nothing: tRNA by Infernal cmsearch, E < 1e-3"), r.out());
    assertTrue(lines.get(1).contains("\"judge_pass\":1.0"), lines.get(1));
    assertTrue(lines.get(0).contains("\"judge_pass\":0.0"), lines.get(0));
    String summary = Files.readString(out.resolve("summary.json"));
    assertTrue(summary.contains("\"judgePassRate\": 0.5"), summary);
    assertTrue(summary.matches("(?s).*\"oracles\": \\{\n\\s*\"rna-mfe\": \"rna-mfe\\|RNAfold \\d[^\"]* --noPS\"\n.*"),
        "the oracle that scored them: " + summary);
    assertTrue(lines.get(0).contains("\"name\":\"hairpin\""), "each record keeps its design's name: " + lines.get(0));
    assertTrue(Files.readString(out.resolve("mine.fasta")).startsWith(">hairpin "), "and so does the FASTA");
  }

  /** svdd's own output scored again (re-docked, another reward) keeps each design's name, not a trail of rewards. */
  @Test
  void eval_svddsOwnOutput_keepsTheDesignNames() throws IOException {
    Path first = dir.resolve("first");
    Path fasta = Files.writeString(dir.resolve("in.fa"), ">hairpin\nGGGGAAAACCCC\n>flat\nAAAAAAAAAAAA\n");
    assertEquals(0, CliRunner.run("eval", "--fasta", fasta.toString(), "--label", "one", "--out", first.toString())
        .exitCode());
    assertTrue(Files.readString(first.resolve("one.fasta")).startsWith(">hairpin reward=5.40\n"));
    Path second = dir.resolve("second");
    CliRunner.Result r = CliRunner.run("eval", "--fasta", first.resolve("one.fasta").toString(), "--label", "two",
        "--out", second.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of(">hairpin reward=5.40", "GGGGAAAACCCC", ">flat reward=0.00", "AAAAAAAAAAAA"),
        Files.readAllLines(second.resolve("two.fasta")));
    assertTrue(Files.readString(second.resolve("two.jsonl")).contains("\"name\":\"hairpin\""));
  }

  /**
   * A run's designs scored under another task (--task left out for a promoter run) are refused naming the task its
   * summary.json says, not the first foreign symbol; a file of the folder that is not the run's is read as any other.
   */
  @Test
  void eval_aRunsDesigns_underAnotherTask_areRefusedNamingTheirTask() throws IOException {
    Path run = Files.createDirectories(dir.resolve("promoter-run"));
    Files.writeString(run.resolve("summary.json"), "{\"spec\": {\"task\": \"promoter\", \"method\": \"svdd,best-of-n\"}, "
        + "\"methods\": [{\"method\": \"svdd\"}, {\"method\": \"best-of-n\"}], \"later\": 1}\n");
    for (String file : List.of("svdd.jsonl", "best-of-n.fasta")) {
      Path designs = Files.writeString(run.resolve(file), file.endsWith(".jsonl")
          ? "{\"method\":\"svdd\",\"particle\":0,\"sequence\":\"TTTTAAAACCCC\"}\n" : ">best-of-n-0\nTTTTAAAACCCC\n");
      CliRunner.Result r = CliRunner.run("eval", "--designs", designs.toString());
      assertEquals(2, r.exitCode(), r.err());
      assertEquals("svdd: " + designs + " holds designs of task promoter (its summary.json says so), not trna: score "
          + "them with --task promoter", r.err().strip());
    }
    Path mine = Files.writeString(run.resolve("mine.fa"), ">hairpin\nGGGGAAAACCCC\n");
    CliRunner.Result r = CliRunner.run("eval", "--designs", mine.toString());
    assertEquals(0, r.exitCode(), r.err());
    Files.writeString(run.resolve("summary.json"), "not json");
    Files.writeString(run.resolve("svdd.fasta"), ">svdd-0\nGGGGAAAACCCC\n");
    assertEquals(0, CliRunner.run("eval", "--designs", run.resolve("svdd.fasta").toString()).exitCode(),
        "a summary.json that is not svdd's decides nothing");
  }

  /** A run's designs drawn by another model than the one eval measures naturalness under are said to be so. */
  @Test
  void eval_aRunsDesigns_drawnByAnotherModel_saySo() throws IOException {
    Path run = Files.createDirectories(dir.resolve("own-model-run"));
    Path designs = Files.writeString(run.resolve("svdd.fasta"), ">svdd-0\nGGGGAAAACCCC\n");
    Path model = Path.of(System.getProperty("svdd.home", ".")).resolve("models/trna");
    String bundled = org.svdd.oracle.ContentDigest.ofDenoiser(model);
    for (String drawnBy : List.of(bundled, "0123456789abcdef")) {
      Files.writeString(run.resolve("summary.json"), "{\"spec\": {\"task\": \"trna\", \"method\": \"svdd\"}, "
          + "\"methods\": [{\"method\": \"svdd\"}], \"modelDigest\": \"" + drawnBy + "\"}\n");
      CliRunner.Result r = CliRunner.run("eval", "--designs", designs.toString());
      assertEquals(0, r.exitCode(), r.err());
      boolean said = r.err().contains("svdd: " + designs + " was drawn by another model (weights 0123456789abcdef, as its "
          + "summary.json says) than " + model + " (" + bundled + "), under which its naturalness is measured here: give "
          + "that model with --model");
      assertEquals(!drawnBy.equals(bundled), said, r.err());
    }
  }

  /** {@code eval --designs -} with {@code input} on standard input, into {@code dir/piped}. */
  private CliRunner.Result evalPiped(String input) {
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      return CliRunner.run("eval", "--designs", "-", "--label", "piped", "--out", dir.resolve("piped").toString());
    } finally {
      System.setIn(stdin);
    }
  }

  /** '-' reads the designs from standard input, in any format the task reads from a file. */
  @Test
  void eval_dashReadsStandardInput() throws IOException {
    CliRunner.Result r = evalPiped(">hairpin\nGGGGAAAACCCC\n");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of(">hairpin reward=5.40", "GGGGAAAACCCC"), Files.readAllLines(dir.resolve("piped/piped.fasta")));
  }

  /** A refusal of piped designs names standard input, not the temporary copy svdd read it from. */
  @Test
  void eval_badStandardInput_isNamedAsSuch() {
    CliRunner.Result r = evalPiped(">odd\nGGGGXAAACCCC\n");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("standard input") && !r.err().contains("svdd-stdin"), r.err());
  }

  /** Scoring an earlier run's designs into that run's folder: the folder holds the new run, the input stays. */
  @Test
  void eval_intoTheFolderItsDesignsCameFrom_keepsThem() throws IOException {
    Path folder = dir.resolve("runs");
    Path fasta = Files.writeString(dir.resolve("in.fa"), ">hairpin\nGGGGAAAACCCC\n");
    assertEquals(0, CliRunner.run("eval", "--fasta", fasta.toString(), "--label", "one", "--out", folder.toString())
        .exitCode());
    String designs = Files.readString(folder.resolve("one.fasta"));
    CliRunner.Result again = CliRunner.run("eval", "--designs", folder.resolve("one.fasta").toString(), "--label", "two",
        "--out", folder.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(designs, Files.readString(folder.resolve("one.fasta")), "the designs this run read are not removed");
    assertTrue(Files.exists(folder.resolve("two.jsonl")));
    assertTrue(!Files.exists(folder.resolve("one.jsonl")), "the earlier run's other files make way for this run's");
    assertEquals(0, CliRunner.run("eval", "--fasta", fasta.toString(), "--label", "three", "--out", folder.toString())
        .exitCode());
    assertEquals(designs, Files.readString(folder.resolve("one.fasta")), "and it is the user's file from then on");
  }

  /** More designs than one request to the oracle holds: each keeps its own reward, in the file's order. */
  @Test
  void eval_manyDesigns_scoredInSlices_keepTheirOrder() throws IOException {
    StringBuilder fasta = new StringBuilder();
    int n = 2 * EvalCommand.SLICE + 3;
    for (int i = 0; i < n; i++) {
      fasta.append(i % 3 == 0 ? ">hairpin" + i + "\nGGGGAAAACCCC\n" : ">flat" + i + "\nAAAAAAAAAAAA\n");
    }
    Path out = dir.resolve("many");
    CliRunner.Result r = CliRunner.run("eval", "--fasta", Files.writeString(dir.resolve("many.fa"), fasta).toString(),
        "--label", "many", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("many.jsonl"));
    assertEquals(n, lines.size());
    for (int i = 0; i < n; i++) {
      String line = lines.get(i);
      assertTrue(i % 3 == 0 ? line.contains("\"name\":\"hairpin" + i + "\"") && line.contains("\"reward\":5.4")
          : line.contains("\"name\":\"flat" + i + "\"") && line.contains("\"reward\":0"), line);
    }
  }

  @Test
  void eval_sequenceWithForeignSymbol_namesTheRecord() throws IOException {
    Path fasta = Files.writeString(dir.resolve("bad.fa"), ">ok\nACGU\n>weird\nACGXU\n");
    CliRunner.Result r = CliRunner.run("eval", "--fasta", fasta.toString());
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("svdd: " + fasta + ", sequence 'weird': symbol 'X' at position 3"), r.err());
  }

  /** A user scoring a library: the records the model can encode are scored, the others listed with their reason. */
  @Test
  void eval_skipUnencodable_scoresTheRestAndListsWhatItLeftOut() throws IOException {
    Path fasta = Files.writeString(dir.resolve("lib.fa"),
        ">hairpin\nGGGGAAAACCCC\n>weird\nACGXU\n>blank\n\n>flat\nAAAAAAAAAAAA\n");
    Path out = dir.resolve("lib");
    CliRunner.Result r = CliRunner.run("eval", "--fasta", fasta.toString(), "--label", "lib", "--out", out.toString(),
        "--skip-unencodable");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("lib.jsonl"));
    assertEquals(2, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("\"name\":\"hairpin\"") && lines.get(0).contains("\"reward\":5.4"), lines.get(0));
    assertTrue(lines.get(1).contains("\"name\":\"flat\"") && lines.get(1).contains("\"reward\":0"), lines.get(1));
    assertEquals(List.of("name\treason", "weird\tsymbol 'X' at position 3 is not one of [A, C, G, U]", "blank\tno sequence"),
        Files.readAllLines(out.resolve("lib" + EncodedDesigns.SKIPPED)));
    assertTrue(r.err().contains("left out 2 of 4 records the model cannot encode (all listed in "
        + out.resolve("lib" + EncodedDesigns.SKIPPED) + ")"), r.err());
    assertTrue(r.err().contains("  weird: symbol 'X'"), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("lib\\s+2\\s+.*")), "the row counts the scored designs: " + r.out());

    CliRunner.Result clean = CliRunner.run("eval", "--fasta",
        Files.writeString(dir.resolve("clean.fa"), ">hairpin\nGGGGAAAACCCC\n").toString(), "--label", "lib",
        "--out", out.toString(), "--skip-unencodable");
    assertEquals(0, clean.exitCode(), clean.err());
    assertTrue(Files.notExists(out.resolve("lib" + EncodedDesigns.SKIPPED)),
        "a later run that leaves nothing out does not keep the earlier list");
    assertEquals("", clean.err().strip());
  }

  /** A chemist's SDF (docking poses with hydrogens, V3000, charges), one record an element the model lacks. */
  @Test
  void eval_moleculesFromSdf_scoredUnderTheirTitles_skippingWhatTheModelCannotEncode() throws IOException {
    String library;
    try (var in = EvalCommandTest.class.getResourceAsStream("/molecules/library.sdf")) {
      library = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
    String salt = "salt\n\n\n  2  0  0  0  0  0  0  0  0  0999 V2000\n"
        + "    0.0000    0.0000    0.0000 Na  0  3  0  0  0  0  0  0  0  0  0  0\n"
        + "    3.0000    0.0000    0.0000 Cl  0  5  0  0  0  0  0  0  0  0  0  0\nM  CHG  2   1   1   2  -1\nM  END\n$$$$\n";
    Path sdf = Files.writeString(dir.resolve("library.sdf"), library + salt);
    Path out = dir.resolve("sdf");
    CliRunner.Result r = CliRunner.run("eval", "--task", "molecules", "--reward", "qed", "--designs", sdf.toString(),
        "--label", "lib", "--out", out.toString(), "--skip-unencodable");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("lib.jsonl"));
    assertEquals(List.of("ethanol", "library.sdf#2", "acetate"),
        lines.stream().map(l -> l.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1")).toList());
    assertTrue(lines.stream().allMatch(l -> l.contains("\"qed\"")), String.join("\n", lines));
    List<String> skipped = Files.readAllLines(out.resolve("lib" + EncodedDesigns.SKIPPED));
    assertEquals(2, skipped.size(), skipped.toString());
    assertTrue(skipped.get(1).startsWith("salt\t") && skipped.get(1).contains("'Na' is not supported"), skipped.get(1));
  }

  /** A vendor's salts scored as their parents when asked, with the count of records cut; refused otherwise. */
  @Test
  void eval_largestFragment_scoresSaltsAsTheirParents() throws IOException {
    Path smi = Files.writeString(dir.resolve("salts.smi"),
        "Cl.CCN(CC)CC triethylamine-HCl\nO.O.CC(=O)Nc1ccc(O)cc1 paracetamol-dihydrate\nc1ccccc1O phenol\n");
    CliRunner.Result refused = CliRunner.run("eval", "--task", "molecules", "--reward", "qed", "--designs",
        smi.toString());
    assertNotEquals(0, refused.exitCode());
    assertTrue(refused.err().contains("sequence 'triethylamine-HCl': the molecule has more than one fragment"),
        refused.err());
    Path out = dir.resolve("salts");
    CliRunner.Result r = CliRunner.run("eval", "--task", "molecules", "--reward", "qed", "--designs", smi.toString(),
        "--largest-fragment", "--label", "lib", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("svdd: scoring the largest fragment of 2 of 3 records"), r.err());
    List<String> smiles = Files.readAllLines(out.resolve("lib.smi")).stream().map(l -> l.split("\t")[0]).toList();
    CliRunner.Result rna = CliRunner.run("eval", "--fasta", Files.writeString(dir.resolve("one.fa"),
        ">hairpin\nGGGGAAAACCCC\n").toString(), "--largest-fragment");
    assertEquals(0, rna.exitCode(), rna.err());
    assertTrue(rna.err().contains("--largest-fragment cut nothing: no record has more than one fragment (the option "
        + "is for molecules)"), "an option that does nothing says so: " + rna.err());
    assertEquals(List.of(org.svdd.task.molecule.Molecules.canonical("CCN(CC)CC"),
        org.svdd.task.molecule.Molecules.canonical("CC(=O)Nc1ccc(O)cc1"),
        org.svdd.task.molecule.Molecules.canonical("c1ccccc1O")), smiles);
  }

  /** A salt's parent in its neutral form: sodium aspirin is scored as aspirin, a betaine stays a zwitterion. */
  @Test
  void eval_largestFragmentAndNeutralise_scoreTheChargeParent() throws IOException {
    Path smi = Files.writeString(dir.resolve("vendor.smi"), "CC(=O)Oc1ccccc1C(=O)[O-].[Na+] aspirin-sodium\n"
        + "C[N+](C)(C)CC(=O)[O-] betaine\nc1ccccc1O phenol\n");
    Path out = dir.resolve("neutral");
    CliRunner.Result r = CliRunner.run("eval", "--task", "molecules", "--reward", "qed", "--designs", smi.toString(),
        "--largest-fragment", "--neutralise", "--label", "lib", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("svdd: scoring the largest fragment of 1 of 3 records"), r.err());
    assertTrue(r.err().contains("svdd: scoring the neutral form of 1 of 3 records"), r.err());
    assertEquals(List.of(org.svdd.task.molecule.Molecules.canonical("CC(=O)Oc1ccccc1C(=O)O"),
        org.svdd.task.molecule.Molecules.canonical("C[N+](C)(C)CC(=O)[O-]"),
        org.svdd.task.molecule.Molecules.canonical("c1ccccc1O")),
        Files.readAllLines(out.resolve("lib.smi")).stream().map(l -> l.split("\t")[0]).toList());
    CliRunner.Result rna = CliRunner.run("eval", "--fasta", Files.writeString(dir.resolve("one.fa"),
        ">hairpin\nGGGGAAAACCCC\n").toString(), "--neutralise");
    assertEquals(0, rna.exitCode(), rna.err());
    assertTrue(rna.err().contains("--neutralise changed nothing"), rna.err());
  }

  @Test
  void eval_skipUnencodable_nothingEncodable_isRefused() throws IOException {
    Path fasta = Files.writeString(dir.resolve("none.fa"), ">a\nXX\n>b\nZZ\n");
    CliRunner.Result r = CliRunner.run("eval", "--fasta", fasta.toString(), "--skip-unencodable");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().startsWith("svdd: none of the 2 records of " + fasta + " can be encoded by the model; the first, "
        + "a: symbol 'X' at position 0"), r.err());
  }

  /**
   * A user's files are a row named "designs", not "natural" (the held-out set's row); an --out and --label that
   * would write over a file the eval reads are refused before any scoring, and the file is kept.
   */
  @Test
  void eval_givenFiles_rowIsDesigns_andNeverWritesOverItsInput() throws IOException {
    Path out = Files.createDirectories(dir.resolve("run"));
    String records = "{\"method\":\"svdd\",\"particle\":0,\"sequence\":\"GGGGAAAACCCC\",\"reward\":1.0}\n";
    Path svdd = Files.writeString(out.resolve("svdd.jsonl"), records);

    CliRunner.Result plain = CliRunner.run("eval", "--designs", svdd.toString(), "--out", out.toString());
    assertEquals(0, plain.exitCode(), plain.err());
    assertTrue(plain.out().lines().anyMatch(l -> l.matches("designs\\s+1\\s.*")), plain.out());
    assertTrue(Files.exists(out.resolve("designs.jsonl")));

    CliRunner.Result over = CliRunner.run("eval", "--designs", svdd.toString(), "--out", out.toString(), "--label", "svdd");
    assertEquals(2, over.exitCode(), over.err());
    assertEquals("svdd: --out " + out + " with --label svdd would write over " + svdd + ", which this eval reads: "
        + "give another --label or --out", over.err().strip());
    assertEquals(records, Files.readString(svdd));
    assertTrue(CliRunner.run("eval").out().lines().anyMatch(l -> l.startsWith("natural ")), "the held-out row");
  }

  /** Several files are one set, in order; svdd's own JSONL reads for any task, named as its PNG and SDF entries are. */
  @Test
  void eval_severalFiles_andSvddsOwnJsonl_scoreAsOneSet() throws IOException {
    Path a = Files.writeString(dir.resolve("a.fa"), ">hairpin\nGGGGAAAACCCC\n");
    Path b = Files.writeString(dir.resolve("b.fa"), ">flat\nAAAAAAAAAAAA\n");
    Path records = Files.writeString(dir.resolve("svdd.jsonl"),
        "{\"method\":\"svdd\",\"particle\":3,\"sequence\":\"GGGGAAAACCCC\",\"reward\":1.0,\"naturalness\":\"NaN\"}\n"
            + "\n{\"method\":\"svdd\",\"particle\":4,\"name\":\"mine\",\"sequence\":\"AAAAAAAAAAAA\",\"future\":1}\n");
    Path out = dir.resolve("set");
    CliRunner.Result r = CliRunner.run("eval", "--designs", a.toString(), b.toString(), records.toString(), "--label",
        "set", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of(">hairpin reward=5.40", ">flat reward=0.00", ">svdd-3 reward=5.40", ">mine reward=0.00"),
        Files.readAllLines(out.resolve("set.fasta")).stream().filter(l -> l.startsWith(">")).toList());

    Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"sequence\":\"GGGGAAAACCCC\"}\n{\"sequence\": 7\n");
    CliRunner.Result bad = CliRunner.run("eval", "--designs", broken.toString());
    assertNotEquals(0, bad.exitCode());
    assertTrue(bad.err().startsWith("svdd: " + broken + ", line 2: not an svdd sample record ("), bad.err());
    Path foreign = Files.writeString(dir.resolve("foreign.jsonl"), "{\"smiles\":\"CCO\"}\n");
    assertEquals("svdd: " + foreign + ": no record has a \"sequence\" (svdd's METHOD.jsonl records are expected)",
        CliRunner.run("eval", "--designs", foreign.toString()).err().strip());
    Path oneEmpty = Files.writeString(dir.resolve("one-empty.jsonl"),
        "{\"method\":\"svdd\",\"particle\":0,\"sequence\":\"GGGGAAAACCCC\"}\n{\"method\":\"svdd\",\"particle\":1}\n");
    assertEquals("svdd: " + oneEmpty + ", sequence 'svdd-1': no sequence" + EncodedDesigns.SKIP_HINT,
        CliRunner.run("eval", "--designs", oneEmpty.toString()).err().strip());
    CliRunner.Result skipped = CliRunner.run("eval", "--designs", oneEmpty.toString(), "--skip-unencodable");
    assertEquals(0, skipped.exitCode(), skipped.err());
    assertTrue(skipped.err().contains("left out 1 of 2 records") && skipped.err().contains("svdd-1: no sequence"),
        skipped.err());
    Path empty = Files.writeString(dir.resolve("empty.fa"), "");
    assertEquals("svdd: " + empty + " holds no designs", CliRunner.run("eval", "--designs", empty.toString()).err().strip());
  }

  /**
   * Image designs as svdd writes them, METHOD-K.png, score as the same designs as METHOD.jsonl holds (a grey picture
   * saved as RGB too); a grid or a colour picture is refused saying what to give instead.
   */
  @Test
  void eval_fashionPngs_scoreAsTheirPixels_andAGridIsRefused() throws IOException {
    org.svdd.oracle.GreyImage stripes = image(28, 28, (x, y) -> x % 7 * 30);
    org.svdd.oracle.GreyImage blank = image(28, 28, (x, y) -> 0);
    Path png = Files.write(dir.resolve("svdd-0.png"), stripes.png());
    java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(blank.buffered(), 0, 0, null);
    Path rgbPng = dir.resolve("svdd-1.png");
    javax.imageio.ImageIO.write(rgb, "png", rgbPng.toFile());
    Path out = dir.resolve("png");
    CliRunner.Result r = CliRunner.run("eval", "--task", "fashion", "--designs", png.toString(), rgbPng.toString(),
        "--label", "svdd", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("svdd.jsonl"));
    assertEquals(List.of("svdd-0", "svdd-1"), lines.stream().map(l -> l.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"))
        .toList());
    org.svdd.task.image.ImageCodec codec = new org.svdd.task.image.ImageCodec(28, 28);
    assertTrue(lines.get(0).contains("\"sequence\":\"" + codec.text(stripes) + "\""), lines.get(0));
    assertTrue(lines.get(1).contains("\"sequence\":\"" + codec.text(blank) + "\""), lines.get(1));
    assertTrue(r.out().lines().anyMatch(l -> l.matches("svdd\\s+2\\s.*\\s-\\s.*")),
        "naturalness of a Gaussian model is not estimated: a dash, not NaN: " + r.out());

    CliRunner.Result again = CliRunner.run("eval", "--task", "fashion", "--designs",
        out.resolve("svdd.jsonl").toString(), "--label", "svdd", "--out", dir.resolve("jsonl").toString());
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(lines.stream().map(l -> l.replaceAll("\"naturalness\":[^,]*,", "")).toList(),
        Files.readAllLines(dir.resolve("jsonl").resolve("svdd.jsonl")).stream()
            .map(l -> l.replaceAll("\"naturalness\":[^,]*,", "")).toList());

    Path grid = Files.write(dir.resolve("svdd.png"), org.svdd.oracle.GreyImage.gridPng(List.of(stripes, blank), 2, 2, 2));
    assertEquals("svdd: " + grid + " is 118 x 60 pixels; a fashion design is one 28 x 28 grey image (a grid, "
        + "METHOD.png, shows several: score the METHOD-K.png files or METHOD.jsonl)",
        CliRunner.run("eval", "--task", "fashion", "--designs", grid.toString()).err().strip());
    rgb.setRGB(3, 4, 0xff0000);
    javax.imageio.ImageIO.write(rgb, "png", rgbPng.toFile());
    assertEquals("svdd: " + rgbPng + ": a colour image: pixel (3, 4) is #ff0000; an image design is grey",
        CliRunner.run("eval", "--task", "fashion", "--designs", rgbPng.toString()).err().strip());
  }

  /** An IDX file of images scores without its labels, renamed or not; a labelled task (a classifier) still asks. */
  @Test
  void eval_fashionIdx_withoutLabels_andRenamed() throws IOException {
    Path data = IdxFiles.rectangles(dir, "mine", 5, 28, 2);
    Files.delete(data.resolveSibling(data.getFileName().toString().replace("-images-idx3-ubyte", "-labels-idx1-ubyte")));
    Path renamed = Files.copy(data, dir.resolve("pictures.gz"));
    for (Path file : List.of(data, renamed)) {
      CliRunner.Result r = CliRunner.run("eval", "--task", "fashion", "--designs", file.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().lines().anyMatch(l -> l.matches("designs\\s+5\\s.*")), r.out());
    }
    CliRunner.Result classifier = CliRunner.run("train-classifier", "--task", "fashion", "--role", "guide", "--data",
        renamed.toString(), "--test", data.toString(), "--out", dir.resolve("c").toString());
    assertNotEquals(0, classifier.exitCode());
    assertEquals("svdd: " + renamed + ": its labels are read from the file beside it, named as Fashion-MNIST's "
        + "(X-labels-idx1-ubyte[.gz] beside X-images-idx3-ubyte[.gz])", classifier.err().strip());
  }

  private static org.svdd.oracle.GreyImage image(int width, int height,
      java.util.function.IntBinaryOperator level) {
    byte[] pixels = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = (byte) level.applyAsInt(x, y);
      }
    }
    return new org.svdd.oracle.GreyImage(width, height, pixels);
  }

  @Test
  void eval_missingFile_namesIt() {
    CliRunner.Result r = CliRunner.run("eval", "--fasta", dir.resolve("absent.fa").toString());
    assertNotEquals(0, r.exitCode());
    assertEquals("svdd: sequence file " + dir.resolve("absent.fa") + " does not exist", r.err().strip());
    CliRunner.Result molecules = CliRunner.run("eval", "--task", "molecules", "--designs",
        dir.resolve("absent.smi").toString());
    assertEquals("svdd: molecule file " + dir.resolve("absent.smi") + " does not exist", molecules.err().strip());
  }
}
