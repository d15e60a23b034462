package org.svdd.core.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void describe_peelsFutureWrappers() {
    assertEquals("RNAfold crashed", Failures.describe(new CompletionException(new ExecutionException(
        new IllegalStateException("RNAfold crashed")))));
  }

  @Test
  void describe_aWrapperThatSaysNothing_givesWayToItsCause() {
    RuntimeException wrapper = new RuntimeException((String) null);
    wrapper.initCause(new IllegalArgumentException("Illegal character in authority at index 12: pekko://svdd@:25520"));
    assertEquals("Illegal character in authority at index 12: pekko://svdd@:25520", Failures.describe(wrapper));
  }

  @Test
  void describe_nothingSaidAnywhere_namesTheKind() {
    assertEquals("IllegalStateException", Failures.describe(new IllegalStateException()));
  }

  @Test
  void describe_missingFile_saysSo() {
    assertEquals("no such file: /nope", Failures.describe(new java.nio.file.NoSuchFileException("/nope")));
  }
}
