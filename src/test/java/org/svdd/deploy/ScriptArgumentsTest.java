package org.svdd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts a user runs for minutes refuse arguments they cannot use at once, saying what was wrong, before they
 * start or remove anything: deploy/local/chaos.sh (the drill itself runs by hand) and bin/demo.
 */
class ScriptArgumentsTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  @TempDir Path dir;

  @Test
  void chaos_badArguments_areRefusedBeforeAnythingStarts() throws Exception {
    Path earlier = Files.createDirectories(dir.resolve("drill")).resolve("jobs.txt");
    Files.writeString(earlier, "an earlier drill's jobs\n");
    assertRefused("deploy/local/chaos.sh", List.of("ten", "3"), "chaos.sh: MINUTES must be a whole number of at least 1, got 'ten'");
    assertRefused("deploy/local/chaos.sh", List.of("0", "3"), "chaos.sh: MINUTES must be a whole number of at least 1, got '0'");
    assertRefused("deploy/local/chaos.sh", List.of("5", "-3"), "chaos.sh: NODES must be a whole number, got '-3'");
    assertTrue(Files.isRegularFile(earlier), "an earlier drill's files are left as they were");
    assertTrue(!Files.exists(dir.resolve("nodes")), "no cluster was started");
  }

  @Test
  void demo_badArguments_areRefused_andHelpSaysWhatEachDemoDoes() throws Exception {
    assertRefused("bin/demo", List.of("--fast"),
        "bin/demo: unknown option '--fast' (bin/demo [trna|molecules|images|promoter|mc] [OUT])");
    // a misspelt demo with a folder after it
    assertRefused("bin/demo", List.of("molecule", dir.toString()), "bin/demo: takes a demo and an output folder, got "
        + "'molecule " + dir + "' (bin/demo [trna|molecules|images|promoter|mc] [OUT])");
    Map.Entry<Integer, String> help = run("bin/demo", List.of("--help"));
    assertEquals(0, help.getKey(), help.getValue());
    for (String demo : new String[] {"bin/demo [OUT]", "bin/demo molecules [OUT]", "bin/demo images [OUT]",
        "bin/demo promoter [OUT]", "bin/demo mc [OUT]"}) {
      assertTrue(help.getValue().contains("\n  " + demo + " "), demo + " in: " + help.getValue());
    }
    assertTrue(!help.getValue().contains("set -euo"), "the usage only: " + help.getValue());
  }

  private void assertRefused(String script, List<String> args, String said) throws IOException, InterruptedException {
    Map.Entry<Integer, String> run = run(script, args);
    assertEquals(2, run.getKey(), args + ": " + run.getValue());
    assertEquals(said, run.getValue().strip(), script + " " + args + " says what was wrong");
  }

  private Map.Entry<Integer, String> run(String script, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve(script).toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SVDD_DEPLOY_DIR", dir.toString());
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), script + " " + args + " hung");
    return Map.entry(p.exitValue(), out);
  }
}
