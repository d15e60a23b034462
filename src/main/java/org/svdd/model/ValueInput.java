package org.svdd.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Properties;
import org.svdd.core.diffusion.State;

/**
 * What a {@link ValueNetwork} reads: how a state of one kind of diffusion becomes an input row, and the
 * network that regresses a value from such rows. {@link TokenValueInput} reads partly masked sequences,
 * {@link ImageValueInput} noisy images with their diffusion time.
 */
public interface ValueInput {

  /** The kind written to a value network's properties, which {@link #read} dispatches on. */
  String kind();

  /** The shape of one input row. */
  Shape shape();

  /** One state as an input row, or an {@link IllegalArgumentException} naming why it cannot be read. */
  float[] row(State state);

  /** A fresh, untrained network over rows of {@link #shape()}, ending in one output. */
  Block network();

  /** A state of the input's shape at full noise, to check weights against the shape on loading. */
  State blank();

  /** How noisy a state is, from 1 (the prior) to 0 (a clean sample): the bands a value card reports by. */
  double noise(State state);

  /** Writes what {@link #read} needs to rebuild this input. */
  void describe(Properties properties);

  /** The input a value network's properties describe ({@code kind} absent: tokens, as the first networks were). */
  static ValueInput read(Properties p, Path file) {
    String kind = p.getProperty("kind", TokenValueInput.KIND).strip();
    return switch (kind) {
      case TokenValueInput.KIND -> TokenValueInput.read(p, file);
      case ImageValueInput.KIND -> ImageValueInput.read(p, file);
      default -> throw new InvalidModelException(file + ": unknown value network kind '" + kind + "' (known: "
          + TokenValueInput.KIND + ", " + ImageValueInput.KIND + ")");
    };
  }
}
