package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** svdd.store.keep-ended: off by default, a duration when set, a clear refusal when negative. */
class KeepEndedTest {
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
}
