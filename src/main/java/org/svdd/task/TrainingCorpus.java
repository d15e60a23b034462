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
 * @param dropped records not kept (invalid, out of scope, too long); duplicates are neither kept nor dropped
 * @param droppedWhy how many records were dropped for each reason (empty where a task does not say)
 * @param provenance a paragraph naming the sources, their licence and the cleaning applied
 */
public record TrainingCorpus(List<SequenceFiles.Entry> train, List<SequenceFiles.Entry> heldOut, Vocabulary vocabulary,
    int read, int dropped, java.util.Map<String, Integer> droppedWhy, String provenance) {

  public TrainingCorpus {
    train = List.copyOf(train);
    heldOut = List.copyOf(heldOut);
    droppedWhy = java.util.Map.copyOf(droppedWhy);
  }

  /** "N dropped", then the reasons, the most frequent first: "59 dropped: 30 more than one fragment, 15 ...". */
  public String droppedInWords() {
    String why = reasons(droppedWhy);
    return dropped + " dropped" + (why.isEmpty() ? "" : ": " + why);
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
