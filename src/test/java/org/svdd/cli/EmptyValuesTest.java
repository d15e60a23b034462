package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value typed empty ({@code --out "$DIR"} with the variable unset) is refused naming it, before any work: before,
 * it read as the flag left out, so {@code --out ""} wrote results into the working directory and {@code --reward ""}
 * ran the task's first reward.
 */
class EmptyValuesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sample --out {out} --reward ''       | option '--reward' is empty (leave it out for the default) | sample",
      "sample --out ''                      | option '--out' is empty                                    | sample",
      "sample --out {out} --task ' '        | option '--task' is empty (leave it out for the default)   | sample",
      "sample --out {out} --method ''       | option '--method' is empty (leave it out for the default) | sample",
      "eval --label '' --out {out}          | option '--label' is empty (leave it out for the default)  | eval",
      "status ''                            | parameter <jobId> is empty (leave it out for the default) | status",
      "delete a ''                          | parameter <jobIds> is empty                               | delete",
      "submit --spec ''                     | option '--spec' is empty                                  | submit",
      "archive --forget ''                  | option '--forget' is empty                                | archive"})
  void anEmptyValue_isRefusedNamingIt_andNothingIsWritten(String line, String message, String command)
      throws IOException {
    Path out = dir.resolve("out");
    String[] args = java.util.Arrays.stream(line.split(" +(?=(?:[^']*'[^']*')*[^']*$)"))
        .map(a -> a.replace("'", "").replace("{out}", out.toString())).toArray(String[]::new);
    CliRunner.Result r = CliRunner.run(args);
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(List.of("svdd: " + message, "Try 'svdd " + command + " --help' for the options."), r.err().lines().toList());
    assertFalse(Files.exists(out), "nothing written");
    try (var here = Files.list(Path.of(""))) {
      assertFalse(here.anyMatch(p -> p.getFileName().toString().equals("summary.json")), "nor in the working directory");
    }
  }
}
