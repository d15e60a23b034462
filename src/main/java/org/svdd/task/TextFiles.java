package org.svdd.task;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A user's text file read line by line, gzip-compressed or not (by its first bytes, whatever its name); a byte
 * that is not text in the expected encoding is named with its line.
 */
public final class TextFiles {
  private TextFiles() {}

  /**
   * Throws unless {@code file} can be read, saying why: "sequence file X does not exist", "... cannot be read
   * (permission denied)"; {@code what} names the kind of file.
   */
  public static void requireReadable(Path file, String what) throws IOException {
    if (!java.nio.file.Files.exists(file)) {
      throw new IOException(what + " " + file + " does not exist");
    }
    if (!java.nio.file.Files.isReadable(file)) {
      throw new IOException(what + " " + file + " cannot be read (permission denied)");
    }
  }

  /**
   * The file's lines (split at \n, \r\n or \r), decompressed first if the file is gzip.
   *
   * @throws IOException naming the file, the first byte that is not {@code charset} text, its line and offset
   */
  public static List<String> lines(Path file, Charset charset) throws IOException {
    byte[] bytes;
    boolean gzip;
    try (InputStream raw = buffered(file)) {
      gzip = startsGzip(raw);
      bytes = gzip ? new GZIPInputStream(raw).readAllBytes() : raw.readAllBytes();
    } catch (ZipException | EOFException e) {
      throw new IOException(file + " is a damaged gzip file: " + e.getMessage(), e);
    }
    if (startsPng(bytes)) {
      throw new IOException(file + " is a PNG image, not text");
    }
    CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new IOException(String.format(Locale.ROOT, "%s is not %s text: byte 0x%02X on line %d (offset %d%s)", file,
          charset.name(), bytes[at] & 0xff, line, at, gzip ? " once decompressed" : ""));
    }
    decoder.flush(out);
    return out.flip().toString().lines().toList();
  }

  /**
   * The file's bytes as a stream, decompressed if the file is gzip (by its first two bytes, whatever its name);
   * buffered. A directory is refused by name.
   */
  public static InputStream open(Path file) throws IOException {
    InputStream raw = buffered(file);
    try {
      return startsGzip(raw) ? new BufferedInputStream(new GZIPInputStream(raw)) : raw;
    } catch (IOException e) {
      raw.close();
      throw new IOException(file + " is a damaged gzip file: " + e.getMessage(), e);
    }
  }

  /** PNG's eight-byte signature, which opens every PNG file. */
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Whether a (plain) file is a PNG image, by its signature. */
  public static boolean isPng(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return startsPng(in.readNBytes(PNG_SIGNATURE.length));
    }
  }

  private static boolean startsPng(byte[] bytes) {
    return bytes.length >= PNG_SIGNATURE.length
        && java.util.Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
  }

  private static InputStream buffered(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory; name a file in it");
    }
    return new BufferedInputStream(Files.newInputStream(file));
  }

  /** Whether a stream that supports mark starts with gzip's magic bytes; the stream is left where it was. */
  private static boolean startsGzip(InputStream in) throws IOException {
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip;
  }
}
