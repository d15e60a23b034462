package org.svdd.task;

import java.util.List;
import org.svdd.core.diffusion.Vocabulary;

/**
 * Training data as a task prepared it: unique designs split by design into training and held-out sets,
 * the vocabulary a model learns over, and what was read and dropped, in words for the model card.
 *
 * @param train designs to train on
 * @param heldOut designs kept out of training, for likelihood and novelty
 * @param vocabulary the model's symbols
 * @param read records read from the raw files
 * @param droppedWhy how many records were not kept for each reason (invalid, out of scope, too long); duplicates
 *     are neither kept nor dropped
 * @param provenance a paragraph naming the sources, their licence and the cleaning applied
 */
public record TrainingCorpus(List<SequenceFiles.Entry> train, List<SequenceFiles.Entry> heldOut, Vocabulary vocabulary,
    int read, java.util.Map<String, Integer> droppedWhy, String provenance) {

  public TrainingCorpus {
    train = List.copyOf(train);
    heldOut = List.copyOf(heldOut);
    droppedWhy = java.util.Map.copyOf(droppedWhy);
  }

  /** Records not kept, for whatever reason. */
  public int dropped() {
    return droppedWhy.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** "N dropped", then the reasons, the most frequent first: "59 dropped: 30 more than one fragment, 15 ...". */
  public String droppedInWords() {
    String why = reasons(droppedWhy);
    return dropped() + " dropped" + (why.isEmpty() ? "" : ": " + why);
  }

  /** Counts by reason, the most frequent first: "30 more than one fragment, 15 net charge". */
  public static String reasons(java.util.Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()
            .thenComparing(java.util.Map.Entry.comparingByKey()))
        .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
  }

  public int unique() {
    return train.size() + heldOut.size();
  }
}
