package org.svdd.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.svdd.core.diffusion.Vocabulary;

/**
 * A model directory: {@code model.properties} (format, symbols, maximum length, and for DJL the
 * architecture; for a Gaussian image model {@code process=gaussian} and its {@link ImageNetwork}) beside
 * the weights. DJL weights are {@code denoiser-0000.params}; TorchScript and ONNX
 * models name their file with {@code file=}. A user's network must map int64 token ids [B, L] (symbols
 * 0..K-1, pad K, mask K+1) to logits [B, L, K+1].
 */
public final class ModelFiles {
  public static final String PROPERTIES = "model.properties";
  static final String WEIGHTS = "denoiser";

  private ModelFiles() {}

  /** Writes a trained DJL model and its description into {@code dir}. */
  public static void save(DiffusionModel model, NetworkConfig config, Path dir) throws IOException {
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("format", "djl");
    Vocabulary vocabulary = model.vocabulary();
    if (vocabulary.singleCharacters()) {
      p.setProperty("symbols", String.join("", vocabulary.symbols()));
    } else {
      p.setProperty("tokens", String.join(" ", vocabulary.symbols()));
    }
    p.setProperty("length", Integer.toString(config.length()));
    p.setProperty("hidden", Integer.toString(config.hidden()));
    p.setProperty("blocks", Integer.toString(config.blocks()));
    p.setProperty("kernel", Integer.toString(config.kernel()));
    p.setProperty("architecture", config.architecture());
    p.setProperty("heads", Integer.toString(config.heads()));
    if (config.dropout() > 0) {
      p.setProperty("dropout", Float.toString(config.dropout()));
    }
    saveWeights(model.djlModel(), dir, WEIGHTS);
    try (OutputStream out = Files.newOutputStream(dir.resolve(PROPERTIES))) {
      p.store(out, "svdd masked-diffusion denoiser");
    }
  }

  /** Writes a trained image denoiser and its description into {@code dir}. */
  public static void saveImage(Model model, ImageNetwork network, Path dir) throws IOException {
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("format", "djl");
    network.write(p);
    saveWeights(model, dir, WEIGHTS);
    try (OutputStream out = Files.newOutputStream(dir.resolve(PROPERTIES))) {
      p.store(out, "svdd Gaussian image denoiser");
    }
  }

  /**
   * Saves a network's weights as {@code <name>-0000.params}, first removing weights an earlier run left
   * there (DJL would number the new file 0001 and keep both).
   */
  static void saveWeights(Model model, Path dir, String name) throws IOException {
    try (var old = Files.newDirectoryStream(dir, name + "-*.params")) {
      for (Path file : old) {
        Files.delete(file);
      }
    }
    model.save(dir, name);
  }

  /**
   * What a model directory declares, read without loading weights: a masked-diffusion model's symbols and
   * maximum length, or ({@code image} not null, {@code vocabulary} null) an image model's network.
   */
  public record Description(Vocabulary vocabulary, int length, ModelFormat format, ImageNetwork image) {
    /** The diffusion process the model denoises. */
    public org.svdd.core.diffusion.DiffusionProcess process() {
      return image != null ? image.process() : new org.svdd.core.diffusion.MaskedDiffusion(vocabulary, length);
    }

    /** The floats of one denoiser prediction: an image's pixels, or a probability per position and symbol. */
    public int predictionFloats() {
      return image != null ? image.process().length() : length * vocabulary.cleanSize();
    }
  }

  public static Description describe(Path dir) {
    return describe(properties(dir), dir.resolve(PROPERTIES));
  }

  private static Description describe(Properties p, Path file) {
    if (isImage(p, file)) {
      ImageNetwork image = ImageNetwork.read(p, file);
      return new Description(null, image.height() * image.width(), ModelFormat.DJL, image);
    }
    return new Description(vocabulary(p, file), positive(p, "length", file),
        ModelFormat.parse(required(p, "format", file), file.toString()), null);
  }

  private static boolean isImage(Properties p, Path file) {
    String process = p.getProperty("process", "masked").strip();
    if (process.equals(ImageNetwork.PROCESS)) {
      return true;
    }
    if (!process.equals("masked")) {
      throw new InvalidModelException(file + ": 'process' must be masked or " + ImageNetwork.PROCESS + ", got '"
          + process + "'");
    }
    return false;
  }

