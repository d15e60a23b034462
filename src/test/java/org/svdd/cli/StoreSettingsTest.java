package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * svdd.store.keep-ended (off by default) and svdd.store.start-wait (60 s by default): a duration when set, a clear
 * refusal when negative.
 */
class StoreSettingsTest {
  private static Duration keep(String value) {
    return ServeCommand.keepEnded(ConfigFactory.parseString("svdd.store.keep-ended = " + value)
        .withFallback(ConfigFactory.load()));
  }

  @Test
  void offByDefault_aDurationWhenSet() {
    assertEquals(Duration.ZERO, ServeCommand.keepEnded(ConfigFactory.load()));
    assertEquals(Duration.ofDays(30), keep("30d"));
    assertEquals("720h", ServeCommand.shortly(keep("30d")));
  }

  @Test
  void negative_isRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keep("-1h"));
    assertEquals("svdd.store.keep-ended must be 0 (keep every job) or a positive duration such as 30d, got -1h",
        e.getMessage());
  }

  @Test
  void startWait_aMinuteByDefault_zeroOrADurationWhenSet_refusedWhenNegative() {
    assertEquals(Duration.ofSeconds(60), ServeCommand.startWait(ConfigFactory.load()));
    java.util.function.Function<String, Duration> wait = value -> ServeCommand.startWait(
        ConfigFactory.parseString("svdd.store.start-wait = " + value).withFallback(ConfigFactory.load()));
    assertEquals(Duration.ZERO, wait.apply("0"));
    assertEquals(Duration.ofMinutes(5), wait.apply("5m"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wait.apply("-5s"));
    assertEquals("svdd.store.start-wait must be 0 (do not wait) or a positive duration such as 60s, got -5s",
        e.getMessage());
  }
}
