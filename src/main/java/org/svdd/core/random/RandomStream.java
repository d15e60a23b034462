package org.svdd.core.random;

/**
 * A small, fully specified pseudo-random stream (SplitMix64) keyed by (seed, purpose, coordinates).
 *
 * <p>Every draw in a job comes from a stream keyed by what it is for and where it happens (particle,
 * step, candidate), never from a shared generator. Batching, arrival order, the number of nodes and a
 * restart from a checkpoint therefore cannot change the samples. The algorithm is written out here, not
 * taken from the JDK, so that it is stable across Java versions.
 */
public final class RandomStream {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  private RandomStream(long state) {
    this.state = state;
  }

  /** A stream for one purpose at the given coordinates (e.g. particle, step, candidate). */
  public static RandomStream of(long seed, Purpose purpose, long... coordinates) {
    long h = mix(seed ^ 0x5DEECE66DL);
    h = mix(h + GOLDEN * (purpose.ordinal() + 1));
    for (long c : coordinates) {
      h = mix(h ^ mix(c + GOLDEN));
    }
    return new RandomStream(h);
  }

  /** The next 64 random bits. */
  public long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A standard normal draw (Box–Muller on two uniform draws; the second normal is not kept). */
  public double nextGaussian() {
    double u = 1 - nextDouble();
    double v = nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A uniform int in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) Math.floor(nextDouble() * bound);
  }

  /**
   * A random permutation of 0..n-1 (Fisher–Yates from the last index down, each swap partner drawn by
   * {@link #nextInt}): the same stream gives the same order.
   */
  public int[] permutation(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
