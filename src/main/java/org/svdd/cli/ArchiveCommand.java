package org.svdd.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.svdd.store.H2File;
import org.svdd.store.JdbcJobStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code svdd archive}: the oracle answers svdd remembers, counted per oracle identity, and {@code --forget} to drop
 * those of an oracle that will not be asked again (a program upgraded, a model retrained: each is another identity,
 * and its predecessor's answers only take room).
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = {"Show the oracle answers svdd remembers, per oracle, or forget an oracle's.",
        "By default the archive of 'svdd sample' and 'svdd eval' (svdd.reward.archive-url, ~/.svdd/rewards)."})
final class ArchiveCommand implements Callable<Integer> {
  @Option(names = "--store", description = "The served job store's archive (svdd.store.url), which every node of a"
      + " cluster shares.")
  boolean store;

  @Option(names = "--url", paramLabel = "JDBC", description = "The archive in this database instead.")
  String url;

  @Option(names = "--forget", paramLabel = "PREFIX", description = "Forget the answers of every oracle whose identity"
      + " starts with PREFIX, as listed (e.g. 'rna-mfe|RNAfold 2.4'). They are scored anew when next asked.")
  String forget;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (store && url != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--store and --url name two archives: choose one");
    }
    Config config = ConfigFactory.load();
    String where = url != null ? url
        : config.getString(store ? "svdd.store.url" : "svdd.reward.archive-url");
    if (where.isBlank()) {
      System.err.println("svdd: no archive is kept: svdd.reward.archive-url is empty (name one with --url)");
      return 2;
    }
    H2File file = H2File.of(where);
    if (file != null && !file.exists()) {
      System.err.println("svdd: no answers are archived yet: " + file.file() + " does not exist");
      return forget == null ? 0 : 2;
    }
    String user = config.getString("svdd.store.user");
    String password = config.getString("svdd.store.password");
    int code;
    try (JdbcJobStore db = store ? JdbcJobStore.open(where, user, password)
        : JdbcJobStore.openArchive(where, user, password)) {
      code = forget == null ? list(db, where, file) : forget(db);
    }
    if (forget != null && code == 0 && file != null) {
      compact(file, user, password);
    }
    return code;
  }

  /** H2 keeps a file's room after a delete: a forget compacts the file unless another run has it open. */
  private static void compact(H2File file, String user, String password) {
    double before = file.sizeMb();
    try {
      if (file.compact(user, password)) {
        System.err.printf(Locale.ROOT, "svdd: compacted its file: %.1f MB, was %.1f MB%n", file.sizeMb(), before);
      } else {
        System.err.printf(Locale.ROOT, "svdd: its file stays %.1f MB while another run has it open: new answers reuse"
            + " the room%n", before);
      }
    } catch (java.sql.SQLException e) {
      System.err.println("svdd: its file was not compacted: " + e.getMessage());
    }
  }

  private static int list(JdbcJobStore db, String where, H2File file) {
    Map<String, Long> answers = db.archivedAnswers();
    if (answers.isEmpty()) {
      System.err.println("svdd: no answers are archived in " + where);
      return 0;
    }
    System.out.printf(Locale.ROOT, "%10s  %s%n", "answers", "oracle");
    answers.forEach((oracle, n) -> System.out.printf(Locale.ROOT, "%,10d  %s%n", n, oracle));
    long all = answers.values().stream().mapToLong(Long::longValue).sum();
    String size = file == null ? "" : String.format(Locale.ROOT, " (its file %.1f MB)", file.sizeMb());
    System.out.printf(Locale.ROOT, "%,10d  in all, in %s%s%n", all, where, size);
    return 0;
  }

  private int forget(JdbcJobStore db) {
    Map<String, Long> matching = db.archivedAnswers();
    matching.keySet().removeIf(oracle -> !oracle.startsWith(forget));
    if (matching.isEmpty()) {
      System.err.println("svdd: no archived oracle's identity starts with '" + forget + "'; 'svdd archive' lists them");
      return 2;
    }
    long forgotten = db.forgetArchived(forget);
    matching.keySet().forEach(oracle -> System.err.println("svdd: forgot the answers of " + oracle));
    System.err.printf(Locale.ROOT, "svdd: forgot %,d answers of %d oracle%s%n", forgotten, matching.size(),
        matching.size() == 1 ? "" : "s");
    return 0;
  }
}
