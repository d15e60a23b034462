package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;

/** An archive whose database fails is asked once per pause, not once per design; what it missed is saved later. */
class PausingArchiveTest {
  private final AtomicLong now = new AtomicLong();

  /** For tests only: an archive in a map that fails every call while {@code down}. */
  private static final class SwitchedArchiveFake implements RewardArchive {
    final Map<String, Map<String, Reward>> saved = new HashMap<>();
    boolean down;
    /** Reads answer, writes fail: a full disk. */
    boolean full;
    int calls;

    @Override
    public Map<String, Reward> find(String oracle, Collection<String> designs) {
      calls++;
      if (down) {
        throw new IllegalStateException("the job store does not answer: No space left on device");
      }
      Map<String, Reward> known = saved.getOrDefault(oracle, Map.of());
      Map<String, Reward> out = new HashMap<>();
      designs.stream().filter(known::containsKey).forEach(d -> out.put(d, known.get(d)));
      return out;
    }

    @Override
    public void save(String oracle, Map<String, Reward> rewards) {
      calls++;
      if (down || full) {
        throw new IllegalStateException("the job store does not answer: No space left on device");
      }
      saved.computeIfAbsent(oracle, o -> new HashMap<>()).putAll(rewards);
    }
  }

  @Test
  void aFailingDatabase_isAskedOncePerPause_andWhatWasHeldIsSavedWhenItAnswers() {
    SwitchedArchiveFake database = new SwitchedArchiveFake();
    PausingArchive archive = new PausingArchive(database, Duration.ofSeconds(30), now::get);
    archive.save("vina", Map.of("CCO", new Reward(5, "")));
    database.down = true;

    assertEquals(Map.of(), archive.find("vina", java.util.List.of("CCO")), "a failed lookup finds nothing");
    for (int i = 0; i < 50; i++) { // the rest of the pause: nothing waits on the database
      assertEquals(Map.of(), archive.find("vina", java.util.List.of("CCO")));
      archive.save("vina", Map.of("C" + i, new Reward(i, "")));
    }
    assertEquals(2, database.calls, "one save before, one failed lookup, then none during the pause");
    assertEquals(50, archive.held());

    now.addAndGet(Duration.ofSeconds(30).toNanos()); // the pause is over, the database still down
    archive.find("vina", java.util.List.of("CCO"));
    assertEquals(3, database.calls, "asked again once the pause is over");
    archive.save("qed", Map.of("CCN", new Reward(0.4, "")));
    assertEquals(3, database.calls, "and paused again");
    assertEquals(51, archive.held());

    database.down = false;
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertEquals(Map.of("CCO", new Reward(5, "")), archive.find("vina", java.util.List.of("CCO")));
    assertEquals(0, archive.held());
    assertEquals(51, database.saved.get("vina").size(), "the answers held meanwhile are saved");
    assertEquals(Map.of("CCN", new Reward(0.4, "")), database.saved.get("qed"));
  }

  @Test
  void aDatabaseThatReadsButCannotWrite_keepsWhatWasHeld_untilItCanWriteAgain() {
    // a full disk: after the pause a lookup answers, but saving what was held fails again
    SwitchedArchiveFake database = new SwitchedArchiveFake();
    PausingArchive archive = new PausingArchive(database, Duration.ofSeconds(30), now::get);
    database.full = true;
    archive.save("vina", Map.of("CCO", new Reward(5, "")));
    archive.save("vina", Map.of("CCN", new Reward(6, ""))); // during the pause: held without asking
    assertEquals(List.of(1, 2), List.of(database.calls, archive.held()));

    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertEquals(Map.of(), archive.find("vina", List.of("CCO")), "the lookup answers: nothing saved yet");
    assertEquals(3, database.calls, "the lookup, then one save of what was held, which failed");
    assertEquals(2, archive.held(), "what was held is held still, not lost");
    assertEquals(Map.of(), archive.find("vina", List.of("CCO")));
    assertEquals(3, database.calls, "paused again: the next lookup does not ask");

    database.full = false;
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    archive.find("vina", List.of("CCO"));
    assertEquals(Map.of("CCO", new Reward(5, ""), "CCN", new Reward(6, "")), database.saved.get("vina"),
        "saved once it can write");
    assertEquals(0, archive.held());
  }