  /** Loads any supported model directory, or fails naming the file and the problem. */
  public static DiffusionModel load(Path dir) {
    Path file = dir.resolve(PROPERTIES);
    Properties p = properties(dir);
    Description d = describe(p, file);
    if (d.image() != null) {
      DiffusionModel loaded = new DiffusionModel(loadImage(dir, file, d.image()), d.image());
      probe(loaded, dir);
      return loaded;
    }
    Model model = d.format() == ModelFormat.DJL
        ? loadDjl(dir, p, file, d.vocabulary(), d.length())
        : loadForeign(dir, p, file, d.format());
    DiffusionModel loaded = new DiffusionModel(model, d.vocabulary(), d.length(), d.format());
    probe(loaded, dir);
    return loaded;
  }

  /**
   * One forward pass on a fully masked sequence, so a network whose input or output does not fit the
   * declared vocabulary and length is refused at load with one clear line, not at the first job.
   */
  private static void probe(DiffusionModel model, Path dir) {
    org.svdd.core.diffusion.DiffusionProcess process = model.process();
    try {
      model.newDenoiser(1).predict(List.of(new org.svdd.core.diffusion.DenoiseInput(
          process.prior(org.svdd.core.random.RandomStream.of(0, org.svdd.core.random.Purpose.PRIOR)), 1.0)));
    } catch (RuntimeException e) {
      model.close();
      String reason = oneLine(e);
      String declared = model.format() == ModelFormat.DJL && process instanceof org.svdd.core.diffusion.GaussianDiffusion
          ? "images of " + model.length() + " values"
          : "vocabulary of " + model.vocabulary().size() + " symbols, length " + model.length();
      throw new InvalidModelException("model " + dir + " does not fit its " + PROPERTIES + " (" + declared + "): "
          + reason, e);
    }
  }

  private static Model loadImage(Path dir, Path file, ImageNetwork network) {
    Model model = Model.newInstance(WEIGHTS, ModelFormat.DJL.engine());
    model.setBlock(network.block());
    try {
      model.load(dir, WEIGHTS);
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new InvalidModelException("cannot load weights " + dir.resolve(WEIGHTS + "-0000.params")
          + " with the image network in " + file + ": " + whyNotLoaded(e), e);
    }
  }

