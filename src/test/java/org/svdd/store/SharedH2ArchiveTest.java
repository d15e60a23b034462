package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;

/**
 * Two runs on one machine share the reward archive's H2 file at once (AUTO_SERVER): the first holds the file and
 * serves it on loopback; when it exits, cleanly or killed, the other goes on with the file, losing no answer.
 */
class SharedH2ArchiveTest {
  @TempDir Path dir;

  /** The other run: holds the archive, saves one answer, says "ready", and exits when told (or is killed). */
  public static void main(String[] args) throws IOException {
    try (JdbcJobStore store = JdbcJobStore.open(args[0], "sa", "")) {
      store.rewardArchive().save("oracle", Map.of("first", new Reward(1.5, "from the first run")));
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void secondRun_keepsTheArchive_afterTheFirstExits(boolean killed) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("rewards") + ";AUTO_SERVER=TRUE";
    System.setProperty("h2.bindAddress", "127.0.0.1");
    Process first = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dh2.bindAddress=127.0.0.1", "-cp", System.getProperty("java.class.path"), SharedH2ArchiveTest.class.getName(),
        url)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader said = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", said.readLine(), "the first run holds the archive");
      try (JdbcJobStore store = JdbcJobStore.open(url, "sa", "")) {
        RewardArchive archive = store.rewardArchive();
        assertEquals(1.5, archive.find("oracle", List.of("first")).get("first").value(), "served by the first run");
        archive.save("oracle", Map.of("second", new Reward(2.5, "")));
        if (killed) {
          first.destroyForcibly();
        } else {
          first.getOutputStream().close();
        }
        // the second run keeps asking while the first goes and after: not one lookup or save may fail
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int after = 0;
        for (int i = 0; after < 50 && System.nanoTime() < deadline; i++) {
          after += first.isAlive() ? 0 : 1;
          archive.save("oracle", Map.of("busy" + i, new Reward(i, "")));
          assertEquals(i, archive.find("oracle", List.of("busy" + i)).get("busy" + i).value(), "answer " + i);
        }
        assertEquals(false, first.isAlive(), "the first run ends");
        archive.save("oracle", Map.of("third", new Reward(3.5, "")));
        Map<String, Reward> found = archive.find("oracle", List.of("first", "second", "third"));
        assertEquals(3.5, found.get("third").value(), "the second run goes on with the file: " + found);
        if (!killed) {
          // a killed holder takes what it had not yet written to the file (H2 writes within a second) with it
          assertEquals(Map.of("first", 1.5, "second", 2.5), Map.of("first", found.get("first").value(), "second",
              found.get("second").value()), "every answer kept across the handover");
        }
      }
      try (JdbcJobStore reopened = JdbcJobStore.open(url, "sa", "")) {
        assertEquals(3.5, reopened.rewardArchive().find("oracle", List.of("third")).get("third").value(),
            "and on the file for the next run");
      }
    } finally {
      first.destroyForcibly();
    }
  }
}
