package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.svdd.api.proto.JobSpec;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;

/** The job specs under examples/ that the README points a newcomer to stay valid as the spec grows. */
class ExampleSpecsTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  static Stream<Path> examples() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(HOME.resolve("examples"))) {
      files = listed.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "examples/*.json");
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void example_parsesAndPlans_forItsTasksReward(Path file) throws IOException {
    JobSpec spec = JobSpecs.parseJson(Files.readString(file), file.toString());
    DesignTask task = TaskRegistry.named(spec.getTask(), HOME);
    assertEquals(spec.getReward(), task.checkReward(spec.getReward()), "a reward of task " + spec.getTask());
    if (!spec.getEarlyValue().getReward().isEmpty()) {
      task.checkReward(spec.getEarlyValue().getReward());
    }
    JobSpec withDefaults = JobSpecs.withDefaults(spec, task.defaultReward());
    for (String method : withDefaults.getMethod().split(",")) {
      SamplingPlan plan = JobSpecs.toPlan(withDefaults, Method.parse(method.trim()));
      assertEquals(spec.getParticles(), plan.particles(), file + ": its particles");
    }
  }
}
