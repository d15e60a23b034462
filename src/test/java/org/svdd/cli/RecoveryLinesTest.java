package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.svdd.api.JobRegistry;

/** What {@code svdd serve} says at start of the unfinished jobs it took back: resumed ones counted, the rest named. */
class RecoveryLinesTest {
  @Test
  void nothingTakenBack_saysNothing() {
    assertEquals(List.of(), ServeCommand.recoveryLines(new JobRegistry.Recovery(0, Map.of())));
  }

  @Test
  void countsOnlyTheResumed_andNamesEachEndedJobWithWhy() {
    Map<String, String> ended = new LinkedHashMap<>();
    ended.put("job-a", "the job began under model aaa and this service runs model bbb now");
    assertEquals(List.of("resuming 2 unfinished job(s) from their checkpoints",
            "job job-a could not be resumed and ended FAILED: the job began under model aaa and this service runs "
                + "model bbb now"),
        ServeCommand.recoveryLines(new JobRegistry.Recovery(2, ended)));
    assertEquals(List.of("job job-a could not be resumed and ended FAILED: the job began under model aaa and this "
            + "service runs model bbb now"),
        ServeCommand.recoveryLines(new JobRegistry.Recovery(0, ended)), "no job resumed: no count of none");
  }
}
