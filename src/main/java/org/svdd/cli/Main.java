package org.svdd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code svdd} launcher. */
@Command(
    name = "svdd",
    mixinStandardHelpOptions = true,
    version = "svdd 0.1.0",
    description = "Reward-guided sampling from pre-trained diffusion models by soft value-based decoding (arXiv 2408.08252).",
    subcommands = {SampleCommand.class, TrainCommand.class, TrainClassifierCommand.class, TrainValueCommand.class, FidCommand.class, EvalCommand.class, ReportCommand.class, ServeCommand.class, SubmitCommand.class,
        StatusCommand.class, NodesCommand.class, WatchCommand.class, ResultsCommand.class, CancelCommand.class, DeleteCommand.class, ArchiveCommand.class,
        picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Whether logged lines start with the time (and the node's own lines too: {@link ServeCommand#say}). */
  static final String LOG_TIME = "org.slf4j.simpleLogger.showDateTime";
  static final String LOG_TIME_FORMAT = "org.slf4j.simpleLogger.dateTimeFormat";
  /** The time {@code svdd serve} logs with: ISO 8601 with milliseconds and the zone. */
  static final String ISO_TIME = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    // the reward archive's H2 file is served to concurrent runs (AUTO_SERVER) on loopback only
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
    // a node's log is read after the fact, beside other nodes' (which came first: a stop or a takeover?): its logged
    // lines carry the time; a command's few warnings stay short
    if (args.length > 0 && args[0].equals("serve") && System.getProperty(LOG_TIME) == null) {
      System.setProperty(LOG_TIME, "true");
      System.setProperty(LOG_TIME_FORMAT, ISO_TIME);
    }
    // CDK's readers log each problem on stderr before throwing it; svdd reports it once, naming file and record
    if (System.getProperty("cdk.logging.level") == null) {
      System.setProperty("cdk.logging.level", "fatal");
    }
    CommandLine cli = new CommandLine(new Main());
    // listed in the help (picocli hides it): writes a bash/zsh script that completes commands and options
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      CommandLine.Model.OptionSpec server = line.getCommandSpec().findOption("--server");
      line.getErr().println("svdd: " + describe(e, server == null ? null : server.getValue()));
      return 2;
    });
    cli.setExecutionStrategy(EmptyValues::execute);
    cli.setParameterExceptionHandler((e, arguments) -> {
      CommandLine failed = e.getCommandLine();
      String command = failed.getCommandSpec().qualifiedName(" ");
      failed.getErr().println("svdd: " + e.getMessage());
      failed.getErr().println("Try '" + command + " --help' for the options.");
      return 2;
    });
    if (args.length == 0 || !args[0].equals("serve")) {
      ChildProcesses.stopOnExit();
    }
    try {
      Progress.style();
    } catch (IllegalArgumentException e) {
      cli.getErr().println("svdd: " + e.getMessage());
      return 2;
    }
    return cli.execute(args);
  }

  /**
   * What went wrong, on one line; a job API that cannot be reached, or answers late, says what to check.
   *
   * @param server the client command's {@code --server}, null for a command without one
   */
  static String describe(Exception e, String server) {
    String message = SpecFlags.named(org.svdd.core.reward.Failures.describe(e));
    if (!(e instanceof io.grpc.StatusRuntimeException s)) {
      return message;
    }
    String said = s.getStatus().getDescription() == null ? "" : s.getStatus().getDescription();
    return switch (s.getStatus().getCode()) {
      case UNAVAILABLE -> said.startsWith("the job store")
          ? "the job API answers, but " + said + "; nothing was changed: try again once it is back"
          : said.startsWith("this api node is stopping") ? said
          : "cannot reach the job API" + (server == null ? "" : " at " + server) + " (" + message + "); is 'svdd "
              + "serve' running there? (--server, env SVDD_SERVER; default 127.0.0.1:50051)";
      case DEADLINE_EXCEEDED -> "the job API did not answer in time (" + message + ")";
      case INVALID_ARGUMENT -> "INVALID_ARGUMENT: " + SpecFlags.named(said); // the field's flag, as sample names it
      default -> message;
    };
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: " + commands());
  }

  /** The commands, in help's order: "sample, train, ... or archive" (completion and help left out). */
  private String commands() {
    java.util.List<String> names = spec.subcommands().keySet().stream()
        .filter(name -> !name.equals("help") && !name.equals("generate-completion")).toList();
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
