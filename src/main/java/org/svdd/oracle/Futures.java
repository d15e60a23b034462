package org.svdd.oracle;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Joins per-design calls into one answer in input order, failing if any call fails. */
final class Futures {
  private Futures() {}

  static <T> CompletableFuture<List<T>> inOrder(List<CompletableFuture<T>> calls) {
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
  }
}
