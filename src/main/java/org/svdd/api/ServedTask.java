package org.svdd.api;

import java.util.List;
import org.svdd.core.diffusion.DesignCodec;

/** The task a service answers jobs for, as the API needs to know it: name, rewards, how its designs read. */
public record ServedTask(String name, List<String> rewards, DesignCodec codec) {
  public ServedTask {
    rewards = List.copyOf(rewards);
  }
}
