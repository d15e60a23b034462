package org.svdd.task.molecule;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.svdd.core.reward.Reward;
import org.svdd.oracle.VinaOracle;
import org.svdd.task.Judge;

/**
 * The held-out judge of a docking run: each final design docked again at a higher search effort (Vina's
 * own default, exhaustiveness 8, against exhaustiveness 1 while guiding). A fast dock is noisy, and a run
 * that keeps the best of many candidates also keeps their lucky scores (at exhaustiveness 1 a 23-atom
 * molecule scored −25.7 kcal/mol on Abl, −9.7 when docked with effort 8); the careful re-dock shows how much
 * of a method's gain is real. Score = max(−affinity, 0) of the re-dock; pass = a score of at least
 * {@link #PASS_REWARD} kcal/mol. A molecule that cannot be docked (no conformer) scores 0 and fails; a dock that
 * crashed or timed out after its retries is not judged.
 */
final class DockingJudge implements Judge {
  /** −8 kcal/mol or better: the affinity of a plausible hit on a kinase pocket. */
  static final double PASS_REWARD = 8.0;

  private final VinaOracle vina;
  private final String target;
  private final int exhaustiveness;

  /** @param vina docks at the judge's effort; this judge closes it */
  DockingJudge(VinaOracle vina, String target, int exhaustiveness) {
    this.vina = vina;
    this.target = target;
    this.exhaustiveness = exhaustiveness;
  }

  @Override
  public String name() {
    return String.format(Locale.ROOT, "AutoDock Vina re-dock on %s at exhaustiveness %d, score = -affinity in kcal/mol, "
        + "pass = at least %.0f", target, exhaustiveness, PASS_REWARD);
  }

  @Override
  public List<Verdict> judge(List<String> designs) {
    return judge(designs, done -> { });
  }

  /** Docks every design at once (as many at a time as the pool has slots), telling {@code progress} as each ends. */
  @Override
  public List<Verdict> judge(List<String> designs, IntConsumer progress) {
    AtomicInteger done = new AtomicInteger();
    List<CompletableFuture<VinaOracle.Dock>> docks = designs.stream()
        .map(d -> vina.dock(d).whenComplete((dock, failure) -> progress.accept(done.incrementAndGet()))).toList();
    return docks.stream().map(CompletableFuture::join).map(VinaOracle.Dock::reward).map(DockingJudge::verdict).toList();
  }

  private static Verdict verdict(Reward r) {
    return r.failed() ? Verdict.failed(r.detail()) : new Verdict(r.value(), r.value() >= PASS_REWARD);
  }

  @Override
  public void close() {
    vina.close();
  }
}
