package org.svdd.api;

import java.util.List;
import org.svdd.core.diffusion.Vocabulary;

/** The task a service answers jobs for, as the API needs to know it: name, rewards, symbols. */
public record ServedTask(String name, List<String> rewards, Vocabulary vocabulary) {
  public ServedTask {
    rewards = List.copyOf(rewards);
  }
}
