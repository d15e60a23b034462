package org.svdd.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A classifier of fixed-length sequences read one-hot, the network behind the promoter task's guidance
 * reward and its held-out judge. Two architectures, so that the judge is not the guide's twin:
 * {@code cnn} reads the one-hot sequence (two convolutions of 64 filters, widths 9 and 5, each followed by
 * max-pooling over 4 positions, then a hidden layer of 64 with dropout: motifs found anywhere, their
 * rough position kept); {@code kmer} reads the frequencies of every {@value #K}-mer in each of
 * {@value #BINS} equal stretches of the sequence (a hidden layer of 64 with dropout: composition, coarsely
 * placed, no motif detector). Runs fixed micro-batches, so a sequence's scores do not depend on the
 * others scored with it.
 *
 * <p>A classifier may be an ensemble of networks of one architecture trained from different seeds: its
 * log-probabilities are the members' averaged and renormalised, so for two classes its log-odds are the mean
 * of theirs. A guide that must be fooled by every member at once is harder to fool (the over-optimisation
 * that model-based design meets when it steers toward one learned predictor).
 */
public final class SequenceClassifier implements AutoCloseable {
  public static final String CNN = "cnn";
  public static final String KMER = "kmer";
  /** The k-mer architecture counts k-mers of this length... */
  static final int K = 4;
  /** ...in this many stretches of the sequence. */
  static final int BINS = 4;
  private static final float DROPOUT = 0.3f;
  public static final String PROPERTIES = "classifier.properties";
  /** Weights of the second and later members are saved as {@code member-<n>-0000.params}. */
  private static final String MEMBER = "member-";
  private final List<Model> models;
  private final String architecture;
  private final String alphabet;
  private final int length;
  private final List<String> classes;

  SequenceClassifier(Model model, String architecture, String alphabet, int length, List<String> classes) {
    this(List.of(model), architecture, alphabet, length, classes);
  }

  private SequenceClassifier(List<Model> models, String architecture, String alphabet, int length, List<String> classes) {
    this.models = List.copyOf(models);
    this.architecture = architecture;
    this.alphabet = alphabet;
    this.length = length;
    this.classes = List.copyOf(classes);
  }

  /** The untrained network of an architecture, giving {@code classes} logits per one-hot row [B, symbols, L]. */
  static Block network(String architecture, int classes) {
    SequentialBlock net = new SequentialBlock();
    switch (architecture) {
      case CNN -> net.add(conv(9)).add(Activation.reluBlock()).add(Pool.maxPool1dBlock(new Shape(4), new Shape(4)))
          .add(conv(5)).add(Activation.reluBlock()).add(Pool.maxPool1dBlock(new Shape(4), new Shape(4)))
          .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
          .add(Dropout.builder().optRate(DROPOUT).build());
      case KMER -> net.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(64).build())
          .add(Activation.reluBlock()).add(Dropout.builder().optRate(DROPOUT).build());
      default -> throw new IllegalArgumentException("classifier architecture must be cnn or kmer, got '" + architecture + "'");
    }
    return net.add(Linear.builder().setUnits(classes).build());
  }

  private static Block conv(int width) {
    return AlignedConvolution.of(Conv1d.builder().setFilters(64).setKernelShape(new Shape(width))
        .optPadding(new Shape(width / 2)));
  }

  /**
   * One classifier averaging {@code members}, which must share architecture, alphabet, length and classes. The
   * ensemble takes their networks over: close it, not them.
   */
  public static SequenceClassifier ensemble(List<SequenceClassifier> members) {
    SequenceClassifier first = members.get(0);
    List<Model> models = new java.util.ArrayList<>();
    for (SequenceClassifier m : members) {
      if (!m.architecture.equals(first.architecture) || !m.alphabet.equals(first.alphabet) || m.length != first.length
          || !m.classes.equals(first.classes)) {
        throw new IllegalArgumentException("ensemble members must share architecture, alphabet, length and classes");
      }
      models.addAll(m.models);
    }
    return new SequenceClassifier(models, first.architecture, first.alphabet, first.length, first.classes);
  }

  /** Networks averaged: 1 for a single classifier. */
  public int members() {
    return models.size();
  }

  public String architecture() {
    return architecture;
  }

  public List<String> classes() {
    return classes;
  }

  public int length() {
    return length;
  }

  /** The index of a class name; fails naming the known ones. */
  public int classIndex(String name) {
    int index = classes.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("unknown class '" + name + "'; classes: " + classes);
    }
    return index;
  }

  /** The network's input for a sequence: one-hot (cnn) or binned k-mer frequencies (kmer). */
  float[] input(String sequence) {
    float[] oneHot = oneHot(sequence);
    return architecture.equals(KMER) ? kmerBins(sequence) : oneHot;
  }

  /** The shape of one input row. */
  Shape inputShape() {
    int symbols = alphabet.length();
    return architecture.equals(KMER) ? new Shape(BINS, (long) Math.pow(symbols, K)) : new Shape(symbols, length);
  }

  /** Per stretch, the frequency of each k-mer that starts in it (symbols checked by {@link #oneHot} first). */
  private float[] kmerBins(String sequence) {
    int symbols = alphabet.length();
    int kmers = (int) Math.pow(symbols, K);
    float[] x = new float[BINS * kmers];
    int starts = length - K + 1;
    int[] perBin = new int[BINS];
    for (int i = 0; i < starts; i++) {
      int code = 0;
      for (int j = 0; j < K; j++) {
        code = code * symbols + alphabet.indexOf(sequence.charAt(i + j));
      }
      int bin = i * BINS / starts;
      x[bin * kmers + code]++;
      perBin[bin]++;
    }
    for (int b = 0; b < BINS; b++) {
      for (int c = 0; c < kmers; c++) {
        x[b * kmers + c] /= Math.max(1, perBin[b]);
      }
    }
    return x;
  }

  /** A sequence one-hot, symbol by symbol ({@code [symbol * length + position]}); fails naming a wrong one. */
  float[] oneHot(String sequence) {
    if (sequence.length() != length) {
      throw new IllegalArgumentException("the classifier reads sequences of " + length + ", got " + sequence.length()
          + ": " + sequence);
    }
    float[] x = new float[alphabet.length() * length];
    for (int i = 0; i < length; i++) {
      int symbol = alphabet.indexOf(sequence.charAt(i));
      if (symbol < 0) {
        throw new IllegalArgumentException("the classifier reads " + alphabet + ", got '" + sequence.charAt(i)
            + "' at " + (i + 1) + " of " + sequence);
      }
      x[symbol * length + i] = 1;
    }
    return x;
  }

  /** Log-probabilities of every class, per sequence. */
  public float[][] logProbabilities(List<String> sequences) {
    List<float[]> inputs = sequences.stream().map(this::input).toList();
    float[][] sum = Classifiers.run(models.get(0), inputs, inputShape(), Classifiers.Output.LOG_PROBABILITIES);
    if (models.size() == 1) {
      return sum;
    }
    for (int m = 1; m < models.size(); m++) {
      float[][] member = Classifiers.run(models.get(m), inputs, inputShape(), Classifiers.Output.LOG_PROBABILITIES);
      for (int i = 0; i < sum.length; i++) {
        for (int c = 0; c < sum[i].length; c++) {
          sum[i][c] += member[i][c];
        }
      }
    }
    for (float[] row : sum) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < row.length; c++) {
        row[c] /= models.size();
        max = Math.max(max, row[c]);
      }
      double total = 0;
      for (float v : row) {
        total += Math.exp(v - max);
      }
      float norm = (float) (max + Math.log(total));
      for (int c = 0; c < row.length; c++) {
        row[c] -= norm;
      }
    }
    return sum;
  }

  /** Per sequence, log p(target) − log p(any other class): the log-odds of {@code target}. */
  public double[] logOdds(List<String> sequences, int target) {
    float[][] logp = logProbabilities(sequences);
    double[] out = new double[logp.length];
    for (int i = 0; i < logp.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < logp[i].length; c++) {
        max = c == target ? max : Math.max(max, logp[i][c]);
      }
      double sum = 0;
      for (int c = 0; c < logp[i].length; c++) {
        sum += c == target ? 0 : Math.exp(logp[i][c] - max);
      }
      out[i] = logp[i][target] - (max + Math.log(sum));
    }
    return out;
  }

  /** Log-odds beyond ±20 (p within 2e-9 of 0 or 1) say nothing more; clamping keeps values comparable. */
  public static final double BOUND = 20;

  /**
   * {@link #logOdds} clamped to ±{@link #BOUND}, and −{@link #BOUND} for a sequence of another length than
   * this classifier reads (the reward's and the judge's floor).
   */
  public double[] boundedLogOdds(List<String> sequences, int target) {
    double[] odds = logOdds(sequences.stream().filter(s -> s.length() == length).toList(), target);
    double[] out = new double[sequences.size()];
    int k = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = sequences.get(i).length() != length ? -BOUND : Math.max(-BOUND, Math.min(BOUND, odds[k++]));
    }
    return out;
  }

  /** The fraction of sequences whose most probable class is their label. */
  public double accuracy(List<String> sequences, int[] labels) {
    float[][] logp = logProbabilities(sequences);
    return Classifiers.accuracy(logp, labels);
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    ModelFiles.saveWeights(models.get(0), dir, Classifiers.WEIGHTS);
    for (int m = 1; m < models.size(); m++) {
      ModelFiles.saveWeights(models.get(m), dir, MEMBER + (m + 1));
    }
    Properties p = new Properties();
    p.setProperty("input", "sequence");
    p.setProperty("architecture", architecture);
    p.setProperty("alphabet", alphabet);
    p.setProperty("length", Integer.toString(length));
    p.setProperty("classes", String.join(",", classes));
    if (models.size() > 1) {
      p.setProperty("members", Integer.toString(models.size()));
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve(PROPERTIES))) {
      p.store(out, "svdd sequence classifier");
    }
  }

  /** Loads a classifier directory, or fails naming the file and the problem. */
  public static SequenceClassifier load(Path dir) {
    Path file = dir.resolve(PROPERTIES);
    Properties p = ModelFiles.properties(dir, PROPERTIES, "classifier");
    if (!"sequence".equals(p.getProperty("input", "").strip())) {
      throw new InvalidModelException(file + " does not describe a sequence classifier (input=sequence)");
    }
    String architecture = p.getProperty("architecture", "").strip();
    String alphabet = p.getProperty("alphabet", "").strip();
    List<String> classes = List.of(p.getProperty("classes", "").strip().split(","));
    int length = ModelFiles.positive(p, "length", file);
    if (alphabet.isEmpty() || classes.size() < 2) {
      throw new InvalidModelException(file + " needs an alphabet and at least two classes");
    }
    int members = p.containsKey("members") ? ModelFiles.positive(p, "members", file) : 1;
    List<Model> models = new java.util.ArrayList<>();
    try {
      for (int m = 1; m <= members; m++) {
        String name = m == 1 ? Classifiers.WEIGHTS : MEMBER + m;
        if (m > 1 && !Files.isRegularFile(dir.resolve(name + "-0000.params"))) {
          throw new InvalidModelException(file + " declares " + members + " members, but " + name
              + "-0000.params is missing");
        }
        Model model = Model.newInstance(name, ModelFormat.DJL.engine());
        models.add(model);
        model.setBlock(network(architecture, classes.size()));
        model.load(dir, name);
      }
      SequenceClassifier classifier = new SequenceClassifier(models, architecture, alphabet, length, classes);
      classifier.logProbabilities(List.of(String.valueOf(alphabet.charAt(0)).repeat(length)));
      return classifier;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      models.forEach(Model::close);
      throw new InvalidModelException("cannot load classifier " + dir + ": " + ModelFiles.whyNotLoaded(e), e);
    }
  }

  @Override
  public void close() {
    models.forEach(Model::close);
  }
}
