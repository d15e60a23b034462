package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.task.DesignTask.ScoredDesign;

class MoleculeOutputsTest {
  @TempDir Path dir;

  private final List<ScoredDesign> designs = List.of(new ScoredDesign("svdd-0", "CC(=O)Oc1ccccc1C(=O)O", 0.55),
      new ScoredDesign("svdd-1", "", 0), new ScoredDesign("svdd-2", "c1ccc2ccccc2c1", 0.42),
      new ScoredDesign("svdd-3", "CCN(CC)CC", 0.44), new ScoredDesign("svdd-4", "NC(=O)N", 0.35),
      new ScoredDesign("svdd-5", "OCCO", 0.3));

  @Test
  void writeGrid_drawsTheValidDesignsFourPerRow() throws IOException {
    Path png = dir.resolve("svdd.png");
    MoleculeOutputs.writeGrid(png, designs);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(4 * 260, image.getWidth(), "four columns");
    assertEquals(2 * 240, image.getHeight(), "five valid designs: two rows");
  }

  @Test
  void writeSmiles_marksAnEmptyDesignWithAStar() throws IOException {
    Path smi = dir.resolve("svdd.smi");
    MoleculeOutputs.writeSmiles(smi, designs);
    List<String> lines = Files.readAllLines(smi);
    assertEquals("CC(=O)Oc1ccccc1C(=O)O\tsvdd-0 reward=0.550", lines.get(0));
    assertEquals("*\tsvdd-1 reward=0.000", lines.get(1));
  }

  @Test
  void writePoses_openBabelCrashingOnOnePose_leavesOutThatOneAndWritesTheRest() throws IOException {
    Path tries = dir.resolve("tries");
    // converts molecules and every pose but svdd-0's, whose conversion crashes each time; svdd-2's crashes once
    Path obabel = org.svdd.testing.ShellScripts.write(dir, "obabel-crashes-on-svdd-0", String.join("\n",
        "case \"$*\" in",
        "  *svdd-0*) echo svdd-0 >> " + tries + "; echo 'Segmentation fault' >&2; exit 139 ;;",
        "  *svdd-2*) if ! grep -q svdd-2 " + tries + " 2>/dev/null; then echo svdd-2 >> " + tries + "; exit 139; fi ;;",
        "esac",
        "exec obabel \"$@\""));
    Path sdf = dir.resolve("svdd.sdf");
    org.svdd.oracle.VinaOracle.Settings settings = new org.svdd.oracle.VinaOracle.Settings("vina", "obabel", 1, 1, 1,
        42, java.time.Duration.ofMinutes(2), 1, 8);
    try (org.svdd.oracle.VinaOracle vina = new org.svdd.oracle.VinaOracle(null, org.svdd.testing.AblReceptor.unpack(dir),
        settings, new org.svdd.oracle.RdkitOracle(null, org.svdd.oracle.RdkitOracle.Score.QED,
            org.svdd.oracle.RdkitOracle.defaults()))) {
      java.util.List<Long> told = new java.util.concurrent.CopyOnWriteArrayList<>();
      MoleculeOutputs.writePoses(sdf, List.of(designs.get(0), designs.get(1), new ScoredDesign("svdd-2",
          "CC(=O)Oc1ccccc1C(=O)O", 0.55)), vina, obabel.toString(), told::add);
      assertEquals(java.util.Set.of(1L, 2L, 3L), java.util.Set.copyOf(told), "each design counted once done, the "
          + "empty one too: " + told);
    }
    String written = Files.readString(sdf);
    assertEquals(1, written.split("\\$\\$\\$\\$", -1).length - 1, "one record: " + written);
    assertTrue(written.startsWith("svdd-2 reward=0.550 CC(=O)Oc1ccccc1C(=O)O\n"), written);
    assertEquals(List.of("svdd-0", "svdd-0", "svdd-2"), Files.readAllLines(tries), "each crash tried once more");
  }

  @Test
  void writeGrid_noValidDesign_writesNoFile() throws IOException {
    Path png = dir.resolve("none.png");
    MoleculeOutputs.writeGrid(png, List.of(new ScoredDesign("x", "", 0)));
    assertFalse(Files.exists(png));
  }

  @Test
  void depictionSvg_drawsAValidMolecule_andNothingForAnInvalidOne() {
    MoleculeTask task = new MoleculeTask(dir);
    String aspirin = task.depictionSvg("CC(=O)Oc1ccccc1C(=O)O").orElseThrow();
    assertTrue(aspirin.contains("<svg") && aspirin.contains("</svg>"), aspirin);
    assertTrue(task.depictionSvg("C1CC(").isEmpty(), "an unclosed ring draws nothing");
    assertTrue(task.depictionSvg("").isEmpty());
  }
}
