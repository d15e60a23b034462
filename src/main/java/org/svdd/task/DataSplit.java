package org.svdd.task;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/**
 * Prepares training data: keeps sequences over the alphabet and within the maximum length, removes
 * duplicates (first occurrence wins), and holds out a fraction by a seeded shuffle, so that the same
 * inputs always give the same split.
 */
public record DataSplit(List<SequenceFiles.Entry> train, List<SequenceFiles.Entry> heldOut, int dropped) {

  public static DataSplit of(List<SequenceFiles.Entry> entries, String alphabet, int maxLength, double heldOutFraction,
      long seed) {
    Set<String> seen = new LinkedHashSet<>();
    List<SequenceFiles.Entry> kept = new ArrayList<>();
    int dropped = 0;
    for (SequenceFiles.Entry e : entries) {
      String s = e.sequence();
      boolean valid = !s.isEmpty() && s.length() <= maxLength && s.chars().allMatch(c -> alphabet.indexOf(c) >= 0);
      if (!valid) {
        dropped++;
      } else if (seen.add(s)) {
        kept.add(e);
      }
    }
    RandomStream random = RandomStream.of(seed, Purpose.TRAIN, -1);
    for (int i = kept.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      SequenceFiles.Entry tmp = kept.get(i);
      kept.set(i, kept.get(j));
      kept.set(j, tmp);
    }
    int held = (int) Math.round(kept.size() * heldOutFraction);
    return new DataSplit(List.copyOf(kept.subList(held, kept.size())), List.copyOf(kept.subList(0, held)), dropped);
  }
}
