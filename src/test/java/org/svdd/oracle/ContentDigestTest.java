package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentDigestTest {
  @TempDir Path dir;

  @Test
  void file_isTheStartOfItsSha256() throws IOException {
    assertEquals("ba7816bf8f01cfea", ContentDigest.of(Files.writeString(dir.resolve("r.pdbqt"), "abc")));
  }

  @Test
  void directory_followsWhatChangesAnswersAndNothingElse() throws IOException {
    Path model = model("model", "weights");
    String digest = ContentDigest.of(model);
    assertEquals(digest, ContentDigest.of(model("copy", "weights")), "the same files elsewhere");
    Files.writeString(model.resolve("MODEL_CARD.md"), "rewritten");
    Files.write(model.resolve("loss.png"), new byte[] {1, 2});
    Files.writeString(model.resolve("training.tsv"), "epoch\tloss\n");
    assertEquals(digest, ContentDigest.of(model), "cards, plots and training logs change no answer");
    assertNotEquals(digest, ContentDigest.of(model("retrained", "weights2")), "other weights");
    Files.move(model.resolve("net-0000.params"), model.resolve("net-0001.params"));
    assertNotEquals(digest, ContentDigest.of(model), "a renamed file");
    Path nested = model("nested", "weights");
    Files.createDirectories(nested.resolve("sub"));
    Files.writeString(nested.resolve("sub").resolve("extra.params"), "x");
    assertNotEquals(digest, ContentDigest.of(nested), "a file in a subfolder");
  }

  /** A cluster compares models by their files without data/: a copy of the weights alone is the same model. */
  @Test
  void modelDirectory_leavesItsDataFolderOut() throws IOException {
    Path model = model("with-data", "weights");
    Files.createDirectories(model.resolve("data"));
    Files.writeString(model.resolve("data").resolve("heldout.fa"), ">a\nACGU\n");
    assertEquals(ContentDigest.ofModel(model("weights-only", "weights")), ContentDigest.ofModel(model));
    assertNotEquals(ContentDigest.of(model("weights-only-2", "weights")), ContentDigest.of(model),
        "an oracle's identity still covers every file");
    Files.createDirectories(model.resolve("value-x"));
    Files.writeString(model.resolve("value-x").resolve("value-0000.params"), "v");
    assertNotEquals(ContentDigest.ofModel(model("weights-only-3", "weights")), ContentDigest.ofModel(model),
        "a value network beside the model is part of it");
  }

  /** What a value network records of the model it was fitted to: the denoiser's own files, not what lies beside it. */
  @Test
  void denoiser_isTheModelsOwnFiles_notItsFolders() throws IOException {
    Path model = model("denoiser", "weights");
    String digest = ContentDigest.ofDenoiser(model);
    for (String folder : new String[] {"value-rna-mfe", "classifier-guide", "data", ".staged-123"}) {
      Files.createDirectories(model.resolve(folder));
      Files.writeString(model.resolve(folder).resolve("w-0000.params"), folder);
    }
    Files.writeString(model.resolve("MODEL_CARD.md"), "rewritten");
    assertEquals(digest, ContentDigest.ofDenoiser(model), "value networks, classifiers, data and cards beside it");
    assertEquals(digest, ContentDigest.ofDenoiser(model("elsewhere", "weights")), "the same model copied");
    Files.writeString(model.resolve("net-0000.params"), "retrained");
    assertNotEquals(digest, ContentDigest.ofDenoiser(model), "the model retrained in place");
    Files.writeString(model.resolve("net-0000.params"), "weights");
    Files.writeString(model.resolve("model.properties"), "kind=transformer\n");
    assertNotEquals(digest, ContentDigest.ofDenoiser(model), "other settings");
  }

  private Path model(String name, String weights) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("net-0000.params"), weights);
    Files.writeString(d.resolve("model.properties"), "kind=cnn\n");
    Files.writeString(d.resolve("MODEL_CARD.md"), "card of " + name);
    return d;
  }
}
