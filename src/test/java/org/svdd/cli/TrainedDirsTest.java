package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The train commands never replace a trained model, value network or classifier unless told --replace. */
class TrainedDirsTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  @TempDir Path dir;

  /** The bundled artefacts a default or obvious --out would overwrite, and the command that would. */
  static Stream<Arguments> bundled() {
    return Stream.of(
        Arguments.of("models/trna/value-rna-mfe", "value.properties", "value network",
            List.of("train-value", "--task", "trna", "--rollouts", "20")),
        Arguments.of("models/molecules/value-vina-abl", "value.properties", "value network",
            List.of("train-value", "--task", "molecules", "--reward", "vina-abl", "--rollouts", "20")),
        Arguments.of("models/fashion/classifier-guide", "classifier.properties", "classifier",
            List.of("train-classifier", "--task", "fashion", "--role", "guide", "--data", "/nope/train-images-idx3-ubyte.gz")),
        Arguments.of("models/promoter/classifier-judge", "classifier.properties", "classifier",
            List.of("train-classifier", "--task", "promoter", "--role", "judge", "--data", "/nope.fa")),
        Arguments.of("models/trna", "model.properties", "model",
            List.of("train", "--task", "trna", "--data", "/nope.sto", "--out", HOME.resolve("models/trna").toString())));
  }

  @ParameterizedTest
  @MethodSource("bundled")
  void aBundledArtefact_isRefusedBeforeAnyWork_andLeftAsItWas(String where, String marker, String what, List<String> args)
      throws IOException {
    Path marked = HOME.resolve(where).resolve(marker);
    FileTime before = Files.getLastModifiedTime(marked);
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(where + " already holds a " + what + " (" + marker + "): pass --replace to train a new "
        + "one in its place, or --out with another directory to keep both"), r.err());
    assertEquals(before, Files.getLastModifiedTime(marked));
  }

  @Test
  void trainingAgainIntoAModelDirectory_needsReplace_andSaysItsValueNetworksAreStale() throws IOException {
    Path data = TrainCommandTest.tinyFasta(dir);
    Path out = dir.resolve("model");
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(), "--length",
        "24", "--hidden", "8", "--blocks", "1", "--kernel", "3", "--epochs", "1", "--batch-size", "8", "--judge-samples", "0"));
    assertEquals(0, CliRunner.run(args.toArray(String[]::new)).exitCode());
    List<String> trainValue = List.of("train-value", "--task", "trna", "--model", out.toString(), "--rollouts", "4",
        "--held-out", "0.5", "--steps", "4", "--epochs", "1");
    CliRunner.Result fitted = CliRunner.run(trainValue.toArray(String[]::new));
    assertEquals(0, fitted.exitCode(), fitted.err());
    assertEquals(0, sampleValueMc(out).exitCode(), "the value network beside the model it was fitted to");
    String first = Files.readString(out.resolve("MODEL_CARD.md"));

    CliRunner.Result refused = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("already holds a model"), refused.err());

    args.addAll(List.of("--replace", "--seed", "2"));
    CliRunner.Result replaced = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertTrue(replaced.err().contains("its value networks [value-rna-mfe] were fitted to the old model's samples, and "
        + "--value mc refuses them beside the new one: train them again with svdd train-value --replace"), replaced.err());
    assertNotEquals(first, Files.readString(out.resolve("MODEL_CARD.md")), "the new model's card");

    CliRunner.Result stale = sampleValueMc(out);
    assertTrue(stale.exitCode() != 0, stale.out());
    assertTrue(stale.err().contains("the value network in " + out.resolve("value-rna-mfe") + " was fitted to another "
        + "model's rollouts") && stale.err().contains("train it again for this model with: svdd train-value --task trna "
        + "--reward rna-mfe --model " + out + " --replace"), stale.err());
    List<String> again = new ArrayList<>(trainValue);
    again.add("--replace");
    assertEquals(0, CliRunner.run(again.toArray(String[]::new)).exitCode());
    CliRunner.Result refitted = sampleValueMc(out);
    assertEquals(0, refitted.exitCode(), refitted.err());
  }

  private CliRunner.Result sampleValueMc(Path model) {
    return CliRunner.run("sample", "--task", "trna", "--model", model.toString(), "--value", "mc", "--particles", "2",
        "--candidates", "2", "--steps", "4", "--out", dir.resolve("mc-" + System.nanoTime()).toString());
  }

  /** An --out that is a file, or lies under one, is named as such before any data is read (it said only the path). */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"train", "train-classifier", "train-value"})
  void anOutThatIsAFile_isRefusedBeforeAnyWork_namingIt(String command) throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    List<String> args = new ArrayList<>(List.of(command, "--out", file.toString()));
    if (!command.equals("train-value")) {
      args.addAll(List.of("--data", "/nope.fa"));
    }
    if (command.equals("train-classifier")) {
      args.addAll(List.of("--task", "promoter", "--role", "judge"));
    }
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("svdd: --out " + file + " exists and is not a directory", r.err().strip());
    args.set(2, file.resolve("sub").toString());
    CliRunner.Result under = CliRunner.run(args.toArray(String[]::new));
    assertEquals("svdd: --out " + file.resolve("sub") + " cannot be created: " + file + " is not a directory",
        under.err().strip());
    assertEquals("x", Files.readString(file));
  }
}
