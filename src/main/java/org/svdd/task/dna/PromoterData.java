package org.svdd.task.dna;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.task.SequenceFiles;

/**
 * The promoter task's three sides, split by gene (groups of overlapping upstream regions, see
 * {@link UpstreamRegions#split}), so that no genome position is on two sides: the <em>guide</em> side
 * trains the predictor that steers, the <em>judge</em> side the held-out predictor that only evaluates,
 * and the <em>test</em> side is seen by neither (the predictors' accuracy, the model's held-out
 * likelihood, the reference promoters). The diffusion model pre-trains on windows of the guide and
 * judge sides: every window of each region, so mostly not promoters.
 */
public record PromoterData(List<UpstreamRegions.Region> guide, List<UpstreamRegions.Region> judge,
    List<UpstreamRegions.Region> test, int width) {
  /** Far-upstream windows are cut from the first this many bases of a 2 kb region (1 kb and more from the start site). */
  public static final int FAR_SPAN = 1000;

  /** Splits regions: {@code testFraction} of the genes to test, the rest halved between guide and judge. */
  public static PromoterData split(List<UpstreamRegions.Region> regions, int width, double testFraction, long seed) {
    UpstreamRegions.Split outer = UpstreamRegions.split(regions, testFraction, seed);
    UpstreamRegions.Split inner = UpstreamRegions.split(outer.train(), 0.5, seed + 1);
    return new PromoterData(inner.train(), inner.heldOut(), outer.heldOut(), width);
  }

  /** Which predictor a side trains. */
  public enum Side { GUIDE, JUDGE }

  /** The regions that train {@code side}'s predictor. */
  public List<UpstreamRegions.Region> regions(Side side) {
    return side == Side.GUIDE ? guide : judge;
  }

  /** Every distinct window of the guide and judge sides, side by side: the pre-training designs. */
  public List<SequenceFiles.Entry> pretrainingWindows() {
    List<UpstreamRegions.Region> both = new ArrayList<>(guide);
    both.addAll(judge);
    return windows(both);
  }

  /** Every distinct window of the test side, at most {@code limit} of them drawn by a seeded shuffle. */
  public List<SequenceFiles.Entry> testWindows(int limit, long seed) {
    return sample(windows(test), limit, seed);
  }

  private List<SequenceFiles.Entry> windows(List<UpstreamRegions.Region> regions) {
    Set<String> seen = new LinkedHashSet<>();
    List<SequenceFiles.Entry> out = new ArrayList<>();
    for (UpstreamRegions.Region r : regions) {
      int k = 0;
      for (String w : UpstreamRegions.allWindows(r, width, width)) {
        if (seen.add(w)) {
          out.add(new SequenceFiles.Entry(r.id() + "/" + k, w));
        }
        k++;
      }
    }
    return out;
  }

  /** Labelled windows for a predictor: one per region, its core promoter (1) or a far-upstream window (0). */
  public record Labelled(List<String> windows, int[] labels) {
    public int size() {
      return windows.size();
    }
  }

  /**
   * Each region's core-promoter window (label 1) and one of its far-upstream windows drawn by the seed
   * (label 0), so the classes are balanced; a window seen before is skipped (overlapping transcripts).
   */
  public static Labelled labelled(List<UpstreamRegions.Region> regions, int width, long seed) {
    RandomStream random = RandomStream.of(seed, Purpose.TRAIN, -4);
    Set<String> seen = new LinkedHashSet<>();
    List<String> windows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (UpstreamRegions.Region r : regions) {
      String promoter = UpstreamRegions.promoterWindow(r, width);
      List<String> far = UpstreamRegions.farWindows(r, width, FAR_SPAN);
      if (promoter != null && seen.add(promoter)) {
        windows.add(promoter);
        labels.add(1);
      }
      if (!far.isEmpty()) {
        String w = far.get(random.nextInt(far.size()));
        if (seen.add(w)) {
          windows.add(w);
          labels.add(0);
        }
      }
    }
    return new Labelled(windows, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The distinct core-promoter windows of the test side: the natural designs a steered one is compared with. */
  public List<SequenceFiles.Entry> testPromoters() {
    Set<String> seen = new LinkedHashSet<>();
    List<SequenceFiles.Entry> out = new ArrayList<>();
    for (UpstreamRegions.Region r : test) {
      String w = UpstreamRegions.promoterWindow(r, width);
      if (w != null && seen.add(w)) {
        out.add(new SequenceFiles.Entry(r.id(), w));
      }
    }
    return out;
  }

  private static List<SequenceFiles.Entry> sample(List<SequenceFiles.Entry> all, int limit, long seed) {
    if (all.size() <= limit) {
      return all;
    }
    int[] order = RandomStream.of(seed, Purpose.TRAIN, -5).permutation(all.size());
    List<SequenceFiles.Entry> out = new ArrayList<>(limit);
    for (int i = 0; i < limit; i++) {
      out.add(all.get(order[i]));
    }
    return out;
  }
}
