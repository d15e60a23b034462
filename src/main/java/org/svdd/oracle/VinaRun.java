package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Vina process docking one or more prepared ligands against one receptor grid, read while it runs.
 * Computing the grid is about 1.5 s of every dock (../shared/DATA.md); in {@code --batch} mode Vina 1.2
 * computes it once and then docks each ligand file in turn, opening each only when it reaches it, with the
 * same affinities and poses as docking each alone. A ligand's answer is final once Vina announces the next
 * one ("Performing docking") or exits.
 *
 * <p>Because Vina opens a file only when it reaches it, a run is given more file names than it has ligands:
 * open seats. A ligand prepared while the run works takes the next seat ({@link #seat}) and is docked without
 * a grid of its own; Vina stops at the first seat left empty. The other way round, the ligands Vina has not
 * reached can be handed to another slot ({@link #stealTail}): their files are renamed, so this Vina stops
 * where they were, and the seats close.
 */
final class VinaRun {
  private static final String ANNOUNCEMENT = "Performing docking";
  private static final long POLL_MILLIS = 50;
  /**
   * Vina allocates ~360 MB for the grid and touches it page by page: ~95,000 page faults per run. glibc
   * (2.35 and later; older ones ignore it) backs its heap with transparent huge pages when asked, which on
   * this project's machine made a single dock 1.47× faster and a four-ligand run 1.07× (same affinities and
   * poses; docs/benchmarks.md). Added to any tunables the user set.
   */
  static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";

  /** What a run tells its slot, ligand by ligand, as it goes. */
  interface Listener {
    void docked(DockingSlots.Ligand ligand, double affinity, String pose, double seconds);

    /**
     * Vina did not dock {@code ligand}. {@code worthRetrying} is false for an overrun: a seeded search on one CPU
     * does the same work again, so another try would only overrun again.
     */
    void failed(DockingSlots.Ligand ligand, String reason, double seconds, boolean worthRetrying);

    /** Ligands this run will not dock after all, to be docked elsewhere now (their order kept). */
    void handedBack(List<DockingSlots.Ligand> ligands);
  }

  private final List<String> command;
  /** The files Vina is told to dock, in order: the first ligands' own, then the seats (in this run's folder). */
  private final List<Path> positions;
  private final int firstSeat;
  private final Path dir;
  private final Duration timeout;
  /** The ligands at Vina's positions, seated ones included; guarded by this, like the fields below. */
  private final List<DockingSlots.Ligand> ligands;
  /** The first ligand not yet answered, and the end of this run's share. */
  private int done;
  private int end;
  /** Tails handed over so far (each renames its files apart). */
  private int handovers;
  /** Whether seats may still be taken: not once Vina has exited or a tail was handed over. */
  private boolean open = true;

  /**
   * @param command Vina and its receptor, box and search settings, without ligands or outputs
   * @param positions ligands and open seats in all: at least {@code ligands.size()} (more only in batch mode)
   * @param dir this run's own folder (poses and output go there)
   */
  VinaRun(List<String> command, List<DockingSlots.Ligand> ligands, int positions, Path dir, Duration timeout) {
    this.command = command;
    this.ligands = new ArrayList<>(ligands);
    this.dir = dir;
    this.timeout = timeout;
    this.end = ligands.size();
    this.firstSeat = ligands.size();
    List<Path> files = new ArrayList<>();
    ligands.forEach(l -> files.add(l.file()));
    for (int i = ligands.size(); i < positions; i++) {
      files.add(dir.resolve("seat" + i + ".pdbqt"));
    }
    this.positions = List.copyOf(files);
  }

  /**
   * Seats {@code ligand} in the next open seat: its file moves there, where Vina opens it after the ligand
   * before. Should Vina have looked for the seat a moment before (and stopped), the ligand is handed back
   * unblamed when the run ends. False when the seats are full or closed.
   */
  synchronized boolean seat(DockingSlots.Ligand ligand) {
    if (!open || end >= positions.size()) {
      return false;
    }
    try {
      ligand.moveTo(Files.move(ligand.file(), positions.get(end), java.nio.file.StandardCopyOption.ATOMIC_MOVE));
    } catch (IOException e) {
      return false;
    }
    ligands.add(ligand);
    end++;
    return true;
  }

  /** Ligands given to this Vina and not answered yet: how soon it could take up more work. */
  synchronized int ahead() {
    return end - done;
  }

  /**
   * Runs Vina to its end, telling {@code listener} each ligand's answer as soon as it is final; returns the
   * ligands of its share it neither docked nor failed (a crash or timeout blames one ligand, the rest go back
   * to the queue), less those whose answer was cancelled. Every run answers at least one ligand or drops a
   * cancelled one, so retrying the rest always progresses. Vina that cannot be started or read blames the
   * ligand it was on.
   */
  List<DockingSlots.Ligand> run(Listener listener) throws InterruptedException {
    try {
      return runVina(listener);
    } catch (IOException e) {
      DockingSlots.Ligand blamed;
      List<DockingSlots.Ligand> rest;
      synchronized (this) {
        blamed = done < end ? ligands.get(done++) : null;
        rest = unanswered();
      }
      if (blamed != null) {
        listener.failed(blamed, "cannot run Vina: " + e.getMessage(), 0, true);
      }
      return rest;
    } finally {
      synchronized (this) {
        open = false;
        // a seated ligand not answered here docks elsewhere: its file leaves this run's folder before it goes
        ligands.stream().filter(l -> !l.answer().isDone()).forEach(DockingSlots.Ligand::goHome);
      }
      ScratchDirs.delete(dir);
    }
  }

  private List<DockingSlots.Ligand> runVina(Listener listener) throws IOException, InterruptedException {
    Path poses = Files.createDirectories(dir.resolve("poses"));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> full = new ArrayList<>(command);
    if (positions.size() == 1) {
      full.addAll(List.of("--ligand", positions.get(0).toString(), "--out", pose(poses, 0).toString()));
    } else {
      full.add("--batch");
      positions.forEach(p -> full.add(p.toString()));
      full.addAll(List.of("--dir", poses.toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(ProgramRun.nullDevice()))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().merge("GLIBC_TUNABLES", HUGE_PAGES, (mine, ours) -> mine + ":" + ours);
    Exiting.holdIfExiting();
    Process process = ProcessStarter.start(builder);
    long started = System.nanoTime();
    List<Long> announced = new ArrayList<>();
    try {
      while (true) {
        boolean exited = process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (exited) {
          Exiting.holdIfExiting(); // an end during the exit is the exit hook's kill
        }
        long now = System.nanoTime();
        String text = Files.readString(out);
        List<Integer> starts = announcements(text);
        while (announced.size() < starts.size()) {
          announced.add(now);
        }
        List<Runnable> answers = new ArrayList<>();
        List<DockingSlots.Ligand> rest;
        List<DockingSlots.Ligand> handedBack = List.of();
        synchronized (this) {
          open &= !exited;
          while (done < end && done + 1 < starts.size()) {
            answers.add(outcome(listener, done, text.substring(starts.get(done), starts.get(done + 1)), null,
                seconds(started, announced, done, announced.get(done + 1)), poses));
            done++;
          }
          rest = exited ? finish(listener, process.exitValue(), text, starts, announced, started, now, err, poses, answers)
              : overrun(listener, process, started, announced, now, answers);
          if (rest == null && ligands.get(done).answer().isCancelled()) {
            // the ligand Vina docks now was cancelled: stop at once, the others dock elsewhere
            ProgramRun.kill(process);
            rest = unanswered();
          } else if (rest == null) {
            handedBack = cutAtCancelled();
          }
        }
        answers.forEach(Runnable::run);
        if (!handedBack.isEmpty()) {
          listener.handedBack(handedBack);
        }
        if (rest != null) {
          return rest;
        }
      }
    } finally {
      ProgramRun.kill(process);
    }
  }

  /**
   * Hands over the ligands Vina has not opened, keeping the one it docks and the next: at most half of what
   * is left, renamed out of this run's way. Empty when nothing can be spared.
   */
  synchronized List<DockingSlots.Ligand> stealTail() {
    return handOver(Math.max(done + 2, end - (end - done) / 2));
  }

  /**
   * A ligand cancelled while queued behind the one Vina docks (and the next, which Vina may have opened):
   * this run's share ends before it, so no time goes to it and the ligand being docked, perhaps another
   * job's, is not lost; the ligands after it are handed back to dock elsewhere. Empty when none is cancelled.
   */
  private List<DockingSlots.Ligand> cutAtCancelled() {
    for (int i = done + 2; i < end; i++) {
      if (ligands.get(i).answer().isCancelled()) {
        return handOver(i);
      }
    }
    return List.of();
  }

  /**
   * Ends this run's share at {@code from}: the ligands from there, which Vina has not opened, are renamed out
   * of its way into their own folders (so Vina stops where they were, blaming no one) and returned, those
   * already answered (cancelled) deleted instead; the seats close. Fewer when a file cannot be moved.
   */
  private List<DockingSlots.Ligand> handOver(int from) {
    List<DockingSlots.Ligand> moved = new ArrayList<>();
    handovers++;
    for (int i = end - 1; i >= from; i--) {
      DockingSlots.Ligand l = ligands.get(i);
      String name = l.file().getFileName().toString().replace(".pdbqt", "-s" + handovers + ".pdbqt");
      try {
        if (l.answer().isDone()) {
          Files.deleteIfExists(l.file());
        } else {
          l.moveTo(Files.move(l.file(), l.home().resolve(name)));
          moved.add(0, l);
        }
      } catch (IOException e) {
        break;
      }
      end = i;
      open = false;
    }
    return moved;
  }

  /** The ligands of this run's share not answered yet, less the cancelled ones. */
  private List<DockingSlots.Ligand> unanswered() {
    return ligands.subList(done, end).stream().filter(l -> !l.answer().isDone()).toList();
  }

  /** Vina exited: the ligand it was on is docked if its table is there; if Vina stopped short, one ligand is blamed. */
  private List<DockingSlots.Ligand> finish(Listener listener, int exit, String text, List<Integer> starts,
      List<Long> announced, long started, long now, Path err, Path poses, List<Runnable> answers) throws IOException {
    String reason = exit == 0 ? "Vina stopped before docking it" : "Vina exited with code " + exit + ": "
        + ProgramRun.message(Files.readString(err));
    if (done < end && done < starts.size()) {
      String segment = text.substring(starts.get(done));
      boolean table = segment.contains("-----+");
      answers.add(outcome(listener, done, segment, table ? null : reason, seconds(started, announced, done, now), poses));
      done++;
      if (!table) {
        return unanswered();
      }
    }
    if (done < end && done >= firstSeat && done >= starts.size()
        && Files.readString(err).contains(positions.get(done).getFileName().toString())) {
      // seated just as Vina looked for the seat: not the ligand's fault, it docks again
      return unanswered();
    }
    if (done < end) {
      DockingSlots.Ligand blamed = ligands.get(done);
      String why = starts.isEmpty() && exit == 0 ? "no result table in Vina's output: '" + ProgramRun.message(text) + "'" : reason;
      double s = seconds(started, announced, done, now);
      answers.add(() -> listener.failed(blamed, why, s, true));
      done++;
    }
    return unanswered();
  }

  /** Past the timeout on one ligand, Vina is killed and that ligand blamed; null while within it. */
  private List<DockingSlots.Ligand> overrun(Listener listener, Process process, long started, List<Long> announced,
      long now, List<Runnable> answers) {
    long since = done == 0 || done >= announced.size() ? started : announced.get(done);
    if (done >= end || now - since <= timeout.toNanos()) {
      return done >= end ? unanswered() : null;
    }
    ProgramRun.kill(process);
    DockingSlots.Ligand blamed = ligands.get(done);
    double s = (now - since) / 1e9;
    answers.add(() -> listener.failed(blamed, ProgramRun.tookLongerThan(command.get(0), timeout), s, false));
    done++;
    return unanswered();
  }

  private Runnable outcome(Listener listener, int i, String segment, String failure, double seconds, Path poses) {
    DockingSlots.Ligand ligand = ligands.get(i);
    if (failure != null) {
      return () -> listener.failed(ligand, failure, seconds, true);
    }
    try {
      double affinity = VinaParser.bestAffinity(segment);
      String pose = Pdbqt.firstModel(pose(poses, i));
      return () -> listener.docked(ligand, affinity, pose, seconds);
    } catch (IllegalArgumentException | IOException e) {
      return () -> listener.failed(ligand, e.getMessage(), seconds, true);
    }
  }

  /** Where Vina writes position {@code i}'s poses: its file's name with {@code _out}, as batch mode names them. */
  private Path pose(Path poses, int i) {
    String name = positions.get(i).getFileName().toString();
    return poses.resolve(name.substring(0, name.length() - ".pdbqt".length()) + "_out.pdbqt");
  }

  /**
   * Ligand {@code i}'s seconds: from its announcement (the first's from the start: the grid is its) to
   * {@code until}; one never announced took none.
   */
  private static double seconds(long started, List<Long> announced, int i, long until) {
    long from = i == 0 ? started : i < announced.size() ? announced.get(i) : until;
    return Math.max(1, until - from) / 1e9;
  }

  private static List<Integer> announcements(String text) {
    List<Integer> starts = new ArrayList<>();
    for (int at = text.indexOf(ANNOUNCEMENT); at >= 0; at = text.indexOf(ANNOUNCEMENT, at + 1)) {
      starts.add(at);
    }
    return starts;
  }
}
