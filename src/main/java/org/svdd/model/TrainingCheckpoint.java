package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A folder holding a training's state after its last finished epoch, so that a training stopped midway (Ctrl-C, a
 * kill, a power cut) goes on from there and ends with the weights an unstopped run would have: the weights, their
 * moving average, Adam's moments and step count, and the reports of the epochs done. Each epoch's state replaces the
 * last one as a whole (its files are written first, then the one file naming them is swapped in), so a stop while
 * saving leaves the previous epoch's state. The folder belongs to one training: its {@code identity} (the network,
 * the settings, a digest of the data) is kept with it, and a training of another identity is refused, naming what
 * differs, rather than started from the wrong state.
 */
public final class TrainingCheckpoint {
  private static final String STATE = "checkpoint.properties";
  private static final String EPOCHS = "epochs.done";
  private static final String STEPS = "steps";
  private static final String SECONDS = "seconds";
  private static final String IDENTITY = "identity.";
  private static final String HISTORY = "history.";
  private final Path dir;
  private final Map<String, String> identity;

  /**
   * @param dir the folder (made at the first save)
   * @param identity what must be the same for a training to go on from this state, by name
   */
  public TrainingCheckpoint(Path dir, Map<String, String> identity) {
    this.dir = dir;
    this.identity = new TreeMap<>(identity);
  }

  public Path dir() {
    return dir;
  }

  /**
   * The epochs done by the training kept here (0 when nothing is kept).
   *
   * @throws IllegalArgumentException when the folder keeps a training of another identity
   */
  public int epochsDone() {
    Properties state = state();
    return state == null ? 0 : Integer.parseInt(state.getProperty(EPOCHS));
  }

  /** The seconds the training kept here trained for, over all its runs (0 when nothing is kept). */
  public double trainedSeconds() {
    Properties state = state();
    return state == null ? 0 : Double.parseDouble(state.getProperty(SECONDS, "0"));
  }

