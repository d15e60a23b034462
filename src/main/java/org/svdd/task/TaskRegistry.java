package org.svdd.task;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.svdd.task.dna.PromoterTask;
import org.svdd.task.image.FashionTask;
import org.svdd.task.molecule.MoleculeTask;
import org.svdd.task.rna.TrnaTask;

/** Every task svdd serves, by name. A new domain adds one line here and its package beside {@code rna}. */
public final class TaskRegistry {
  public static final String DEFAULT = TrnaTask.NAME;
  private static final Map<String, Function<Path, DesignTask>> TASKS = new LinkedHashMap<>();

  static {
    TASKS.put(TrnaTask.NAME, TrnaTask::new);
    TASKS.put(MoleculeTask.NAME, MoleculeTask::new);
    TASKS.put(FashionTask.NAME, FashionTask::new);
    TASKS.put(PromoterTask.NAME, PromoterTask::new);
  }

  private TaskRegistry() {}

  public static List<String> names() {
    return List.copyOf(TASKS.keySet());
  }

  /** The task called {@code name}, with its files under the installation directory {@code home}. */
  public static DesignTask named(String name, Path home) {
    Function<Path, DesignTask> factory = TASKS.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown task '" + name + "'; allowed: " + names());
    }
    return factory.apply(home);
  }
}
