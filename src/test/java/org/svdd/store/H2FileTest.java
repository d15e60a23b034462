package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2FileTest {
  @Test
  void of_findsTheDatabaseFileOfFileUrlsOnly() {
    assertEquals(Path.of("/a/rewards.mv.db"), H2File.of("jdbc:h2:file:/a/rewards;AUTO_SERVER=TRUE").file());
    assertEquals(Path.of("/a/rewards.mv.db"), H2File.of("jdbc:h2:/a/rewards").file());
    assertEquals(Path.of(System.getProperty("user.home"), "r.mv.db"), H2File.of("jdbc:h2:~/r").file());
    assertNull(H2File.of("jdbc:h2:tcp://127.0.0.1/a/rewards"));
    assertNull(H2File.of("jdbc:h2:mem:x"));
    assertNull(H2File.of("jdbc:postgresql://127.0.0.1/svdd"));
  }
}
