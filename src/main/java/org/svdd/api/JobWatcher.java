package org.svdd.api;

import java.util.function.Consumer;
import org.svdd.api.proto.JobStatus;

/**
 * Hears a job's statuses until it ends. A job another api node follows is read from the store; if it ends and is
 * deleted between two reads, this node never learns how it ended, and its watchers are told {@link #deleted} instead.
 */
@FunctionalInterface
public interface JobWatcher extends Consumer<JobStatus> {
  /** The job is gone from the store before its end reached this node: nothing follows. {@code why} says so. */
  default void deleted(String why) {}
}
