package org.svdd.model;

import java.util.Arrays;
import java.util.Locale;

/** How a model's weights are stored. */
public enum ModelFormat {
  /** Trained by this project: DJL parameters plus the architecture in model.properties. */
  DJL("PyTorch"),
  /** A user's TorchScript file (torch.jit.save), run by libtorch. */
  TORCHSCRIPT("PyTorch"),
  /** A user's ONNX file, run by ONNX Runtime. */
  ONNX("OnnxRuntime");

  private final String engine;

  ModelFormat(String engine) {
    this.engine = engine;
  }

  String engine() {
    return engine;
  }

  static ModelFormat parse(String text, String source) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(source + ": format '" + text + "' is not one of "
          + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
    }
  }
}
