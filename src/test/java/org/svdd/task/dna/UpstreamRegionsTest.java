package org.svdd.task.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading upstream regions, cutting windows, and a split that shares no genome position across sides. */
class UpstreamRegionsTest {
  @TempDir Path dir;

  private static String bases(Random random, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("acgt".charAt(random.nextInt(4)));
    }
    return s.toString();
  }

  @Test
  void read_gzippedFasta_upperCasesBases_andKeepsCoordinates() throws IOException {
    Path file = dir.resolve("up.fa.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((">NM_1_up_2000_chr2L_100_f chr2L:100-109\nacgtn\nACGTA\n>NM_2_up_2000_chrX_-5_r chrX:-5-8\nTTTT\n")
          .getBytes(StandardCharsets.US_ASCII));
    }
    List<UpstreamRegions.Region> regions = UpstreamRegions.read(file);
    assertEquals(List.of(new UpstreamRegions.Region("NM_1_up_2000_chr2L_100_f", "chr2L", 100, 109, "ACGTNACGTA"),
        new UpstreamRegions.Region("NM_2_up_2000_chrX_-5_r", "chrX", -5, 8, "TTTT")), regions);
  }

  @Test
  void aBadHeader_isNamedWithItsLine() throws IOException {
    Path file = dir.resolve("bad.fa");
    Files.writeString(file, ">NM_1 chr2L:100-109\nACGT\n>NM_2 somewhere\nACGT\n");
    IOException e = assertThrows(IOException.class, () -> UpstreamRegions.read(file));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("somewhere"), e.getMessage());
  }

  @Test
  void windows_promoterIsTheEnd_farOnesTheStart_andUnknownBasesAreDropped() {
    String s = "A".repeat(10) + "N" + "C".repeat(9) + "G".repeat(10);
    UpstreamRegions.Region r = new UpstreamRegions.Region("t", "chr1", 1, 30, s);
    assertEquals("G".repeat(10), UpstreamRegions.promoterWindow(r, 10));
    assertEquals(List.of("A".repeat(10)), UpstreamRegions.farWindows(r, 10, 20), "the window with N is dropped");
    assertEquals(List.of("A".repeat(10), "C".repeat(5) + "G".repeat(5), "G".repeat(10)), UpstreamRegions.allWindows(r, 10, 5),
        "a window every fifth base, those holding the N left out");
    assertNull(UpstreamRegions.promoterWindow(new UpstreamRegions.Region("n", "chr1", 1, 3, "ACN"), 3));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void split_sharesNoGenomePosition_andHoldsOutAboutTheFraction(long seed) {
    Random random = new Random(seed);
    List<UpstreamRegions.Region> regions = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String chromosome = "chr" + random.nextInt(3);
      long start = random.nextInt(200_000);
      regions.add(new UpstreamRegions.Region("NM_" + i, chromosome, start, start + 1999, bases(random, 4)));
    }
    UpstreamRegions.Split split = UpstreamRegions.split(regions, 0.2, seed);
    assertEquals(600, split.train().size() + split.heldOut().size());
    for (UpstreamRegions.Region r : split.heldOut()) {
      for (UpstreamRegions.Region t : split.train()) {
        boolean overlap = t.chromosome().equals(r.chromosome()) && t.start() <= r.end() && r.start() <= t.end();
        assertTrue(!overlap, r.id() + " overlaps " + t.id() + " across the split");
      }
    }
    double fraction = split.heldOut().size() / 600.0;
    assertTrue(fraction > 0.08 && fraction < 0.35, "held out " + fraction);
    assertEquals(split, UpstreamRegions.split(regions, 0.2, seed), "the same seed, the same split");
  }
}
