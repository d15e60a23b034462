package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a training run again says of the state kept beside its output folder. */
class TrainingResumeTest {
  @TempDir Path dir;

  /** What it says, then what a stop before its next epoch ends says of it. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|~svdd: stopped before its end; nothing was written: {out} was not made (a training writes its files only when "
          + "it ends).",
      "3|svdd: going on from the state after epoch 3 of 8 kept in {kept}~svdd: stopped before its end; {out} was not "
          + "made; the training's state after epoch 3 of 8 is kept in {kept}: the same command again goes on from there.",
      "8|svdd: all 8 epochs were trained before the stop; writing the model from the state kept in {kept}~svdd: stopped "
          + "before its end; {out} was not made; the training's state after epoch 8 of 8 is kept in {kept}: the same "
          + "command again goes on from there."})
  void theStateKept_isNamedWithTheEpochItGoesOnFrom_andByAStopBeforeTheNextEpoch(int done, String expected)
      throws Exception {
    Path out = dir.resolve("model");
    Path kept = TrainingResume.dir(out);
    assertEquals(dir.resolve("model.checkpoint"), kept);
    if (done > 0) {
      Files.createDirectories(kept);
      StringBuilder state = new StringBuilder("epochs.done=" + done + "\nsteps=" + 5 * done + "\nidentity.data=abc\n");
      for (int e = 1; e <= done; e++) {
        state.append("history.").append(e).append("=8 1.5 1.6 0 0\n");
      }
      Files.writeString(kept.resolve("checkpoint.properties"), state);
    }
    PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
    try (StagedDir staged = StagedDir.in(out)) {
      TrainingResume.beside(out, staged, 8, Map.of("data", "abc"));
      StopNotice.printIfSet(); // as a signal now would have it
    } finally {
      System.setErr(err);
    }
    String[] lines = expected.replace("{kept}", kept.toString()).replace("{out}", out.toString()).split("~");
    assertEquals((lines[0].isEmpty() ? "" : lines[0] + "\n") + "\n" + lines[1] + "\n",
        said.toString(StandardCharsets.UTF_8));
  }
}
