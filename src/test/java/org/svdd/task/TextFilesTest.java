package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
  @TempDir Path dir;

  @Test
  void lines_anyLineEnding_splitLikeReadAllLines() throws IOException {
    Path file = Files.writeString(dir.resolve("mixed.fa"), ">a\r\nGGG\rAAA\n\nCCC");
    assertEquals(List.of(">a", "GGG", "AAA", "", "CCC"), TextFiles.lines(file, StandardCharsets.US_ASCII));
    assertEquals(Files.readAllLines(file), TextFiles.lines(file, StandardCharsets.UTF_8));
  }

  @Test
  void lines_utf8InAnAsciiFile_namesTheByteAndItsLine() throws IOException {
    Path file = Files.writeString(dir.resolve("umlaut.fa"), ">a\nGGGAAACCC\n>b\nGGGÄ\n", StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> TextFiles.lines(file, StandardCharsets.US_ASCII));
    assertEquals(file + " is not US-ASCII text: byte 0xC3 on line 4 (offset 19)", e.getMessage());
    assertEquals(List.of(">a", "GGGAAACCC", ">b", "GGGÄ"), TextFiles.lines(file, StandardCharsets.UTF_8));
  }

  @Test
  void lines_truncatedUtf8_isRefused() throws IOException {
    Path file = Files.write(dir.resolve("cut.smi"), new byte[] {'C', 'C', (byte) 0xE2, (byte) 0x82});
    IOException e = assertThrows(IOException.class, () -> TextFiles.lines(file, StandardCharsets.UTF_8));
    assertEquals(file + " is not UTF-8 text: byte 0xE2 on line 1 (offset 2)", e.getMessage());
  }

  /** Libraries often come compressed (ZINC, ChEMBL, Rfam): gzip is read as its text, whatever the file's name. */
  @Test
  void lines_gzipFile_readAsItsText() throws IOException {
    Path file = dir.resolve("lib.smi.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("CCO ethanol\nc1ccccc1O phenol\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(List.of("CCO ethanol", "c1ccccc1O phenol"), TextFiles.lines(file, StandardCharsets.UTF_8));
    Path renamed = Files.copy(file, dir.resolve("lib.smi"));
    assertEquals(List.of("CCO ethanol", "c1ccccc1O phenol"), TextFiles.lines(renamed, StandardCharsets.UTF_8));
  }

  @Test
  void lines_truncatedGzip_isRefusedNamingTheFile() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write(">a\nGGGAAACCC\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] whole = bytes.toByteArray();
    Path file = Files.write(dir.resolve("cut.fa.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    IOException e = assertThrows(IOException.class, () -> TextFiles.lines(file, StandardCharsets.US_ASCII));
    assertEquals(file + " is a damaged gzip file: Unexpected end of ZLIB input stream", e.getMessage());
  }

  @Test
  void lines_gzipOfBinary_namesTheByteOnceDecompressed() throws IOException {
    Path file = dir.resolve("bin.fa.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(new byte[] {'>', 'a', '\n', 'G', (byte) 0x89});
    }
    IOException e = assertThrows(IOException.class, () -> TextFiles.lines(file, StandardCharsets.US_ASCII));
    assertEquals(file + " is not US-ASCII text: byte 0x89 on line 2 (offset 4 once decompressed)", e.getMessage());
  }

  @Test
  void lines_aPngImage_isNamedAsOne() throws IOException {
    Path png = Files.write(dir.resolve("svdd-0.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0});
    assertEquals(png + " is a PNG image, not text",
        assertThrows(IOException.class, () -> TextFiles.lines(png, StandardCharsets.US_ASCII)).getMessage());
  }

  @Test
  void lines_aDirectory_isNamed() {
    IOException e = assertThrows(IOException.class, () -> TextFiles.lines(dir, StandardCharsets.UTF_8));
    assertEquals(dir + " is a directory; name a file in it", e.getMessage());
  }

  /** A stream over a file gives its bytes, decompressed when the file is gzip whatever its name (IDX, FASTA readers). */
  @Test
  void open_gzipByItsFirstBytes_plainAsItIs() throws IOException {
    byte[] idx = {0, 0, 8, 3, 0x1f, (byte) 0x8b, 7};
    Path gz = dir.resolve("images-idx3-ubyte");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(idx);
    }
    try (var in = TextFiles.open(gz)) {
      assertArrayEquals(idx, in.readAllBytes());
    }
    Path plain = Files.write(dir.resolve("plain.gz"), idx);
    try (var in = TextFiles.open(plain)) {
      assertArrayEquals(idx, in.readAllBytes());
    }
    Path notGzip = Files.write(dir.resolve("fake"), new byte[] {0x1f, (byte) 0x8b, 0, 0});
    IOException e = assertThrows(IOException.class, () -> TextFiles.open(notGzip).close());
    assertTrue(e.getMessage().startsWith(notGzip + " is a damaged gzip file: "), e.getMessage());
    assertEquals(dir + " is a directory; name a file in it",
        assertThrows(IOException.class, () -> TextFiles.open(dir)).getMessage());
  }
}
