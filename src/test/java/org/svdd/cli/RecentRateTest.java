package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A bar's time left follows the work's recent rate, on a clock the test moves. */
class RecentRateTest {
  private static final long SECOND = 1_000_000_000L;

  private long now;
  private final RecentRate rate = new RecentRate(() -> now);

  /** Renders every 250 ms from {@code from} to {@code to} seconds, the count {@code count(t)} at each. */
  private Optional<Duration> renders(double from, double to, java.util.function.DoubleToLongFunction count, long max) {
    Optional<Duration> left = Optional.empty();
    for (double t = from; t <= to + 1e-9; t += 0.25) {
      now = Math.round(t * SECOND);
      left = rate.timeLeft(count.applyAsLong(t), max, now);
    }
    return left;
  }

  private static double seconds(Optional<Duration> left) {
    assertTrue(left.isPresent(), "a time left");
    return left.get().toMillis() / 1000.0;
  }

  @Test
  void steadyWork_isTimedByItsRate() {
    rate.began(0, 0);
    assertEquals(60, seconds(renders(0, 60, t -> (long) t, 120)), 1.0);
  }

  @Test
  void fastWorkThenSlowWork_isTimedByTheSlowRate_onceItHasRunTheWindow() {
    // Best-of-N's shape: 448 of 512 steps denoised in 3 s, then one design docked every 1.5 s
    java.util.function.DoubleToLongFunction count = t -> t <= 3 ? Math.round(448 * t / 3) : 448 + (long) ((t - 3) / 1.5);
    rate.began(0, 0);
    double at = 3 + RecentRate.WINDOW.toSeconds() + 5;
    double left = seconds(renders(0, at, count, 512));
    double truth = (512 - count.applyAsLong(at)) * 1.5;
    double meanRate = at * (512 - count.applyAsLong(at)) / count.applyAsLong(at); // what the library's own estimate says
    assertTrue(meanRate < truth / 5, "the mean rate is far off here: " + meanRate + " s against " + truth);
    assertEquals(truth, left, truth * 0.15, "the recent rate is not");
  }

  @Test
  void burstyWork_isTimedByItsMeanOverTheWindow_notByItsLastBurst() {
    // a unit at each of three renders, then nothing for 4.25 s (docks coming back a batch at a time): 0.6 a second
    java.util.function.DoubleToLongFunction count = t -> 3 * (long) (t / 5) + Math.min(3, Math.round((t % 5) * 4));
    rate.began(0, 0);
    double left = seconds(renders(0, 60.75, count, 400));
    double truth = (400 - count.applyAsLong(60.75)) / 0.6;
    assertEquals(truth, left, truth * 0.05, "the last eight advances alone say 0.76 a second");
  }

  @Test
  void workAdvancingLessOftenThanTheWindow_isTimedOverItsLastAdvances() {
    // an epoch a minute: within 30 s there is no advance at all, the last eight say a minute each
    rate.began(0, 0);
    double left = seconds(renders(0, 605, t -> (long) (t / 60), 20));
    assertEquals(600, left, 600 * 0.05, "ten epochs of a minute left");
  }

  @Test
  void aBarStandingStill_showsItsTimeLeftGrowing() {
    rate.began(0, 0);
    double justAfter = seconds(renders(0, 20.5, t -> (long) t, 100));
    double later = seconds(renders(20.75, 80, t -> 20, 100));
    double muchLater = seconds(renders(80.25, 200, t -> 20, 100));
    assertTrue(justAfter < later && later < muchLater, justAfter + " then " + later + " then " + muchLater);
  }

  @Test
  void beforeAnyAdvance_noTimeLeft_andAFinishedBarHasNone() {
    rate.began(0, 0);
    assertEquals(Optional.empty(), renders(0, 10, t -> 0, 100));
    assertEquals(Optional.of(Duration.ZERO), renders(10.25, 11, t -> 100, 100));
  }

  @Test
  void aCountThatMovesBack_isTimedAnewFromThere() {
    rate.began(0, 0);
    renders(0, 10, t -> (long) (10 * t), 110); // 10 a second
    assertEquals(Optional.empty(), renders(10.25, 10.25, t -> 5, 110));
    assertEquals(95, seconds(renders(10.5, 20.25, t -> 5 + (long) (t - 10.25), 110)), 1.0, "1 a second now");
  }

  /** A bar for work under way (svdd watch joining a job) shows a time left from its first render. */
  @Test
  void aBarForWorkUnderWay_showsATimeLeftAtOnce_fromWhatWasDoneInTheTimeItTook() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    String before = System.getProperty("svdd.progress");
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setProperty("svdd.progress", "bars");
    try (me.tongfei.progressbar.ProgressBar bar = Progress.bar("job", 100, 50, Duration.ofSeconds(50))) {
      assertTrue(bar.getCurrent() == 50);
    } finally {
      System.setErr(original);
      if (before == null) {
        System.clearProperty("svdd.progress");
      } else {
        System.setProperty("svdd.progress", before);
      }
    }
    String printed = err.toString(StandardCharsets.UTF_8);
    Matcher eta = Pattern.compile("\\(0:00:5\\d / 0:0(\\d):(\\d\\d)\\)").matcher(printed);
    assertTrue(eta.find(), "half done in 50 s: about 50 s left, not '?': " + printed);
    assertEquals(50, Integer.parseInt(eta.group(1)) * 60 + Integer.parseInt(eta.group(2)), 3);
  }
}