  /** Removes the folder and what it keeps (once the trained model is written). */
  public void delete() throws IOException {
    if (Files.isDirectory(dir)) {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The state kept here, null for none; refuses a state of another training. */
  private Properties state() {
    Path file = dir.resolve(STATE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties state = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      state.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw unreadable(file, e);
    }
    List<String> differences = new ArrayList<>();
    TreeMap<String, String> kept = new TreeMap<>();
    state.stringPropertyNames().stream().filter(k -> k.startsWith(IDENTITY))
        .forEach(k -> kept.put(k.substring(IDENTITY.length()), state.getProperty(k)));
    for (String name : union(kept, identity)) {
      if (!java.util.Objects.equals(kept.get(name), identity.get(name))) {
        differences.add(name + ": " + kept.get(name) + " there, " + identity.get(name) + " here");
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(dir + " keeps " + state.getProperty(EPOCHS) + " epoch(s) of another training ("
          + String.join("; ", differences) + "): run that training's command again to finish it, or delete " + dir
          + " to train from the start");
    }
    try {
      Integer.parseInt(state.getProperty(STEPS));
      Double.parseDouble(state.getProperty(SECONDS, "0"));
      reports(state);
    } catch (RuntimeException e) {
      throw unreadable(file, e);
    }
    return state;
  }

  /** A kept file that cannot be read back (edited, damaged, another version's). */
  private IllegalArgumentException unreadable(Path file, Exception e) {
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    return new IllegalArgumentException(file + " cannot be read as a training's kept state (" + why + "): delete " + dir
        + " to train from the start", e);
  }

  private static List<String> union(Map<String, String> a, Map<String, String> b) {
    TreeMap<String, String> all = new TreeMap<>(a);
    all.putAll(b);
    return new ArrayList<>(all.keySet());
  }

  private static List<MdlmTrainer.EpochReport> reports(Properties state) {
    List<MdlmTrainer.EpochReport> reports = new ArrayList<>();
    int epochs = Integer.parseInt(state.getProperty(EPOCHS));
    if (epochs < 1) {
      throw new IllegalStateException(EPOCHS + " is " + epochs);
    }
    for (int e = 1; e <= epochs; e++) {
      String[] f = state.getProperty(HISTORY + e).split(" ");
      reports.add(new MdlmTrainer.EpochReport(e, Integer.parseInt(f[0]), Double.parseDouble(f[1]),
          Double.parseDouble(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])));
    }
    return reports;
  }

  /**
   * Puts the kept state into the block, the average (may be null) and the optimiser; returns the reports of the
   * epochs done, in order (none when nothing is kept, and nothing is put).
   */
  List<MdlmTrainer.EpochReport> restore(Block block, WeightAverage average, ResumableAdam adam) {
    Properties state = state();
    if (state == null) {
      return List.of();
    }
    int epochs = Integer.parseInt(state.getProperty(EPOCHS));
    List<Pair<String, Parameter>> parameters = parameters(block);
    NDManager manager = parameters.get(0).getValue().getArray().getManager();
    List<NDArray> weights = read(file("weights", epochs), parameters, manager);
    for (int i = 0; i < parameters.size(); i++) {
      try (NDArray w = weights.get(i)) {
        w.copyTo(parameters.get(i).getValue().getArray());
      }
    }
    if (average != null) {
      List<NDArray> averages = read(file("average", epochs), parameters, manager);
      for (int i = 0; i < parameters.size(); i++) {
        try (NDArray a = averages.get(i)) {
          a.copyTo(average.averages().get(i));
        }
      }
    }
    List<NDArray> means = read(file("means", epochs), parameters, manager);
    List<NDArray> variances = read(file("variances", epochs), parameters, manager);
    for (int i = 0; i < parameters.size(); i++) {
      adam.restore(parameters.get(i).getValue().getId(), means.get(i), variances.get(i));
    }
    adam.restoreSteps(Integer.parseInt(state.getProperty(STEPS)));
    return reports(state);
  }

  /**
   * Keeps the state after {@code history.size()} epochs, replacing the state kept before.
   *
   * @param seconds the time trained so far, over all runs
   */
  void save(List<MdlmTrainer.EpochReport> history, double seconds, Block block, WeightAverage average,
      ResumableAdam adam) {
    int epochs = history.size();
    List<Pair<String, Parameter>> parameters = parameters(block);
    try {
      Files.createDirectories(dir);
      write(file("weights", epochs), parameters, i -> parameters.get(i).getValue().getArray());
      if (average != null) {
        write(file("average", epochs), parameters, i -> average.averages().get(i));
      }
      write(file("means", epochs), parameters, i -> moment(adam.mean(parameters.get(i).getValue().getId()), parameters, i));
      write(file("variances", epochs), parameters,
          i -> moment(adam.variance(parameters.get(i).getValue().getId()), parameters, i));
      Properties state = new Properties();
      state.setProperty(EPOCHS, Integer.toString(epochs));
      state.setProperty(STEPS, Integer.toString(adam.steps()));
      state.setProperty(SECONDS, Double.toString(seconds));
      identity.forEach((k, v) -> state.setProperty(IDENTITY + k, v));
      for (MdlmTrainer.EpochReport r : history) {
        // Double.toString reads back to the same double
        state.setProperty(HISTORY + r.epoch(), r.epochs() + " " + r.loss() + " " + r.heldOutLoss() + " " + r.retried()
            + " " + r.leftOut());
      }
      Path next = dir.resolve(STATE + ".next");
      try (var out = Files.newBufferedWriter(next)) {
        state.store(out, "svdd train: the state after epoch " + epochs + "; removed when the training ends");
      }
      Files.move(next, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      try (var kept = Files.newDirectoryStream(dir, "*.bin")) {
        for (Path p : kept) {
          if (!p.getFileName().toString().endsWith(suffix(epochs))) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the training's state after epoch " + epochs + " in " + dir, e);
    }
  }

  /** A moment Adam has, or zeros for a parameter it has not updated yet (as Adam starts it). */
  private static NDArray moment(NDArray kept, List<Pair<String, Parameter>> parameters, int i) {
    return kept != null ? kept : parameters.get(i).getValue().getArray().zerosLike();
  }

  private Path file(String what, int epochs) {
    return dir.resolve(what + suffix(epochs));
  }

  private static String suffix(int epochs) {
    return String.format(Locale.ROOT, "-%04d.bin", epochs);
  }

  private static List<Pair<String, Parameter>> parameters(Block block) {
    List<Pair<String, Parameter>> all = new ArrayList<>();
    block.getParameters().forEach(all::add);
    return all;
  }

  private static void write(Path file, List<Pair<String, Parameter>> parameters,
      java.util.function.IntFunction<NDArray> array) throws IOException {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(part)))) {
      out.writeInt(parameters.size());
      for (int i = 0; i < parameters.size(); i++) {
        byte[] bytes = array.apply(i).encode();
        out.writeUTF(parameters.get(i).getKey());
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The arrays of a file, one per parameter, checked against the block's names and shapes. */
  private List<NDArray> read(Path file, List<Pair<String, Parameter>> parameters, NDManager manager) {
    List<NDArray> arrays = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      int count = in.readInt();
      if (count != parameters.size()) {
        throw new IllegalStateException(file + " holds " + count + " arrays; the network has " + parameters.size()
            + " parameters");
      }
      for (Pair<String, Parameter> p : parameters) {
        String name = in.readUTF();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        NDArray array = NDArray.decode(manager, bytes);
        arrays.add(array);
        if (!name.equals(p.getKey()) || !array.getShape().equals(p.getValue().getArray().getShape())) {
          throw new IllegalStateException(file + " holds " + name + " " + array.getShape() + " where the network has "
              + p.getKey() + " " + p.getValue().getArray().getShape());
        }
      }
      return arrays;
    } catch (IOException | RuntimeException e) {
      arrays.forEach(NDArray::close);
      throw unreadable(file, e);
    }
  }
}
