package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.svdd.core.method.Method;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;

/** The help a newcomer reads names every task, reward and method there is, so a new one cannot be left out. */
class HelpTest {
  /** Help text with picocli's line wrapping undone. */
  private static String help(String command) {
    CliRunner.Result r = CliRunner.run(command, "--help");
    assertEquals(0, r.exitCode(), r.err());
    return r.out().replaceAll("\\s+", " ");
  }

  @Test
  void sampleHelp_namesEveryTaskRewardAndMethod() {
    String help = help("sample");
    for (String task : TaskRegistry.names()) {
      assertTrue(help.contains(" " + task), "task " + task + ": " + help);
      DesignTask designTask = TaskRegistry.named(task, Path.of("."));
      for (String reward : designTask.rewards()) {
        String named = reward.startsWith("class:") ? "class:<label>" : reward;
        assertTrue(help.contains(named + " ") || help.contains(named + ","), "reward " + reward + " of " + task);
      }
      assertTrue(help.contains(" for " + task), "the rewards of " + task + " are headed by its name");
    }
    for (Method method : Method.values()) {
      assertTrue(help.contains(" " + method.label() + ",") || help.contains(" " + method.label() + " "),
          "method " + method.label());
    }
  }

  @Test
  void evalHelp_namesEveryTask_andTheFormatsItReadsForIt() {
    String help = help("eval");
    for (String task : TaskRegistry.names()) {
      assertTrue(help.contains(" " + task), "task " + task + ": " + help);
      assertTrue(help.contains(" for " + task), "the formats read for " + task + ": " + help);
    }
  }

  /** The data train reads is named for every task (promoter, added after the others, was left out before). */
  @Test
  void trainHelp_namesTheDataItReadsForEveryTask() {
    String help = help("train");
    for (String task : TaskRegistry.names()) {
      assertTrue(help.contains(" for " + task), "the data read for " + task + ": " + help);
    }
  }

  /** Every command that takes any task names them all in its help (train and train-value said only "Task" before). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"serve", "train", "train-value"})
  void helpOfACommandForAnyTask_namesEveryTask(String command) {
    String help = help(command);
    for (String task : TaskRegistry.names()) {
      assertTrue(help.contains(" " + task), "task " + task + ": " + help);
    }
  }

  /** {@code svdd} alone names every command there is (it listed all but delete, added later, before). */
  @Test
  void noCommand_namesEveryCommand() {
    CliRunner.Result r = CliRunner.run();
    assertEquals(2, r.exitCode());
    String err = r.err().replaceAll("\\s+", " ");
    for (String command : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
      boolean helper = command.equals("help") || command.equals("generate-completion");
      assertTrue(helper ^ err.contains(" " + command), command + ": " + err);
    }
    assertTrue(err.contains("cancel, delete or archive"), err);
  }

  /** A shell completes every command and each command's options from the script svdd writes. */
  @Test
  void completionScript_completesEveryCommandAndItsOptions() {
    CliRunner.Result r = CliRunner.run("generate-completion");
    assertEquals(0, r.exitCode(), r.err());
    String script = r.out();
    assertTrue(script.contains("complete -F _complete_svdd") && script.contains("svdd"), script);
    picocli.CommandLine cli = new picocli.CommandLine(new Main());
    for (var command : cli.getSubcommands().entrySet()) {
      assertTrue(script.contains(command.getKey()), command.getKey());
      for (String option : command.getValue().getCommandSpec().optionsMap().keySet()) {
        assertTrue(script.contains(option), command.getKey() + " " + option);
      }
    }
    String help = CliRunner.run("--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains(" generate-completion "), "listed in svdd --help: " + help);
  }

  /**
   * picocli formats every line of help text (for {@code %n}): a bare {@code %} ("5 % of steps") cannot be formatted,
   * and the help prints a warning above itself.
   */
  @Test
  void everyCommandsHelp_printsWithoutAWarning() {
    int commands = 0;
    for (String command : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
      CliRunner.Result r = CliRunner.run(command, "--help");
      assertEquals(0, r.exitCode(), command + ": " + r.err());
      assertTrue(!r.err().contains("WARN"), "svdd " + command + " --help: " + r.err());
      commands++;
    }
    assertTrue(commands > 10, "every command: " + commands);
  }

  /** A service runs its own model and limits and refuses them per job: submit does not offer them, sample does. */
  @Test
  void submit_offersNoFlagTheServiceWouldRefuse_sampleDoes() {
    String submit = help("submit");
    String sample = help("sample");
    for (String flag : new String[] {"--model", "--max-batch", "--max-in-flight"}) {
      assertTrue(!submit.contains(flag + "=") && sample.contains(flag + "="), flag + ": " + submit);
      CliRunner.Result r = CliRunner.run("submit", flag, "8");
      assertEquals(2, r.exitCode());
      assertTrue(r.err().contains("Unknown option") && r.err().contains("'" + flag + "'"), r.err());
    }
  }
}
