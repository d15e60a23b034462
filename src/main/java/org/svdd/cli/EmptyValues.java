package org.svdd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses a value typed empty: {@code --out ""}, {@code --reward "$REWARD"} with the variable unset, a job id "". A
 * flag left out takes its default; one given empty is a mistake, which would otherwise read as the default (an empty
 * field of a job spec means "unset"): results written into the working directory, a job run with another reward.
 */
final class EmptyValues {
  private EmptyValues() {}

  /** Runs the command the parse chose, unless a value was typed empty (a parameter error naming it). */
  static int execute(ParseResult parsed) {
    for (ParseResult command = parsed; command != null; command = command.subcommand()) {
      for (ArgSpec arg : command.matchedArgs()) {
        if (arg.arity().max() > 0 && arg.originalStringValues().stream().anyMatch(String::isBlank)) {
          throw new CommandLine.ParameterException(command.commandSpec().commandLine(), name(arg) + " is empty"
              + (hasDefault(arg) ? " (leave it out for the default)" : ""), arg, "");
        }
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /**
   * Whether leaving the argument out gives it a default, as its help says: not for a required one, nor for one whose
   * absence makes the command do something else ({@code archive --forget}, {@code submit --spec}).
   */
  private static boolean hasDefault(ArgSpec arg) {
    return !arg.required() && (arg.defaultValue() != null
        || String.join(" ", arg.description()).toLowerCase(java.util.Locale.ROOT).contains("default"));
  }

  private static String name(ArgSpec arg) {
    return arg instanceof CommandLine.Model.OptionSpec option ? "option '" + option.longestName() + "'"
        : "parameter " + arg.paramLabel();
  }
}
