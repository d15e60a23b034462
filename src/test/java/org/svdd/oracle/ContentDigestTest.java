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

  private Path model(String name, String weights) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("net-0000.params"), weights);
    Files.writeString(d.resolve("model.properties"), "kind=cnn\n");
    Files.writeString(d.resolve("MODEL_CARD.md"), "card of " + name);
    return d;
  }
}
