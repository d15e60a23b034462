package org.svdd.task.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.svdd.task.SequenceFiles;

/** The promoter task's three sides share no gene, and each predictor's examples are what their labels say. */
class PromoterDataTest {
  private static final int WIDTH = 20;

  private static String bases(Random random, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("ACGT".charAt(random.nextInt(4)));
    }
    return s.toString();
  }

  /** Regions of 200 bases at random places on three chromosomes; overlapping ones share their bases. */
  private static List<UpstreamRegions.Region> regions(long seed, int n) {
    Random random = new Random(seed);
    String[] genome = {bases(random, 60_000), bases(random, 60_000), bases(random, 60_000)};
    List<UpstreamRegions.Region> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(3);
      int start = random.nextInt(59_000);
      out.add(new UpstreamRegions.Region("NM_" + i, "chr" + c, start, start + 199, genome[c].substring(start, start + 200)));
    }
    return out;
  }

  private static boolean overlap(UpstreamRegions.Region a, UpstreamRegions.Region b) {
    return a.chromosome().equals(b.chromosome()) && a.start() <= b.end() && b.start() <= a.end();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void guideJudgeAndTest_shareNoGene_andNoWindow(long seed) {
    List<UpstreamRegions.Region> all = regions(seed, 400);
    PromoterData data = PromoterData.split(all, WIDTH, 0.2, seed);
    assertEquals(all.size(), data.guide().size() + data.judge().size() + data.test().size());
    List<List<UpstreamRegions.Region>> sides = List.of(data.guide(), data.judge(), data.test());
    for (int a = 0; a < 3; a++) {
      for (int b = a + 1; b < 3; b++) {
        for (UpstreamRegions.Region r : sides.get(a)) {
          for (UpstreamRegions.Region t : sides.get(b)) {
            assertFalse(overlap(r, t), r.id() + " and " + t.id() + " overlap across sides " + a + " and " + b);
          }
        }
      }
    }
    assertTrue(data.guide().size() > 100 && data.judge().size() > 100, data.guide().size() + " / " + data.judge().size());
    Set<String> test = new HashSet<>(data.testWindows(Integer.MAX_VALUE, seed).stream().map(SequenceFiles.Entry::sequence).toList());
    Set<String> pretraining = new HashSet<>(data.pretrainingWindows().stream().map(SequenceFiles.Entry::sequence).toList());
    assertEquals(pretraining.size(), data.pretrainingWindows().size(), "each window once");
    assertFalse(test.stream().anyMatch(pretraining::contains), "no test window is pre-trained on");
    assertTrue(data.testWindows(5, seed).size() == 5 && test.containsAll(
        data.testWindows(5, seed).stream().map(SequenceFiles.Entry::sequence).toList()));
  }

  @Test
  void labelled_promotersEndTheRegion_andFarWindowsLieInItsFirstKilobase() {
    Random random = new Random(7);
    String s = bases(random, 2000);
    UpstreamRegions.Region r = new UpstreamRegions.Region("NM_1", "chr1", 1, 2000, s);
    PromoterData.Labelled labelled = PromoterData.labelled(List.of(r), 200, 3);
    assertEquals(2, labelled.size());
    PromoterData.Labelled twice = PromoterData.labelled(List.of(r, r), 200, 3);
    assertEquals(1, java.util.Arrays.stream(twice.labels()).sum(), "a promoter shared by two transcripts counts once");
    assertEquals(s.substring(1800), labelled.windows().get(0));
    assertEquals(1, labelled.labels()[0]);
    assertEquals(0, labelled.labels()[1]);
    int at = s.indexOf(labelled.windows().get(1));
    assertTrue(at >= 0 && at % 200 == 0 && at + 200 <= PromoterData.FAR_SPAN, "far window at " + at);
  }
}
