package org.svdd.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Options that do something for some tasks only. One given for a task it does nothing for is refused, naming the
 * tasks it is for, instead of being quietly ignored (a {@code --base} on a sequence model, a {@code --test} the
 * promoter classifier never reads).
 */
final class TaskScopedOptions {
  private TaskScopedOptions() {}

  /**
   * Refuses any of {@code options} given on {@code spec}'s command line: they apply to {@code appliesTo} (e.g. "the
   * image tasks"), not to {@code task}.
   */
  static void refuseGiven(CommandSpec spec, String task, String appliesTo, String... options) {
    var given = spec.commandLine().getParseResult();
    List<String> named = Arrays.stream(options).filter(given::hasMatchedOption).toList();
    if (!named.isEmpty()) {
      throw new IllegalArgumentException(String.join(", ", named) + (named.size() == 1 ? " applies" : " apply")
          + " to " + appliesTo + ", not to task " + task);
    }
  }
}
