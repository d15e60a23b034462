package org.svdd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/local/chaos.sh (the drill itself runs by hand, for minutes): arguments it cannot use are refused before it
 * starts or removes anything.
 */
class ChaosScriptTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  @TempDir Path dir;

  @Test
  void badArguments_areRefusedBeforeAnythingStarts() throws Exception {
    Path earlier = Files.createDirectories(dir.resolve("drill")).resolve("jobs.txt");
    Files.writeString(earlier, "an earlier drill's jobs\n");
    assertRefused(List.of("ten", "3"), "chaos.sh: MINUTES must be a whole number of at least 1, got 'ten'");
    assertRefused(List.of("0", "3"), "chaos.sh: MINUTES must be a whole number of at least 1, got '0'");
    assertRefused(List.of("5", "-3"), "chaos.sh: NODES must be a whole number, got '-3'");
    assertTrue(Files.isRegularFile(earlier), "an earlier drill's files are left as they were");
    assertTrue(!Files.exists(dir.resolve("nodes")), "no cluster was started");
  }

  private void assertRefused(List<String> args, String said) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("deploy/local/chaos.sh").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SVDD_DEPLOY_DIR", dir.toString());
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "chaos.sh " + args + " hung");
    assertEquals(2, p.exitValue(), args + ": " + out);
    assertEquals(said, out.strip(), args + " says what was wrong");
  }
}
