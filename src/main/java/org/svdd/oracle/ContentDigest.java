package org.svdd.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What an oracle's answers depend on, as the first 16 hex digits of a SHA-256: a receptor file's bytes, or a model
 * directory's files (names and bytes, in name order; its cards, plots and training logs left out). It keys the
 * durable reward archive, so a model retrained in place, or a new version of a bundled one, is another oracle, and
 * one model in two places is the same.
 */
public final class ContentDigest {
  /** Files of a model directory that describe it without changing a single answer. */
  private static final List<String> NOTES = List.of(".md", ".png", ".tsv");

  private ContentDigest() {}

  /** One of the digests here. */
  @FunctionalInterface
  public interface Digest {
    String of(Path path) throws IOException;
  }

  /** The digest of a file's bytes, or of a directory's files. */
  public static String of(Path path) throws IOException {
    return of(path, Integer.MAX_VALUE, f -> true);
  }

  /**
   * The digest of a model directory's files that shape its answers: {@link #of} without its {@code data/} folder (the
   * training splits and reference sets beside the model), so a copy of the weights alone digests the same.
   */
  public static String ofModel(Path dir) throws IOException {
    Path data = dir.resolve("data");
    return of(dir, Integer.MAX_VALUE, f -> !f.startsWith(data));
  }

  /**
   * The digest of a model directory's own files, its folders left out (value networks, classifiers, data): the
   * denoiser's weights and settings, which a value network fitted to its rollouts records. Retraining the model in
   * place changes it; training a value network or classifier beside it does not.
   */
  public static String ofDenoiser(Path dir) throws IOException {
    return of(dir, 1, f -> true);
  }

  private static String of(Path path, int depth, Predicate<Path> keep) throws IOException {
    MessageDigest sha = sha256();
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (var walk = Files.walk(path, depth)) {
        files = walk.filter(Files::isRegularFile).filter(f -> !note(f)).filter(keep).sorted().toList();
      }
      for (Path f : files) {
        sha.update(path.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(f));
        sha.update((byte) 0);
      }
    } else {
      sha.update(Files.readAllBytes(path));
    }
    return shortHex(sha);
  }

  /** The digest, in the same short form as a file's, of what {@code feed} gives it (data trained on, in order). */
  public static String of(java.util.function.Consumer<MessageDigest> feed) {
    MessageDigest sha = sha256();
    feed.accept(sha);
    return shortHex(sha);
  }

  private static String shortHex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  /** {@link #of} for a model an oracle was just loaded from: failing to read it now is a bug, not bad input. */
  public static String ofLoaded(Path path) {
    return ofLoaded(path, ContentDigest::of);
  }

  /** A digest ({@link #of}, {@link #ofDenoiser}) of a model that was just loaded from {@code path}. */
  public static String ofLoaded(Path path, Digest digest) {
    try {
      return digest.of(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " again: " + e.getMessage(), e);
    }
  }

  private static boolean note(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return NOTES.stream().anyMatch(name::endsWith);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
