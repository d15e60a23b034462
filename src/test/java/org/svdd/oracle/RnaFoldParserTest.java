package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against output recorded from RNAfold 2.5.1 (src/test/resources/rnafold). */
class RnaFoldParserTest {

  private static List<String> resource(String name) throws IOException {
    try (InputStream in = RnaFoldParserTest.class.getResourceAsStream("/rnafold/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
  }

  @Test
  void parse_recordedOutput_readsEveryStructureAndEnergy() throws IOException {
    List<String> inputs = resource("inputs.txt");
    List<String> out = resource("recorded-output.txt");
    double[] expected = {-29.90, -5.40, 0.0, -28.30};
    for (int i = 0; i < inputs.size(); i++) {
      Fold fold = RnaFoldParser.parse(inputs.get(i), out.get(2 * i), out.get(2 * i + 1));
      assertEquals(expected[i], fold.mfe(), 1e-9);
      assertEquals(inputs.get(i).length(), fold.structure().length());
    }
    assertEquals("((((....))))", RnaFoldParser.parse("GGGGAAAACCCC", out.get(2), out.get(3)).structure());
  }

  @Test
  void parse_outOfStepEcho_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RnaFoldParser.parse("ACGU", "GGGG", ".... (  0.00)"));
    assertTrue(e.getMessage().contains("out of step"));
  }

  @Test
  void parse_garbledStructureLine_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> RnaFoldParser.parse("ACGU", "ACGU", "ERROR: bad input"));
    assertThrows(IllegalArgumentException.class, () -> RnaFoldParser.parse("ACGU", "ACGU", "... (  0.00)"));
    assertThrows(IllegalArgumentException.class, () -> RnaFoldParser.parse("ACGU", "ACGU", null));
  }
}
