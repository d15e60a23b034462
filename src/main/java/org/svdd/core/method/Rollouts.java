package org.svdd.core.method;

import java.util.ArrayList;
import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.State;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/**
 * Pre-trained rollouts with every state along the way kept: the training data of SVDD-MC's value network
 * (arXiv 2408.08252, Sec. 4.2), each state labelled with the reward its rollout ends with. Draws with the
 * streams pre-trained sampling uses, so rollout i is the pre-trained sample of particle i for the seed.
 */
public final class Rollouts {
  private Rollouts() {}

  /**
   * @return per rollout its states from the prior (index 0) to the clean sample (index {@code steps})
   */
  public static List<List<State>> of(DiffusionProcess process, Denoiser denoiser, int rollouts, int steps, long seed,
      int maxBatch, Runnable afterStep) {
    List<List<State>> paths = new ArrayList<>(rollouts);
    for (int i = 0; i < rollouts; i++) {
      List<State> path = new ArrayList<>(steps + 1);
      path.add(process.prior(RandomStream.of(seed, Purpose.PRIOR, i)));
      paths.add(path);
    }
    for (int step = 0; step < steps; step++) {
      double time = process.time(step, steps);
      List<DenoiseInput> inputs = new ArrayList<>(rollouts);
      for (List<State> path : paths) {
        inputs.add(new DenoiseInput(path.get(step), time));
      }
      for (int from = 0; from < rollouts; from += maxBatch) {
        float[][] out = denoiser.predict(inputs.subList(from, Math.min(rollouts, from + maxBatch)));
        for (int r = 0; r < out.length; r++) {
          int i = from + r;
          State next = process.reverseStep(paths.get(i).get(step), out[r], step, steps,
              RandomStream.of(seed, Purpose.CHILD, i, step, 0));
          paths.get(i).add(next);
        }
      }
      afterStep.run();
    }
    return paths;
  }
}
