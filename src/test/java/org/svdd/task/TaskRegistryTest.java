package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.NoiseSchedule;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.model.InvalidModelException;

class TaskRegistryTest {
  private final Path home = Path.of("/opt/svdd");

  @Test
  void named_knownTasks_comeWithTheirRewardsAndBundledModels() {
    assertEquals(List.of("trna", "molecules", "fashion", "promoter"), TaskRegistry.names());
    DesignTask trna = TaskRegistry.named("trna", home);
    assertEquals("rna-mfe", trna.defaultReward());
    assertEquals(home.resolve("models/trna"), trna.modelDir());
    DesignTask molecules = TaskRegistry.named("molecules", home);
    assertEquals(List.of("qed", "sa", "vina-abl", "vina-aurka"), molecules.rewards());
    assertEquals(home.resolve("models/molecules"), molecules.modelDir());
    DesignTask fashion = TaskRegistry.named("fashion", home);
    assertEquals("jpeg-compressibility", fashion.defaultReward());
    assertTrue(fashion.rewards().containsAll(List.of("class:t-shirt", "class:sneaker", "class:ankle-boot")));
    assertEquals(home.resolve("models/fashion"), fashion.modelDir());
    DesignTask promoter = TaskRegistry.named("promoter", home);
    assertEquals(List.of("promoter"), promoter.rewards());
    assertEquals(home.resolve("models/promoter"), promoter.modelDir());
  }

  /** The models that score each task's rewards and judge its runs, which a run records; programs have none. */
  @Test
  void rewardAndJudgeModels_ofEachTask() {
    com.typesafe.config.Config config = com.typesafe.config.ConfigFactory.load();
    DesignTask trna = TaskRegistry.named("trna", home);
    java.util.Optional<Path> cm = java.util.Optional.of(home.resolve("models/judges/trna/tRNA.c.cm"));
    assertEquals(cm, trna.judgeModel(config));
    assertEquals(cm, trna.rewardModel("trna-cm", config), "trna-cm scores with the judge's covariance model");
    assertEquals(java.util.Optional.empty(), trna.rewardModel("rna-mfe", config));
    assertEquals(java.util.Optional.empty(), trna.rewardModel("cloverleaf", config));
    assertThrows(IllegalArgumentException.class, () -> trna.rewardModel("qed", config));
    DesignTask molecules = TaskRegistry.named("molecules", home);
    assertEquals(java.util.Optional.empty(), molecules.rewardModel("vina-abl", config), "docking is a program");
    assertEquals(java.util.Optional.empty(), molecules.judgeModel(config), "its judge docks again");
    DesignTask promoter = TaskRegistry.named("promoter", home);
    assertEquals(java.util.Optional.of(home.resolve("models/promoter/classifier-guide")),
        promoter.rewardModel("promoter", config));
    assertEquals(java.util.Optional.of(home.resolve("models/promoter/classifier-judge")), promoter.judgeModel(config));
  }

  @Test
  void named_unknownTask_listsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskRegistry.named("dna", home));
    assertEquals("unknown task 'dna'; allowed: [trna, molecules, fashion, promoter]", e.getMessage());
  }

  @Test
  void checkReward_rewardOfAnotherTask_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskRegistry.named("molecules", home).checkReward("rna-mfe"));
    assertTrue(e.getMessage().contains("allowed: [qed, sa, vina-abl, vina-aurka]"), e.getMessage());
  }

  @Test
  void checkModel_modelOfAnotherTask_isRefusedNamingBoth() {
    DesignTask molecules = TaskRegistry.named("molecules", home);
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> molecules.checkModel(Path.of("models/trna"), new MaskedDiffusion(Vocabulary.rna(), 8)));
    assertTrue(e.getMessage().contains("'A' is not a SELFIES symbol"), e.getMessage());
    DesignTask trna = TaskRegistry.named("trna", home);
    assertThrows(InvalidModelException.class,
        () -> trna.checkModel(Path.of("models/molecules"), new MaskedDiffusion(new Vocabulary(List.of("[C]", "[O]")), 8)));
    InvalidModelException rna = assertThrows(InvalidModelException.class,
        () -> TaskRegistry.named("promoter", home).checkModel(Path.of("models/trna"), new MaskedDiffusion(Vocabulary.rna(), 8)));
    assertTrue(rna.getMessage().contains("reads symbols [A, C, G, U] but task promoter designs over [A, C, G, T]"),
        rna.getMessage());
  }

  @Test
  void checkModel_imageModelForASequenceTask_isRefusedNamingTheTask() {
    GaussianDiffusion images = new GaussianDiffusion(16, NoiseSchedule.COSINE, 1, -1, 1);
    for (String name : List.of("trna", "molecules", "promoter")) {
      InvalidModelException e = assertThrows(InvalidModelException.class,
          () -> TaskRegistry.named(name, home).checkModel(Path.of("some-images"), images));
      assertTrue(e.getMessage().contains("some-images is not a masked (token) diffusion model, which task " + name),
          e.getMessage());
    }
  }
}
