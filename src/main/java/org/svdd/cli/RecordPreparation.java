package org.svdd.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.svdd.task.DesignTask;

/**
 * What {@code --largest-fragment} and {@code --neutralise} do to a record, for {@code eval} and {@code train}: a
 * salt's or solvate's largest fragment, then its neutral form ({@link DesignTask#parent}, {@link DesignTask#neutral}),
 * counting the records each one changed.
 */
final class RecordPreparation implements UnaryOperator<String> {
  private final DesignTask task;
  private final boolean largestFragment;
  private final boolean neutralise;
  private final AtomicInteger cut = new AtomicInteger();
  private final AtomicInteger neutralised = new AtomicInteger();

  RecordPreparation(DesignTask task, boolean largestFragment, boolean neutralise) {
    this.task = task;
    this.largestFragment = largestFragment;
    this.neutralise = neutralise;
  }

  @Override
  public String apply(String record) {
    String prepared = record;
    if (largestFragment) {
      Optional<String> parent = task.parent(prepared);
      cut.addAndGet(parent.isPresent() ? 1 : 0);
      prepared = parent.orElse(prepared);
    }
    if (neutralise) {
      Optional<String> neutral = task.neutral(prepared);
      neutralised.addAndGet(neutral.isPresent() ? 1 : 0);
      prepared = neutral.orElse(prepared);
    }
    return prepared;
  }

  /** Records cut to their largest fragment so far. */
  int cut() {
    return cut.get();
  }

  /** Records neutralised so far. */
  int neutralised() {
    return neutralised.get();
  }
}
