package org.svdd.core.reward;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The message a person should see for a failure, with future wrappers peeled off. */
public final class Failures {
  private Failures() {}

  public static String describe(Throwable e) {
    Throwable cause = e;
    // future wrappers, and wrappers that say nothing themselves, give way to what they wrap
    while ((cause instanceof CompletionException || cause instanceof ExecutionException || blank(cause.getMessage()))
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof java.nio.file.NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (cause instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    String message = cause.getMessage();
    return blank(message) ? cause.getClass().getSimpleName() : message;
  }

  private static boolean blank(String message) {
    return message == null || message.isBlank();
  }
}
