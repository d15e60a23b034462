package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.svdd.api.ServedTask;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.model.ModelFiles;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;

/** The task a serve node's api admits jobs by knows its model's states' positions, by which trees are judged. */
class ServeCommandTaskTest {
  @ParameterizedTest
  @CsvSource({"fashion, 784", "trna, -1"})
  void servedTask_knowsThePositionsOfItsModelsStates(String name, int pixels) {
    DesignTask task = TaskRegistry.named(name, Home.dir());
    DiffusionProcess process = ModelFiles.describe(task.modelDir()).process();
    ServedTask served = ServeCommand.servedTask(task, task.modelDir(), null, task.defaultReward(),
        task.codec(process), ConfigFactory.load());
    assertEquals(process.length(), served.positions(), "a token or a pixel each");
    if (pixels > 0) {
      assertEquals(pixels, served.positions(), "28 x 28 grey levels");
    }
  }
}
