package org.svdd.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.svdd.api.proto.JobState;

/** The states a list of jobs can be narrowed to, and their names as people write them ({@code running}, {@code DONE}). */
public final class JobStates {
  private JobStates() {}

  /** Every state a job can be in. */
  public static final List<JobState> LISTABLE =
      List.of(JobState.QUEUED, JobState.RUNNING, JobState.DONE, JobState.FAILED, JobState.CANCELLED);

  /**
   * The states {@code names} name, in any case, blanks around a name ignored.
   *
   * @throws IllegalArgumentException naming the first name that is not a state, and the states there are
   */
  public static List<JobState> parse(List<String> names) {
    List<JobState> states = new ArrayList<>();
    for (String name : names) {
      states.add(LISTABLE.stream().filter(s -> s.name().equalsIgnoreCase(name.strip())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a job state; allowed: "
              + String.join(", ", LISTABLE.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList()))));
    }
    return states;
  }

  /**
   * The stored states of the jobs a listing of {@code states} may show (every state when empty): those states, and
   * queued and running, since an api node's record of a job can be ahead of its row (started or ended there, the
   * write still to come). The record, where there is one, decides what the listing shows.
   */
  static Set<String> storedMayShow(Set<JobState> states) {
    if (states.isEmpty()) {
      return Set.of();
    }
    Set<String> stored = new HashSet<>(Set.of(JobState.QUEUED.name(), JobState.RUNNING.name()));
    states.forEach(state -> stored.add(state.name()));
    return Set.copyOf(stored);
  }
}
