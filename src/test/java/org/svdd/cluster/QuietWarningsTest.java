package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuietWarningsTest {
  private final AtomicLong now = new AtomicLong();
  private final QuietWarnings warnings = new QuietWarnings(Duration.ofNanos(100), now::get);

  @Test
  void oncePerIntervalPerKind_withTheCountHeldBack() {
    assertEquals("a failed", warnings.admit("a", "a failed"));
    now.set(50);
    assertNull(warnings.admit("a", "a failed again"));
    assertNull(warnings.admit("a", "a failed otherwise"));
    assertEquals("b failed", warnings.admit("b", "b failed"), "another kind is said at once");
    now.set(100);
    assertEquals("a failed late (and 2 more like it since the last said)", warnings.admit("a", "a failed late"));
    now.set(300);
    assertEquals("a failed later", warnings.admit("a", "a failed later"), "nothing held back: no count");
  }
}