  @Test
  void heldAnswers_areBoundedAndNotHeldTwice() {
    SwitchedArchiveFake database = new SwitchedArchiveFake();
    database.down = true;
    PausingArchive archive = new PausingArchive(database, Duration.ofSeconds(30), now::get);
    Map<String, Reward> many = new HashMap<>();
    for (int i = 0; i < PausingArchive.MAX_HELD + 10; i++) {
      many.put("C" + i, new Reward(i, ""));
    }
    archive.save("vina", many);
    archive.save("vina", Map.of("C0", new Reward(0, "")));
    assertEquals(PausingArchive.MAX_HELD, archive.held());
  }

  @Test
  void closing_savesWhatIsHeld_withoutWaitingOutThePause() {
    SwitchedArchiveFake database = new SwitchedArchiveFake();
    PausingArchive archive = new PausingArchive(database, Duration.ofSeconds(30), now::get);
    database.down = true;
    archive.save("vina", Map.of("CCO", new Reward(5, ""), "CCN", new Reward(4, "")));
    archive.save("qed", Map.of("CCO", new Reward(0.4, "")));
    assertEquals(3, archive.held());

    database.down = false; // back within the pause: a one-shot run ends before anything asks it again
    archive.close();
    assertEquals(0, archive.held());
    assertEquals(Map.of("CCO", new Reward(5, ""), "CCN", new Reward(4, "")), database.saved.get("vina"));
    assertEquals(Map.of("CCO", new Reward(0.4, "")), database.saved.get("qed"));
  }

  @Test
  void closing_whileTheDatabaseStillFails_asksItOnce_andThrowsNothing() {
    SwitchedArchiveFake database = new SwitchedArchiveFake();
    PausingArchive archive = new PausingArchive(database, Duration.ofSeconds(30), now::get);
    database.down = true;
    archive.save("vina", Map.of("CCO", new Reward(5, "")));
    int before = database.calls;
    archive.close();
    assertEquals(before + 1, database.calls, "one last try");
    assertEquals(1, archive.held(), "still held: nothing claims it was saved");
    archive.close();
    assertEquals(before + 2, database.calls);

    PausingArchive calm = new PausingArchive(database, Duration.ofSeconds(30), now::get);
    calm.close();
    assertEquals(before + 2, calm.held() + database.calls, "nothing held, nothing asked");
  }

  @Test
  void closingTaskOracles_savesWhatTheArchiveHeld_soAOneShotRunLosesNoAnswers() throws Exception {
    SwitchedArchiveFake database = new SwitchedArchiveFake();
    database.down = true;
    org.svdd.task.DesignTask task = org.svdd.task.TaskRegistry.named("trna", java.nio.file.Path.of("."));
    org.svdd.core.diffusion.Vocabulary rna = org.svdd.core.diffusion.Vocabulary.rna();
    try (org.svdd.task.TaskOracles oracles = new org.svdd.task.TaskOracles(task, rna,
        com.typesafe.config.ConfigFactory.load(), database, 100, null, task.modelDir())) {
      try (org.svdd.task.TaskOracles.Cached cached = oracles.cached()) {
        java.util.List<Reward> scored = cached.forReward(org.svdd.task.rna.TrnaTask.RNA_MFE)
            .score(java.util.List.of(rna.encode("GGGGAAACCCC", 12), rna.encode("GCGCAAAAGCGC", 12)))
            .toCompletableFuture().get();
        assertEquals(2, scored.stream().filter(r -> !r.failed()).count(), "scored without the archive");
      }
      assertEquals(Map.of(), database.saved, "held while the database fails");
      database.down = false; // back, but within the pause: nothing asks it again before the run ends
    }
    assertEquals(2, database.saved.values().stream().mapToInt(Map::size).sum(), "saved as the oracles closed");
  }
}
