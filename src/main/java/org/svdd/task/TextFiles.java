package org.svdd.task;

import java.io.IOException;
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

/**
 * A user's text file read line by line, gzip-compressed or not (by its first bytes, whatever its name); a byte
 * that is not text in the expected encoding is named with its line.
 */
public final class TextFiles {
  private TextFiles() {}

  /**
   * The file's lines (split at \n, \r\n or \r), decompressed first if the file is gzip.
   *
   * @throws IOException naming the file, the first byte that is not {@code charset} text, its line and offset
   */
  public static List<String> lines(Path file, Charset charset) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory; name a file in it");
    }
    byte[] bytes = Files.readAllBytes(file);
    boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    if (gzip) {
      try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new IOException(file + " is a damaged gzip file: " + e.getMessage(), e);
      }
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
}
