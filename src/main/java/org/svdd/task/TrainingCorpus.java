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
 * @param provenance a paragraph naming the sources, their licence and the cleaning applied
 */
public record TrainingCorpus(List<SequenceFiles.Entry> train, List<SequenceFiles.Entry> heldOut, Vocabulary vocabulary,
    int read, int dropped, String provenance) {

  public TrainingCorpus {
    train = List.copyOf(train);
    heldOut = List.copyOf(heldOut);
  }

  public int unique() {
    return train.size() + heldOut.size();
  }
}
