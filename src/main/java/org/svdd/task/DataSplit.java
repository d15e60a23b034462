package org.svdd.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/**
 * Splits cleaned designs by design: removes duplicates (first occurrence wins), then holds out a
 * fraction by a seeded shuffle, so that the same inputs always give the same split and no design is in
 * both parts.
 */
public record DataSplit(List<SequenceFiles.Entry> train, List<SequenceFiles.Entry> heldOut) {

  public static DataSplit of(List<SequenceFiles.Entry> designs, double heldOutFraction, long seed) {
    if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + heldOutFraction);
    }
    Map<String, SequenceFiles.Entry> unique = new LinkedHashMap<>();
    for (SequenceFiles.Entry e : designs) {
      unique.putIfAbsent(e.sequence(), e);
    }
    List<SequenceFiles.Entry> distinct = new ArrayList<>(unique.values());
    List<SequenceFiles.Entry> kept = new ArrayList<>(distinct.size());
    for (int i : RandomStream.of(seed, Purpose.TRAIN, -1).permutation(distinct.size())) {
      kept.add(distinct.get(i));
    }
    int held = (int) Math.round(kept.size() * heldOutFraction);
    return new DataSplit(List.copyOf(kept.subList(held, kept.size())), List.copyOf(kept.subList(0, held)));
  }
}
