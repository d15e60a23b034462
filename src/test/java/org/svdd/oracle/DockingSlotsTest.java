package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.reward.Reward;

/** The docking queue and its slots, over a fake batch Vina. */
class DockingSlotsTest {
  @TempDir Path dir;

  /**
   * Two jobs share one Vina; one is cancelled while its ligand waits behind the ligands Vina docks first. The
   * run ends before it and the ligand queued after it, the other job's, is docked by the slot's next run.
   */
  @Test
  void cancelledLigand_inASharedRun_theLigandAfterItIsDockedByTheNextRun() throws Exception {
    // For tests only: Vina's batch mode after a 2 s grid, 1 s per ligand, stopping at a file it cannot open
    Path fake = Files.writeString(dir.resolve("vina-batch-fake"), "#!/bin/sh\n"
        + VinaRunTest.BATCH_FAKE.replaceFirst("sleep 1", "sleep 2") + "\n");
    assertTrue(fake.toFile().setExecutable(true));
    try (DockingSlots slots = slots(1, fake)) {
      List<CompletableFuture<VinaOracle.Dock>> answers = offerFourInOneRun(slots);
      answers.get(2).cancel(true);

      for (int i : new int[] {0, 1, 3}) {
        VinaOracle.Dock dock = answers.get(i).get(30, TimeUnit.SECONDS);
        assertFalse(dock.reward().failed(), i + ": " + dock.reward().detail());
      }
      assertEquals(2, slots.runs(), "one run up to the cancelled ligand, one for the ligand after it");
      assertEquals(0, slots.failures());
    }
  }

  /**
   * A cancelled job's ligands withdrawn together: the Vina docking the first is killed at once, and the slot it
   * frees starts no run for the others though they are cancelled only later (half a second later here, so that one
   * would start without it, whatever the machine's speed).
   */
  @Test
  void together_aSlotFreedByTheFirstCancelStartsNoneOfTheOthers() throws Exception {
    Path fake = Files.writeString(dir.resolve("vina-batch-fake"), "#!/bin/sh\n" + VinaRunTest.BATCH_FAKE + "\n");
    assertTrue(fake.toFile().setExecutable(true));
    try (DockingSlots slots = slots(1, fake)) {
      List<CompletableFuture<VinaOracle.Dock>> answers = offerFourInOneRun(slots);
      assertEquals(1, slots.runs(), "one Vina for the four");
      slots.together(() -> {
        answers.get(0).cancel(true);
        long killedBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < killedBy) { // its Vina sees the cancel within 50 ms and is killed
          Thread.onSpinWait();
        }
        answers.subList(1, 4).forEach(a -> a.cancel(true));
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (slots.slots().busy() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(300);
      assertEquals(new org.svdd.core.reward.RewardOracle.Slots(0, 1), slots.slots(), "no Vina runs");
      assertEquals(1, slots.runs(), "no run was started for the ligands cancelled after the first");
    }
  }

  /** The slots say how many run a Vina now: one ligand in two slots is one busy, none once it is docked. */
  @Test
  void slots_countTheSlotsRunningAVina() throws Exception {
    Path fake = Files.writeString(dir.resolve("vina-batch-fake"), "#!/bin/sh\n" + VinaRunTest.BATCH_FAKE + "\n");
    assertTrue(fake.toFile().setExecutable(true));
    try (DockingSlots slots = slots(2, fake)) {
      assertEquals(new org.svdd.core.reward.RewardOracle.Slots(0, 2), slots.slots());
      CompletableFuture<VinaOracle.Dock> answer = new CompletableFuture<>();
      slots.expect();
      Path home = Files.createDirectory(dir.resolve("ligand"));
      slots.offer(new DockingSlots.Ligand(Files.writeString(home.resolve("l.pdbqt"), "REMARK 0\n"), answer, 0));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (slots.runs() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(new org.svdd.core.reward.RewardOracle.Slots(1, 2), slots.slots(), "one Vina docking the ligand");
      assertFalse(answer.get(30, TimeUnit.SECONDS).reward().failed());
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (slots.slots().busy() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(new org.svdd.core.reward.RewardOracle.Slots(0, 2), slots.slots(), "its run ended");
    }
  }

  /**
   * Four ligands expected, then offered to one slot: its first run seats them all. Returns their answers once that
   * run has started.
   */
  private List<CompletableFuture<VinaOracle.Dock>> offerFourInOneRun(DockingSlots slots) throws Exception {
    List<CompletableFuture<VinaOracle.Dock>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      slots.expect();
    }
    for (int i = 0; i < 4; i++) {
      Path home = Files.createDirectory(dir.resolve("ligand" + i));
      answers.add(new CompletableFuture<>());
      slots.offer(new DockingSlots.Ligand(Files.writeString(home.resolve("l" + i + ".pdbqt"), "REMARK " + i + "\n"),
          answers.get(i), 0));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (slots.runs() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return answers;
  }

  /** {@code count} slots running {@code fake} as Vina, each run ending with its last ligand. */
  private DockingSlots slots(int count, Path fake) {
    return new DockingSlots("test-vina", count, 8, 0, Duration.ZERO,
        (ligands, positions) -> new VinaRun(List.of(fake.toString()), ligands, positions, newFolder(), Duration.ofMinutes(1)),
        new DockingSlots.Answers() {
          @Override
          public VinaOracle.Dock docked(double affinity, String pose, double seconds) {
            return new VinaOracle.Dock(new Reward(-affinity, "docked"), pose, seconds);
          }

          @Override
          public VinaOracle.Dock failed(String reason, int attempts, double seconds, boolean worthRetrying) {
            return new VinaOracle.Dock(Reward.failed(reason), "", seconds);
          }
        });
  }

  private Path newFolder() {
    try {
      return Files.createTempDirectory(dir, "run-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
