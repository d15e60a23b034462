package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model, value network or classifier is not replaced by accident: the train commands refuse, before
 * any work, a directory that already holds one, unless told {@code --replace}. The bundled value network for
 * docking took 35 minutes of Vina; {@code svdd train-value} with its default {@code --out} would overwrite it.
 */
final class TrainedDirs {
  private TrainedDirs() {}

  /**
   * Fails unless {@code dir} is or can be made a writable directory, and holds no {@code what} (recognised by its
   * {@code marker} file) or {@code replace} is given;
   * the message names the directory, what is in it, and both ways on.
   */
  static void checkFree(Path dir, String marker, String what, boolean replace) {
    OutputDirs.checkWritable("--out", dir);
    if (!replace && Files.exists(dir.resolve(marker))) {
      throw new IllegalArgumentException(dir + " already holds a " + what + " (" + marker + "): pass --replace to "
          + "train a new one in its place, or --out with another directory to keep both");
    }
  }

  /**
   * The value networks beside a model that is being replaced: each was fitted to the old model's rollouts.
   * (Its classifiers were trained on data files, not on the model, and stay valid.)
   */
  static List<String> companions(Path modelDir) {
    if (!Files.isDirectory(modelDir)) {
      return List.of();
    }
    try (var entries = Files.list(modelDir)) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("value-")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
