package org.svdd.task.dna;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.task.TextFiles;

/**
 * Upstream regions of transcripts (UCSC's dm3 {@code upstream2000} set, shipped by Debian's
 * r-bioc-biostrings): each record is the 2 kb that ends at a transcription start site, so its last
 * window is a core promoter and its first ones lie far upstream. Reads them, cuts windows, and splits
 * them into training and held-out sets that share no nucleotide of the genome: transcripts whose regions
 * overlap (alternative transcripts of one gene, neighbouring genes) always land on the same side.
 */
public final class UpstreamRegions {
  /**
   * {@code >NM_078863_up_2000_chr2L_16764737_f chr2L:16764737-16766736}; a region cut at a chromosome's
   * start has a negative start ({@code chr3R:-1646-353}).
   */
  private static final Pattern HEADER = Pattern.compile("^>(\\S+)\\s+(\\S+):(-?\\d+)-(-?\\d+)\\s*$");

  private UpstreamRegions() {}

  /** One record: its transcript id, where it lies, and its bases in upper case (A, C, G, T, N). */
  public record Region(String id, String chromosome, long start, long end, String sequence) {}

  /** Reads a FASTA file of upstream regions (gzipped or plain); fails naming the line it cannot read. */
  public static List<Region> read(Path fasta) throws IOException {
    List<Region> out = new ArrayList<>();
    try (InputStream in = TextFiles.open(fasta);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      Matcher header = null;
      StringBuilder bases = new StringBuilder();
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.startsWith(">")) {
          if (header != null) {
            out.add(region(header, bases));
          }
          header = HEADER.matcher(line);
          if (!header.matches()) {
            throw new IOException(fasta + ", line " + number + ": expected '>ID chrom:start-end', got '" + line + "'");
          }
          bases.setLength(0);
        } else if (!line.isBlank()) {
          if (header == null) {
            throw new IOException(fasta + ", line " + number + ": sequence before the first header");
          }
          bases.append(line.strip().toUpperCase(Locale.ROOT));
        }
      }
      if (header != null) {
        out.add(region(header, bases));
      }
    }
    return out;
  }

  private static Region region(Matcher header, StringBuilder bases) {
    return new Region(header.group(1), header.group(2), Long.parseLong(header.group(3)), Long.parseLong(header.group(4)),
        bases.toString());
  }

  /** Training and held-out regions. */
  public record Split(List<Region> train, List<Region> heldOut) {}

  /**
   * Splits regions into training and held-out sets by groups of overlapping regions (on one chromosome),
   * each group drawn to the held-out side with probability {@code heldOutFraction} (keyed by the seed).
   */
  public static Split split(List<Region> regions, double heldOutFraction, long seed) {
    List<Region> sorted = new ArrayList<>(regions);
    sorted.sort(Comparator.comparing(Region::chromosome).thenComparingLong(Region::start).thenComparing(Region::id));
    List<Region> train = new ArrayList<>();
    List<Region> heldOut = new ArrayList<>();
    RandomStream random = RandomStream.of(seed, Purpose.TRAIN, -3);
    boolean held = false;
    String chromosome = null;
    long reach = Long.MIN_VALUE;
    for (Region r : sorted) {
      boolean newGroup = !r.chromosome().equals(chromosome) || r.start() > reach;
      if (newGroup) {
        held = random.nextDouble() < heldOutFraction;
        chromosome = r.chromosome();
        reach = r.end();
      } else {
        reach = Math.max(reach, r.end());
      }
      (held ? heldOut : train).add(r);
    }
    return new Split(train, heldOut);
  }

  /** The core promoter: the last {@code width} bases, which end at the transcription start site. */
  public static String promoterWindow(Region region, int width) {
    String s = region.sequence();
    return s.length() < width ? null : clean(s.substring(s.length() - width));
  }

  /**
   * Windows of {@code width} bases side by side from the region's far end, within its first {@code span}
   * bases (far upstream of the start site: mostly not promoters).
   */
  public static List<String> farWindows(Region region, int width, int span) {
    return windows(region.sequence().substring(0, Math.min(span, region.sequence().length())), width, width);
  }

  /** Windows of {@code width} every {@code stride} bases over the whole region (pre-training data). */
  public static List<String> allWindows(Region region, int width, int stride) {
    return windows(region.sequence(), width, stride);
  }

  private static List<String> windows(String s, int width, int stride) {
    List<String> out = new ArrayList<>();
    for (int from = 0; from + width <= s.length(); from += stride) {
      String w = clean(s.substring(from, from + width));
      if (w != null) {
        out.add(w);
      }
    }
    return out;
  }

  /** The window, or null when it holds an unknown base (N or other). */
  private static String clean(String window) {
    for (int i = 0; i < window.length(); i++) {
      char c = window.charAt(i);
      if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
        return null;
      }
    }
    return window;
  }
}
