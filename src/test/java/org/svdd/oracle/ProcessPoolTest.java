package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.reward.RewardOracle;

/** A pool of long-lived programs says how many of its processes are working (what svdd nodes shows as slots). */
class ProcessPoolTest {
  @TempDir Path dir;

  @Test
  void slots_countTheCallsHoldingAProcess_andNoneOnceTheyAreAnswered() throws Exception {
    // For tests only: answers each line with itself once the test lets it (a file named go appears)
    Path program = Files.writeString(dir.resolve("echo-when-told"), "#!/bin/sh\nwhile read line; do\n"
        + "  while [ ! -f " + dir.resolve("go") + " ]; do sleep 0.05; done\n  echo \"$line\"\ndone\n");
    assertTrue(program.toFile().setExecutable(true));
    try (ProcessPool pool = new ProcessPool("echo", List.of(program.toString()),
        new PoolSettings(program.toString(), 3, Duration.ofSeconds(30), 0))) {
      assertEquals(new RewardOracle.Slots(0, 3), pool.slots(), "three processes, none working");
      CompletableFuture<String> first = pool.submit("a", 1, reply -> reply[0], "a");
      CompletableFuture<String> second = pool.submit("b", 1, reply -> reply[0], "b");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.slots().busy() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(new RewardOracle.Slots(2, 3), pool.slots(), "two calls waiting for their answers");
      Files.createFile(dir.resolve("go"));
      assertEquals(List.of("a", "b"), List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)));
      assertEquals(new RewardOracle.Slots(0, 3), pool.slots(), "answered: none working");
    }
  }
}