  /**
   * Why a network's weights did not load, in one line: a weights file cut short (a copy or download that stopped)
   * ends DJL's reading with an exception that says nothing itself.
   */
  static String whyNotLoaded(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.io.EOFException) {
        return "the weights file ends early (cut short?)";
      }
    }
    return oneLine(e);
  }

  /** The first line of what {@code e} says, wrappers that say nothing themselves peeled off. */
  private static String oneLine(Throwable e) {
    return org.svdd.core.reward.Failures.describe(e).lines().findFirst().orElse("");
  }

  private static Properties properties(Path dir) {
    return properties(dir, PROPERTIES, "model");
  }

  /** The properties file {@code name} of a {@code kind} directory, or a failure naming the file and the problem. */
  static Properties properties(Path dir, String name, String kind) {
    Path file = dir.resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelException(kind + " directory " + dir + (Files.exists(dir) ? " is not a directory"
          : " does not exist"));
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException(kind + " directory " + dir + " has no " + name + instead(dir));
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return p;
  }

  /** The trained things a directory holds instead, each by the file that marks it. */
  private static final List<Map.Entry<String, String>> MARKERS = List.of(Map.entry(PROPERTIES, "a model"),
      Map.entry(ValueNetwork.PROPERTIES, "a value network"), Map.entry(SequenceClassifier.PROPERTIES, "a classifier"));

  /**
   * What {@code dir} holds instead of what was asked, said after the missing file: another trained thing (a value
   * network given as a model), or models in its folders (the models folder given for one of them).
   */
  private static String instead(Path dir) {
    for (Map.Entry<String, String> marker : MARKERS) {
      if (Files.isRegularFile(dir.resolve(marker.getKey()))) {
        return " (it holds " + marker.getValue() + ": " + marker.getKey() + ")";
      }
    }
    try (var entries = Files.list(dir)) {
      List<String> models = entries.filter(d -> Files.isRegularFile(d.resolve(PROPERTIES)))
          .map(d -> d.getFileName().toString()).sorted().toList();
      return models.isEmpty() ? "" : " (models in its folders: " + String.join(", ", models) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  /** The architecture recorded for a DJL model directory. */
  static NetworkConfig config(Properties p, Path file, Vocabulary vocabulary, int length) {
    try {
      return new NetworkConfig(length, vocabulary.inputSize(), vocabulary.cleanSize(),
          positive(p, "hidden", file), positive(p, "blocks", file), positive(p, "kernel", file),
          p.getProperty("architecture", NetworkConfig.CNN), Integer.parseInt(p.getProperty("heads", "1").strip()),
          Float.parseFloat(p.getProperty("dropout", "0").strip()));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(file + ": " + e.getMessage(), e);
    }
  }

  private static Model loadDjl(Path dir, Properties p, Path file, Vocabulary vocabulary, int length) {
    NetworkConfig config = config(p, file, vocabulary, length);
    Model model = Model.newInstance(WEIGHTS, ModelFormat.DJL.engine());
    model.setBlock(config.block());
    try {
      model.load(dir, WEIGHTS);
      checkShapes(model, config);
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new InvalidModelException("cannot load weights " + dir.resolve(WEIGHTS + "-0000.params")
          + " with the architecture in " + file + ": " + whyNotLoaded(e), e);
    }
  }

  /**
   * Puts the weights of model directory {@code dir} into {@code model}, whose block is {@code config}'s: the
   * directory must declare the same symbols, length and network. Dropout may differ: it holds no weights (only
   * training uses it), so the saved network is loaded as declared and its weights copied over one by one.
   */
  static void loadWeights(Model model, NetworkConfig config, org.svdd.core.diffusion.Vocabulary vocabulary, Path dir) {
    Path file = dir.resolve(PROPERTIES);
    Properties p = properties(dir);
    Description d = describe(p, file);
    if (d.image() != null || d.format() != ModelFormat.DJL) {
      throw new InvalidModelException("cannot start training from " + dir + ": it is not a masked-diffusion model in "
          + "svdd's own (djl) format");
    }
    if (!d.vocabulary().equals(vocabulary)) {
      throw new InvalidModelException("cannot start training from " + dir + ": its symbols " + d.vocabulary().symbols()
          + " are not the data's " + vocabulary.symbols());
    }
    NetworkConfig declared = config(p, file, d.vocabulary(), d.length());
    if (!declared.withDropout(0).equals(config.withDropout(0))) {
      throw new InvalidModelException("cannot start training from " + dir + ": its network (" + declared.describe()
          + ") is not the one asked for (" + config.describe() + ")");
    }
    try (Model saved = loadDjl(dir, p, file, d.vocabulary(), d.length())) {
      var from = saved.getBlock().getParameters();
      model.getBlock().initialize(model.getNDManager(), DilatedResidualCnn.parameterType(), config.inputShape(1));
      var to = model.getBlock().getParameters();
      for (int i = 0; i < to.size(); i++) {
        to.valueAt(i).getArray().set(from.valueAt(i).getArray().toByteBuffer());
      }
    }
  }

  /** DJL takes saved arrays as they are; compare them with the shapes the declared architecture needs. */
  private static void checkShapes(Model model, NetworkConfig config) {
    ai.djl.nn.Block expected = config.block();
    try (ai.djl.ndarray.NDManager manager = model.getNDManager().newSubManager()) {
      expected.initialize(manager, DilatedResidualCnn.parameterType(), config.inputShape(1));
      var want = expected.getParameters();
      var have = model.getBlock().getParameters();
      if (want.size() != have.size()) {
        throw new IllegalStateException("the weights hold " + have.size() + " parameters, the architecture needs " + want.size());
      }
      for (int i = 0; i < want.size(); i++) {
        ai.djl.ndarray.types.Shape a = want.valueAt(i).getArray().getShape();
        ai.djl.ndarray.types.Shape b = have.valueAt(i).getArray().getShape();
        if (!a.equals(b)) {
          throw new IllegalStateException("parameter " + have.keyAt(i) + " has shape " + b + ", the architecture needs " + a);
        }
      }
    }
  }

  private static Model loadForeign(Path dir, Properties p, Path file, ModelFormat format) {
    Path weights = dir.resolve(required(p, "file", file));
    if (!Files.isRegularFile(weights)) {
      throw new InvalidModelException(file + " names " + weights + ", which does not exist");
    }
    Criteria<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(weights)
        .optEngine(format.engine())
        .build();
    try {
      return criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new InvalidModelException("cannot load " + format.name().toLowerCase() + " model " + weights + ": "
          + whyNotLoaded(e), e);
    }
  }

  /** {@code symbols=ACGU} (one character each) or {@code tokens=[C] [=C] [Branch1] ...} (whitespace-separated). */
  private static Vocabulary vocabulary(Properties p, Path file) {
    String tokens = p.getProperty("tokens");
    List<String> list = tokens != null && !tokens.isBlank()
        ? List.of(tokens.trim().split("\\s+"))
        : required(p, "symbols", file).chars().mapToObj(c -> String.valueOf((char) c)).toList();
    try {
      return new Vocabulary(list);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(file + ": " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key, Path file) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new InvalidModelException(file + " lacks the key '" + key + "'");
    }
    return value.trim();
  }

  static int positive(Properties p, String key, Path file) {
    String value = required(p, key, file);
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidModelException(file + ": '" + key + "' must be a positive integer, got '" + value + "'");
  }
}
