package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;

class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void train_stockholmInput_writesALoadableModelWithSplitAndCard() throws IOException {
    StringBuilder sto = new StringBuilder("# STOCKHOLM 1.0\n\n");
    for (int i = 0; i < 30; i++) {
      sto.append("seq").append(i).append("  GGGC.AA-").append("ACGU".repeat(1 + i % 3)).append("..GCCC").append("U".repeat(i % 5)).append('\n');
    }
    sto.append("seq30  ").append("A".repeat(40)).append('\n').append("//\n");
    Path data = Files.writeString(dir.resolve("tiny.sto"), sto.toString());
    Path out = dir.resolve("model");
    CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(), "--length", "32",
        "--hidden", "8", "--blocks", "1", "--kernel", "3", "--epochs", "2", "--batch-size", "8", "--judge-samples", "20");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("31 records read, 15 unique kept (13 train, 2 held out), 15 repeats of a kept design, 1 dropped: 1 longer than 32 nt"), r.err());
    assertEquals(13, Files.readAllLines(out.resolve("data/train.fa")).size() / 2);
    assertEquals(2, Files.readAllLines(out.resolve("data/heldout.fa")).size() / 2);
    String card = Files.readString(out.resolve("MODEL_CARD.md"));
    assertTrue(card.contains("| order-5 Markov chain"), card);
    assertTrue(card.contains("## Held-out judge\n\ntRNA by Infernal cmsearch, E < 1e-3; pre-trained samples drawn with T = 32"), card);
    assertTrue(card.contains("| pre-trained samples | 20 | "), card);
    assertTrue(card.contains("| held-out natural | 2 | "), card);
    List<String> history = Files.readAllLines(out.resolve("training.tsv"));
    assertEquals(3, history.size(), "a header and one line per epoch");
    assertEquals("epoch\ttrain_loss\theld_out_loss\tretried_passes\tleft_out_batches", history.get(0));
    assertTrue(history.get(1).matches("1\t[0-9.]+\t[0-9.]+\t0\t0"), history.get(1));
    assertTrue(r.out().startsWith("held-out negative ELBO: "), r.out());
    try (DiffusionModel model = ModelFiles.load(out)) {
      assertEquals(32, model.length());
    }
  }

  /** Twenty distinct short RNA records in {@code dir/tiny.fa}: enough for a one-epoch model of length 24 and its split. */
  static Path tinyFasta(Path dir) throws IOException {
    StringBuilder fasta = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      String variable = "" + "ACGU".charAt(i % 4) + "ACGU".charAt(i / 4 % 4) + "ACGU".charAt(i / 16);
      fasta.append(">s").append(i).append('\n').append("GGGCAA").append(variable).append("ACGU".repeat(1 + i % 2))
          .append("GCCC\n");
    }
    return Files.writeString(dir.resolve("tiny.fa"), fasta.toString());
  }

  @Test
  void train_judgeCrashing_keepsTheModelAndItsCard_withoutAJudgeSection() throws IOException {
    Path data = tinyFasta(dir);
    Path out = dir.resolve("judge-crashes");
    System.setProperty("svdd.reward.cmsearch.binary", "/bin/false");
    com.typesafe.config.ConfigFactory.invalidateCaches();
    try {
      CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(), "--length", "24",
          "--hidden", "8", "--blocks", "1", "--kernel", "3", "--epochs", "1", "--batch-size", "8", "--judge-samples", "4");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains("svdd: the model card has no judge section: the judge failed: "), r.err());
      String card = Files.readString(out.resolve("MODEL_CARD.md"));
      assertTrue(card.contains("| order-5 Markov chain") && !card.contains("## Held-out judge"), card);
      try (DiffusionModel model = ModelFiles.load(out)) {
        assertEquals(24, model.length());
      }
    } finally {
      System.clearProperty("svdd.reward.cmsearch.binary");
      com.typesafe.config.ConfigFactory.invalidateCaches();
    }
  }

  /** The hybrid's card names where its attention sits and how to train it again; the saved model loads as one. */
  @Test
  void train_hybrid_cardNamesTheAttentionLayersAndTheCommand() throws IOException {
    StringBuilder sto = new StringBuilder("# STOCKHOLM 1.0\n\n");
    for (int i = 0; i < 20; i++) {
      sto.append("seq").append(i).append("  GGGCAA").append("ACGU".repeat(1 + i % 3)).append("GCCC").append("U".repeat(i % 4)).append('\n');
    }
    Path data = Files.writeString(dir.resolve("tiny.sto"), sto.append("//\n").toString());
    Path out = dir.resolve("hybrid");
    CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(), "--length", "24",
        "--arch", "hybrid", "--hidden", "8", "--blocks", "5", "--heads", "2", "--kernel", "3", "--dropout", "0.1",
        "--epochs", "1", "--batch-size", "8", "--judge-samples", "0");
    assertEquals(0, r.exitCode(), r.err());
    String card = Files.readString(out.resolve("MODEL_CARD.md"));
    assertTrue(card.contains("After block 5 a pre-norm residual self-attention layer (layer norm over the channels, 2 heads"), card);
    assertTrue(card.contains("--arch hybrid --hidden 8 --blocks 5 --kernel 3 --heads 2 --dropout 0.1 --epochs 1"), card);
    assertTrue(card.contains("While training, dropout 0.1 zeroes each residual convolution's outputs"), card);
    assertTrue(Files.readString(out.resolve("model.properties")).contains("architecture=hybrid"));
    try (DiffusionModel model = ModelFiles.load(out)) {
      assertEquals(24, model.length());
    }

    // trained on from where it stopped: the card says so, and its command does it again
    Path more = dir.resolve("more");
    r = CliRunner.run("train", "--data", data.toString(), "--out", more.toString(), "--length", "24", "--arch", "hybrid",
        "--hidden", "8", "--blocks", "5", "--heads", "2", "--kernel", "3", "--epochs", "1", "--batch-size", "8",
        "--judge-samples", "0", "--init", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String moreCard = Files.readString(more.resolve("MODEL_CARD.md"));
    assertTrue(moreCard.contains("Training started from the weights of `" + out + "`"), moreCard);
    assertTrue(moreCard.contains("--seed 1 --init " + out + "\n"), moreCard);
    // another network is refused, naming both
    r = CliRunner.run("train", "--data", data.toString(), "--out", dir.resolve("other").toString(), "--length", "24",
        "--arch", "hybrid", "--hidden", "8", "--blocks", "6", "--heads", "2", "--kernel", "3", "--epochs", "1",
        "--judge-samples", "0", "--init", out.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("its network (hybrid, width 8, 5 blocks, kernel 3, 2 heads, 4 symbols, length 24) is "
        + "not the one asked for (hybrid, width 8, 6 blocks"), r.err());
  }

  @Test
  void train_moleculesTask_learnsSelfiesSymbolsFromSmiles() throws IOException {
    String smiles = String.join("\n", "CC(=O)Oc1ccccc1C(=O)O", "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "c1ccc2ccccc2c1",
        "CCCCCCN", "CCCCCCO", "NCCCCCO", "Clc1ccccc1", "OCCN(CC)CC", "CC(C)Cc1ccc(cc1)C(C)C(=O)O", "CCO.O");
    Path data = Files.writeString(dir.resolve("mols.smi"), smiles + "\n");
    Path out = dir.resolve("molecules");
    CliRunner.Result r = CliRunner.run("train", "--task", "molecules", "--data", data.toString(), "--out",
        out.toString(), "--length", "40", "--hidden", "8", "--blocks", "1", "--kernel", "3", "--epochs", "1",
        "--batch-size", "4", "--judge-samples", "5");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("10 records read, 9 unique kept (8 train, 1 held out), 1 dropped: 1 more than one fragment"), r.err());
    assertEquals(8, Files.readAllLines(out.resolve("data/train.smi")).size());
    try (DiffusionModel model = ModelFiles.load(out)) {
      assertTrue(model.vocabulary().symbols().containsAll(java.util.List.of("[C]", "[=O]", "[Ring1]", "[Branch1]")),
          model.vocabulary().symbols().toString());
    }
    assertTrue(Files.readString(out.resolve("MODEL_CARD.md")).contains("bin/svdd train --task molecules"));
  }

  /** A vendor's salts and charged records, dropped by default, trained on as their neutral parents when asked. */
  @Test
  void train_molecules_largestFragmentAndNeutralise_keepTheParents() throws IOException {
    String smiles = String.join("\n", "CC(=O)Oc1ccccc1C(=O)[O-].[Na+]", "CCCCCC[NH3+].[Cl-]", "CCCCO.O", "CCCCCCO",
        "c1ccc2ccccc2c1", "CCCCC(=O)[O-]", "C[N+](C)(C)CC(=O)[O-]", "Clc1ccccc1");
    Path data = Files.writeString(dir.resolve("vendor.smi"), smiles + "\n");
    List<String> common = List.of("--task", "molecules", "--data", data.toString(), "--length", "40", "--hidden", "8",
        "--blocks", "1", "--kernel", "3", "--epochs", "1", "--batch-size", "4", "--judge-samples", "0", "--held-out", "0.5");
    List<String> plain = new java.util.ArrayList<>(List.of("train", "--out", dir.resolve("plain").toString()));
    plain.addAll(common);
    CliRunner.Result asIs = CliRunner.run(plain.toArray(String[]::new));
    assertEquals(0, asIs.exitCode(), asIs.err());
    assertTrue(asIs.err().contains("8 records read, 4 unique kept"), asIs.err());
    List<String> parents = new java.util.ArrayList<>(List.of("train", "--out", dir.resolve("parents").toString(),
        "--largest-fragment", "--neutralise"));
    parents.addAll(common);
    CliRunner.Result r = CliRunner.run(parents.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("svdd: 3 records cut to their largest fragment, 3 neutralised"), r.err());
    assertTrue(r.err().contains("8 records read, 8 unique kept"), r.err());
    List<String> trained = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("parents/data/train.smi")));
    trained.addAll(Files.readAllLines(dir.resolve("parents/data/heldout.smi")));
    for (String parent : List.of("CC(=O)Oc1ccccc1C(=O)O", "CCCCCCN", "CCCCO", "CCCCC(=O)O", "C[N+](C)(C)CC(=O)[O-]")) {
      String canonical = org.svdd.task.molecule.Molecules.canonical(parent);
      assertTrue(trained.stream().anyMatch(l -> l.split("\\s")[0].equals(canonical)), canonical + " in " + trained);
    }
    assertTrue(Files.readString(dir.resolve("parents/MODEL_CARD.md")).contains("3 records cut to their largest fragment"));
    CliRunner.Result rna = CliRunner.run("train", "--data", data.toString(), "--out", dir.resolve("rna").toString(),
        "--neutralise");
    assertEquals(2, rna.exitCode(), rna.err());
    assertEquals("svdd: task trna trains on its records as they are (the option is for molecules)", rna.err().strip());
  }

  /** An image model's option given for a sequence task is refused before any data is read, not quietly ignored. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "trna | --base 8 | --base applies to the image tasks (a U-Net), not to task trna",
      "molecules | --limit 100 --base 4 | --base, --limit apply to the image tasks (a U-Net), not to task molecules"})
  void train_anImageOptionForASequenceTask_isRefused(String task, String options, String message) {
    Path out = dir.resolve("refused-" + task);
    List<String> args = new java.util.ArrayList<>(List.of("train", "--task", task, "--data", "/nope.fa", "--out",
        out.toString()));
    args.addAll(List.of(options.split(" ")));
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: " + message, r.err().strip());
    assertTrue(!Files.exists(out), "nothing written");
  }

  /** A split without a held-out design, from too little data or --held-out 0, stops before any epoch or file. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "0.1 | 2 | --held-out 0.1 holds out no design of ",
      "0 | 20 | --held-out 0.0 holds out no design of "})
  void train_noHeldOutDesign_isRefused_andWritesNothing(String fraction, int records, String message) throws IOException {
    StringBuilder fasta = new StringBuilder();
    for (int i = 0; i < records; i++) {
      fasta.append(">s").append(i).append('\n').append("GGGCAA").append("ACGU".repeat(1 + i)).append("GCCC\n");
    }
    Path data = Files.writeString(dir.resolve("few.fa"), fasta.toString());
    Path out = dir.resolve("few-model");
    CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", out.toString(), "--length", "96",
        "--hidden", "8", "--blocks", "1", "--epochs", "1", "--held-out", fraction);
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("svdd: " + message), r.err());
    assertTrue(r.err().contains("the model card's held-out figures need at least one"), r.err());
    assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing written into " + out);
  }

  /** Each refused before any data is read: the data file named here does not exist. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "--arch foo | --arch must be cnn, hybrid or transformer, got 'foo'",
      "--arch hybrid --heads 5 | --heads must divide --hidden 64, got 5",
      "--arch hybrid --heads 0 | --heads must divide --hidden 64, got 0",
      "--arch hybrid --blocks 4 | --arch hybrid puts attention after every fifth block: --blocks must be at least 5, got 4",
      "--arch transformer --heads 3 | --heads must divide --hidden 64, got 3",
      "--dropout 1 | --dropout must lie in [0, 1) (0: off), got 1.0",
      "--dropout -0.5 | --dropout must lie in [0, 1) (0: off), got -0.5",
      "--arch transformer --dropout 0.1 | --dropout applies to the cnn and hybrid networks; the transformer's layers have their own (0.1)",
      "--ema 1.5 | --ema must lie in [0, 1) (0: off), got 1.5",
      "--ema -0.1 | --ema must lie in [0, 1) (0: off), got -0.1",
      "--judge-samples -1 | --judge-samples must be 0 (none) or more, got -1",
      "--judge-steps 0 | --judge-steps must be at least 1, got 0",
      "--epochs 0 | --epochs must be at least 1, got 0",
      "--batch-size -8 | --batch-size must be at least 1, got -8",
      "--lr -1 | --lr must be a positive number, got -1.0",
      "--lr NaN | --lr must be a positive number, got NaN",
      "--lr Infinity | --lr must be a positive number, got Infinity",
      "--init absent-model | --init absent-model is not a model directory (no model.properties)"})
  void train_badOption_isRefusedBeforeAnyWork(String options, String message) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--data",
        dir.resolve("absent.sto").toString(), "--out", dir.resolve("m").toString()));
    args.addAll(java.util.List.of(options.strip().split(" ")));
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: " + message, r.err().strip());
  }

  @Test
  void judged_countsAndRatesOnlyTheDesignsTheJudgeCouldJudge() {
    var err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    org.svdd.task.ModelCard.JudgedSet set;
    try {
      set = TrainCommand.judged(new JudgeColumnsTest.FakeLengthJudge(), List.of("ab", "crash", "abcd", "abc"));
    } finally {
      System.setErr(original);
    }
    assertEquals(3, set.count(), "the crash is not counted");
    assertEquals(2.0 / 3, set.passRate(), 1e-12);
    assertEquals(3.0, set.medianScore(), 1e-12);
    assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains(
        "the held-out judge could not judge 1 of 4 designs (left out of the card's figures): Vina exited with code 1: bad"),
        err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }
}
