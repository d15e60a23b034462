package org.svdd.task.molecule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openscience.cdk.CDKConstants;
import org.openscience.cdk.depict.DepictionGenerator;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.svdd.oracle.OpenBabel;
import org.svdd.oracle.VinaOracle;
import org.svdd.task.DesignTask.ScoredDesign;

/**
 * What a chemist opens after a run: the designs as SMILES, a PNG grid of the best ones drawn by CDK
 * with their rewards, and, for docking rewards, the best Vina pose of each design as SDF (Open Babel
 * converts Vina's PDBQT).
 */
final class MoleculeOutputs {
  static final int GRID = 12;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MoleculeOutputs.class);

  private MoleculeOutputs() {}

  static void writeSmiles(Path file, List<ScoredDesign> designs) throws IOException {
    StringBuilder s = new StringBuilder();
    for (ScoredDesign d : designs) {
      s.append(d.text().isEmpty() ? "*" : d.text()).append('\t')
          .append(String.format(Locale.ROOT, "%s reward=%.3f", d.name(), d.reward())).append('\n');
    }
    Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
  }

  /** The {@link #GRID} best valid designs, 4 per row, each titled with its label and reward. */
  static void writeGrid(Path file, List<ScoredDesign> designs) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<IAtomContainer> molecules = new ArrayList<>();
    for (ScoredDesign d : best(designs)) {
      if (molecules.size() == GRID) {
        break;
      }
      try {
        IAtomContainer m = Molecules.parse(d.text());
        if (m.getAtomCount() == 0) {
          continue;
        }
        m.setProperty(CDKConstants.TITLE, String.format(Locale.ROOT, "%s  %.3f", d.name(), d.reward()));
        molecules.add(m);
      } catch (IllegalArgumentException invalid) {
        // only valid molecules are drawn
      }
    }
    if (molecules.isEmpty()) {
      return;
    }
    try {
      int columns = Math.min(4, molecules.size());
      int rows = (molecules.size() + columns - 1) / columns;
      new DepictionGenerator().withSize(260 * columns, 240 * rows).withAtomColors().withMolTitle().withTitleScale(0.9)
          .withFillToFit().depict(molecules, rows, columns).writeTo("png", file.toFile());
    } catch (CDKException e) {
      throw new IOException("cannot draw " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Each design's best pose (docked now if this run did not: every such dock started at once, on every slot), as SDF
   * records titled label and reward. A pose Open Babel cannot convert, tried twice, is left out with a warning naming
   * the design: one crash of the converter does not cost the run its other outputs. A design docked now whose affinity
   * here is not the reward the run gave it (the run scored elsewhere, by another Vina, receptor or settings) is
   * written with a warning naming both. {@code designsDone} hears how many designs are docked so far.
   */
  static void writePoses(Path file, List<ScoredDesign> designs, VinaOracle vina, String obabel,
      java.util.function.LongConsumer designsDone) throws IOException {
    java.util.concurrent.atomic.AtomicLong docked = new java.util.concurrent.atomic.AtomicLong();
    List<java.util.concurrent.CompletableFuture<VinaOracle.Dock>> docks = designs.stream()
        .map(d -> (d.text().isEmpty() ? java.util.concurrent.CompletableFuture.<VinaOracle.Dock>completedFuture(null)
            : vina.dock(d.text())).whenComplete((dock, failure) -> designsDone.accept(docked.incrementAndGet())))
        .toList();
    StringBuilder sdf = new StringBuilder();
    for (int i = 0; i < designs.size(); i++) {
      ScoredDesign d = designs.get(i);
      VinaOracle.Dock dock = docks.get(i).join();
      if (dock == null || dock.pose().isEmpty()) {
        continue;
      }
      if (Math.abs(dock.reward().value() - d.reward()) > REWARD_TOLERANCE) {
        LOG.warn("{}: the pose of {} docked here scores {} where the run gave {}: this Vina, receptor or settings are "
            + "not those that scored the run", file.getFileName(), d.name(),
            String.format(Locale.ROOT, "%.3f", dock.reward().value()), String.format(Locale.ROOT, "%.3f", d.reward()));
      }
      String title = String.format(Locale.ROOT, "%s reward=%.3f %s", d.name(), d.reward(), d.text());
      try {
        sdf.append(poseAsSdf(obabel, dock.pose(), title));
      } catch (IOException e) {
        LOG.warn("{} leaves out the pose of {}: {}", file.getFileName(), d.name(), e.getMessage());
      }
    }
    Files.writeString(file, sdf.toString(), StandardCharsets.UTF_8);
  }

  /** How far a pose's reward may lie from the run's for the same dock: Vina prints affinities to 3 decimals. */
  static final double REWARD_TOLERANCE = 1e-6;

  private static String poseAsSdf(String obabel, String pose, String title) throws IOException {
    try {
      return OpenBabel.poseToSdf(obabel, pose, title, OpenBabel.TIMEOUT);
    } catch (IOException first) {
      return OpenBabel.poseToSdf(obabel, pose, title, OpenBabel.TIMEOUT);
    }
  }

  private static List<ScoredDesign> best(List<ScoredDesign> designs) {
    List<ScoredDesign> sorted = new ArrayList<>(designs);
    sorted.sort(Comparator.comparingDouble(ScoredDesign::reward).reversed());
    return sorted;
  }
}
