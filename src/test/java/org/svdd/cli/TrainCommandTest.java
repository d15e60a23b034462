package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        "--hidden", "8", "--blocks", "1", "--kernel", "3", "--epochs", "2", "--batch-size", "8");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("31 sequences read, 15 unique kept (13 train, 2 held out), 1 dropped"), r.err());
    assertEquals(13, Files.readAllLines(out.resolve("data/train.fa")).size() / 2);
    assertEquals(2, Files.readAllLines(out.resolve("data/heldout.fa")).size() / 2);
    String card = Files.readString(out.resolve("MODEL_CARD.md"));
    assertTrue(card.contains("| order-5 Markov chain"), card);
    assertTrue(r.out().startsWith("held-out negative ELBO: "), r.out());
    try (DiffusionModel model = ModelFiles.load(out)) {
      assertEquals(32, model.length());
    }
  }
}
