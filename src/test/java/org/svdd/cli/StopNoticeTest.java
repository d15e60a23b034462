package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a command stopped by a signal says: which notice, and the archive named as a user knows it. */
class StopNoticeTest {
  @Test
  void theNotice_namesTheArchive_anH2FileByItsPathUnderTheHome() {
    String home = System.getProperty("user.home");
    assertEquals("svdd: stopped before its end; nothing was written. The oracle answers it paid for are kept in "
        + "~/.svdd/rewards (svdd archive): the same command again reads them instead of asking the oracle again.",
        StopNotice.of(StopNotice.archive(com.typesafe.config.ConfigFactory.parseString(
            "svdd.reward.archive-url = \"jdbc:h2:file:" + home + "/.svdd/rewards;AUTO_SERVER=TRUE\""))));
    assertEquals("/data/rewards", StopNotice.where("jdbc:h2:file:/data/rewards;AUTO_SERVER=TRUE"));
    assertEquals("jdbc:postgresql://db/svdd", StopNotice.where("jdbc:postgresql://db/svdd"));
    assertEquals(null, StopNotice.archive(com.typesafe.config.ConfigFactory.parseString("svdd.reward.archive-url = \"\"")));
    assertEquals("svdd: stopped before its end; nothing was written.", StopNotice.of(null), "no archive, none named");
  }

  @Test
  void theFirstNoticeSet_isTheOneSaid_andEachClearsOnlyItsOwn() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      StopNotice.set("report's");
      StopNotice.set("a run's"); // a run of the report opens its workbench
      StopNotice.clear("a run's");
      StopNotice.printIfSet();
      StopNotice.printIfSet(); // said once
      StopNotice.set("another run's");
      StopNotice.clear("another run's");
      StopNotice.printIfSet(); // a command that ended says nothing
    } finally {
      System.setErr(original);
      StopNotice.clear("report's");
    }
    assertEquals(System.lineSeparator() + "report's" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
  }
}
