package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OracleAgreementTest {
  private static final String EFFORT_1 = "vina|vina-abl|AutoDock Vina v1.2.3|receptor e51c|exhaustiveness 1|seed 1";
  private static final String EFFORT_8 = "vina|vina-abl|AutoDock Vina v1.2.3|receptor e51c|exhaustiveness 8|seed 1";

  @Test
  void answersOfOneOracle_agree_perReward() {
    OracleAgreement agreement = new OracleAgreement();
    assertTrue(agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25522").isEmpty());
    assertTrue(agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25523").isEmpty(), "another node, one oracle");
    assertTrue(agreement.check("qed", "qed|RDKit 2022.09.3", "svdd@127.0.0.1:25523").isEmpty(), "another reward");
    assertTrue(agreement.check("vina-abl", "", "svdd@127.0.0.1:25524").isEmpty(), "an answer naming no oracle");
  }

  @Test
  void anAnswerOfAnotherOracle_isRefused_namingBothNodesAndWhatDiffers() {
    OracleAgreement agreement = new OracleAgreement();
    agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25522");
    assertEquals("reward nodes score reward 'vina-abl' with different oracles: svdd@127.0.0.1:25522 with exhaustiveness "
        + "1, svdd@127.0.0.1:25523 with exhaustiveness 8 (in full: " + EFFORT_1 + "; " + EFFORT_8 + "), so a design's "
        + "reward would depend on the node that scored it: give every reward node the same oracle programs, versions "
        + "and svdd.reward settings", agreement.check("vina-abl", EFFORT_8, "svdd@127.0.0.1:25523").orElseThrow());
    assertTrue(agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25522").isEmpty(), "the first still agrees");
  }

  @Test
  void agreed_namesTheFirstOracleOfEachReward_inTheOrderHeard_withItsNode() {
    OracleAgreement agreement = new OracleAgreement();
    agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25522");
    agreement.check("qed", "qed|RDKit 2022.09.5", "svdd@127.0.0.1:25523");
    agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25523");
    agreement.check("sa", "", "svdd@127.0.0.1:25523");
    assertEquals(java.util.List.of(new OracleUse("vina-abl", EFFORT_1, "svdd@127.0.0.1:25522"),
        new OracleUse("qed", "qed|RDKit 2022.09.5", "svdd@127.0.0.1:25523")), agreement.agreed(),
        "an answer naming no oracle is not one");
    assertEquals(java.util.Map.of("vina-abl", EFFORT_1, "qed", "qed|RDKit 2022.09.5"), agreement.byReward());
  }

  @Test
  void aResumedJob_keepsTheOraclesItBeganWith_andRefusesAnother_askingForTheJobAgain() {
    OracleAgreement agreement = new OracleAgreement(java.util.Map.of("vina-abl", EFFORT_1));
    assertEquals(java.util.List.of(new OracleUse("vina-abl", EFFORT_1, OracleAgreement.EARLIER)), agreement.agreed());
    assertTrue(agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25522").isEmpty());
    assertEquals("reward 'vina-abl' is scored by another oracle than the one the job began with: the job's run before "
        + "it resumed with exhaustiveness 1, svdd@127.0.0.1:25523 with exhaustiveness 8 (in full: " + EFFORT_1 + "; "
        + EFFORT_8 + "), and one oracle's scores cannot be carried on by another's: submit the job again to run it "
        + "with this one",
        agreement.check("vina-abl", EFFORT_8, "svdd@127.0.0.1:25523").orElseThrow());
  }

  @Test
  void aProgramNamedByItsDigest_isExplained() {
    OracleAgreement agreement = new OracleAgreement();
    agreement.check("vina-abl", EFFORT_1, "svdd@127.0.0.1:25522");
    String reason = agreement.check("vina-abl", EFFORT_1.replace("AutoDock Vina v1.2.3", "sha256 285449b92b9e508d"),
        "svdd@127.0.0.1:25523").orElseThrow();
    assertTrue(reason.contains("svdd@127.0.0.1:25522 with AutoDock Vina v1.2.3, svdd@127.0.0.1:25523 with sha256 "
        + "285449b92b9e508d"), reason);
    assertTrue(reason.endsWith("svdd.reward settings (a program named 'sha256 ...' named no version when that node "
        + "asked it, so its file's bytes name it: see that it runs there, e.g. with --version)"), reason);
  }

  @Test
  void differences_listEachPartThatDiffers_orTheWholeIdentitiesWhenTheirShapesDiffer() {
    assertArrayEquals(new String[] {"v1.2.3, exhaustiveness 1", "v1.2.5, exhaustiveness 8"},
        OracleAgreement.differences("vina|v1.2.3|exhaustiveness 1|seed 1", "vina|v1.2.5|exhaustiveness 8|seed 1"));
    assertArrayEquals(new String[] {"rna-mfe|RNAfold 2.6.4", "ClassifierOracle"},
        OracleAgreement.differences("rna-mfe|RNAfold 2.6.4", "ClassifierOracle"));
  }
}
