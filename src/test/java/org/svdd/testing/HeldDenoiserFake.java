package org.svdd.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;

/**
 * A test denoiser whose first pass blocks until {@link #release}, so a test can queue requests behind a
 * running pass; it records the rows of every pass and answers like {@link ContextDenoiserFake}.
 */
public final class HeldDenoiserFake implements Denoiser {
  private final ContextDenoiserFake answers;
  private final CountDownLatch firstPass = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<List<DenoiseInput>> passes = Collections.synchronizedList(new ArrayList<>());

  public HeldDenoiserFake(double[][] probabilities) {
    this.answers = new ContextDenoiserFake(probabilities);
  }

  @Override
  public float[][] predict(List<DenoiseInput> inputs) {
    passes.add(List.copyOf(inputs));
    firstPass.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return answers.predict(inputs);
  }

  /** Waits until the first pass is running (and held). */
  public boolean awaitFirstPass() throws InterruptedException {
    return firstPass.await(5, TimeUnit.SECONDS);
  }

  /** Lets the held pass, and every later one, run. */
  public void release() {
    release.countDown();
  }

  /** The rows of each pass so far, in order. */
  public List<List<DenoiseInput>> passes() {
    synchronized (passes) {
      return List.copyOf(passes);
    }
  }
}
