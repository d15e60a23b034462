package org.svdd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.svdd.model.MdlmTrainer;
import org.svdd.model.TrainingCheckpoint;
import org.svdd.oracle.ContentDigest;

/**
 * {@code svdd train}'s checkpoint, a folder beside {@code --out} ({@code OUT.checkpoint}) holding the state after the
 * last finished epoch: a training stopped midway (Ctrl-C, a kill, a lost machine) run again with the same command
 * goes on from the next epoch and ends with the model an unstopped run writes. The folder is removed once the model
 * is written. It stays out of the model folder, so that a model being replaced in place keeps its digest meanwhile.
 */
final class TrainingResume {
  private final TrainingCheckpoint checkpoint;
  private final StagedDir staged;
  /** What earlier, stopped runs of this training trained for. */
  private final java.time.Duration earlier;

  private TrainingResume(TrainingCheckpoint checkpoint, StagedDir staged, java.time.Duration earlier) {
    this.checkpoint = checkpoint;
    this.staged = staged;
    this.earlier = earlier;
  }

  /**
   * The checkpoint of the training into {@code out} of this {@code identity}, saying so when it goes on from one.
   *
   * @throws IllegalArgumentException when the folder keeps a training of another identity
   */
  static TrainingResume beside(Path out, StagedDir staged, int epochs, Map<String, String> identity) {
    TrainingCheckpoint checkpoint = new TrainingCheckpoint(dir(out), identity);
    int done = checkpoint.epochsDone();
    if (done == epochs) {
      System.err.printf(Locale.ROOT, "svdd: all %d epochs were trained before the stop; writing the model from the "
          + "state kept in %s%n", epochs, checkpoint.dir());
    } else if (done > 0) {
      System.err.printf(Locale.ROOT, "svdd: going on from the state after epoch %d of %d kept in %s%n", done, epochs,
          checkpoint.dir());
    }
    TrainingResume resume = new TrainingResume(checkpoint, staged,
        java.time.Duration.ofMillis(Math.round(1000 * checkpoint.trainedSeconds())));
    if (done > 0) {
      resume.keptAfter(done, epochs); // stopped again before its next epoch ends, the run says the state is still there
    }
    return resume;
  }

  /** Where the training into {@code out} keeps its state. */
  static Path dir(Path out) {
    Path absolute = out.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + ".checkpoint");
  }

  /** The training's time: {@code thisRun}'s and what its earlier, stopped runs trained for. */
  java.time.Duration trainingTime(java.time.Duration thisRun) {
    return earlier.plus(thisRun);
  }

  TrainingCheckpoint checkpoint() {
    return checkpoint;
  }

  /** After each epoch (its state kept): a stop from now on says where that state is and how to go on. */
  void kept(MdlmTrainer.EpochReport report) {
    keptAfter(report.epoch(), report.epochs());
  }

  private void keptAfter(int epoch, int epochs) {
    staged.stopNoticeKeeping(String.format(Locale.ROOT, "the training's state after epoch %d of %d is kept in %s: the "
        + "same command again goes on from there.", epoch, epochs, checkpoint.dir()));
  }

  /** Once the model is written: the state is no longer needed. */
  void finished() throws IOException {
    checkpoint.delete();
  }

  /** A short digest of the texts, in order: what the identity records of the designs trained on. */
  static String digest(Iterable<String> texts) {
    return ContentDigest.of(sha -> texts.forEach(text -> {
      sha.update(text.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }));
  }

  /** A short digest of the images, in order: what the identity records of the images trained on. */
  static String digest(float[][] images) {
    return ContentDigest.of(sha -> {
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * (images.length == 0 ? 0 : images[0].length));
      for (float[] image : images) {
        bytes.clear();
        bytes.asFloatBuffer().put(image);
        sha.update(bytes.array(), 0, 4 * image.length);
      }
    });
  }
}
