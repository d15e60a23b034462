package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which version of an external program answers, as it names itself ({@code RNAfold 2.5.1}, {@code AutoDock Vina
 * v1.2.3}): part of an oracle's identity, so answers archived by one version are not taken for another's after an
 * upgrade, and every node of a cluster names the same program alike. A program that does not name a version in
 * {@link #ASKS} asks is known by its file's {@link ContentDigest}: one crash or timeout while asking must not give a
 * node another name for the same program (a cluster fails jobs whose reward nodes disagree), and an ask interrupted
 * names nothing (the next use asks again). Asked on first use, not when an oracle starts (a program may take long to
 * answer), and once per program file (path, size and time of change) for the life of the process.
 */
public final class ProgramVersion {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
  private static final long LIMIT_SECONDS = 10;
  /**
   * How many times a program is asked for its version before its digest names it instead: enough that a program that
   * crashes now and then (one ask in twenty) is all but never named otherwise than on its peers (one node start in
   * three million), few enough that one that hangs when asked holds its first use under a minute.
   */
  static final int ASKS = 5;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProgramVersion.class);
  private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

  private final Path program;
  private final String[] args;
  private volatile String name;

  /** @param args what makes {@code program} print its version ({@code --version}, {@code -V}, {@code -h}) */
  public ProgramVersion(Path program, String... args) {
    this.program = program;
    this.args = args.clone();
  }

  /**
   * The first line that the program prints with a version number in it (a leading {@code #} and spaces dropped),
   * or {@code sha256 <digest>} of the program's file when none does.
   */
  public String name() {
    String known = name;
    if (known == null) {
      known = name = of(program, LIMIT_SECONDS, args);
    }
    return known;
  }

  /** {@link #name}, waiting at most {@code limitSeconds} for the program to end. */
  static String of(Path program, long limitSeconds, String... args) {
    String key;
    try {
      BasicFileAttributes file = Files.readAttributes(program, BasicFileAttributes.class);
      key = program.toRealPath() + "\0" + file.size() + "\0" + file.lastModifiedTime().toMillis() + "\0" + String.join("\0", args);
    } catch (IOException e) {
      throw new OracleUnavailableException("cannot read " + program + ": " + e.getMessage());
    }
    return KNOWN.computeIfAbsent(key, k -> ask(program, limitSeconds, args));
  }

  private static String ask(Path program, long limitSeconds, String... args) {
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < ASKS && !Thread.currentThread().isInterrupted(); i++) {
      Answer answer = askOnce(program, limitSeconds, args);
      if (answer.version() != null) {
        return answer.version();
      }
      failed.add(answer.why());
    }
    if (Thread.currentThread().isInterrupted()) {
      // stopped, not answered: nothing is known, and the next use asks again
      throw new OracleUnavailableException("asking " + program + " its version was interrupted");
    }
    String digest;
    try {
      digest = "sha256 " + ContentDigest.of(program);
    } catch (IOException e) {
      throw new OracleUnavailableException("cannot read " + program + ": " + e.getMessage());
    }
    LOG.warn("{} named no version when asked {} time(s) ({}); it is named by its file's bytes, {}, on this node: a node"
        + " whose {} names a version scores with another oracle, and jobs scored on both fail", program, failed.size(),
        String.join("; ", failed), digest, program.getFileName());
    return digest;
  }

  /** One ask's version line, or why it named none. */
  private record Answer(String version, String why) {}

  /**
   * The version line of one run of the program ({@link ProgramRun}: in a scratch folder of its own, killed with its
   * children past the limit, not started once the JVM exits), or why it named none: it printed none, crashed or had
   * to be stopped.
   */
  private static Answer askOnce(Path program, long limitSeconds, String... args) {
    List<String> command = new ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(args));
    Path dir = null;
    try {
      dir = ScratchDirs.create("svdd-version-");
      ProgramRun.Result run = ProgramRun.run(command, dir, Duration.ofSeconds(limitSeconds));
      return new Answer(named(run.out() + "\n" + run.err()), "exited with " + run.exitCode() + " naming none");
    } catch (ProgramRun.TimedOut stopped) {
      return new Answer(named(stopped.said()), stopped.getMessage()); // a version said before it hung still names it
    } catch (IOException e) {
      return new Answer(null, e.getMessage()); // it cannot say, or the ask was interrupted (then ask names nothing)
    } finally {
      ScratchDirs.delete(dir);
    }
  }

  /** The first line of {@code output} with a version number, trimmed; null when none has one. */
  static String named(String output) {
    for (String line : output.lines().toList()) {
      String text = line.replaceFirst("^[#\\s]+", "").strip();
      if (VERSION.matcher(text).find()) {
        return text.length() > 80 ? text.substring(0, 80) : text;
      }
    }
    return null;
  }
}
