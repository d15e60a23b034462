package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CardSectionsTest {
  private static final String NEW = "## Sample quality\n\nFD 30\n";

  @Test
  void aSectionWrittenAgain_replacesTheOldInItsPlace() {
    String card = "# Model\n\n## Data\n\nsome\n\n## Sample quality\n\nFD 36, and prose about it\n\n## Steering\n\nmore\n";
    String once = CardSections.put(card, "## Sample quality", NEW);
    assertEquals("# Model\n\n## Data\n\nsome\n\n## Sample quality\n\nFD 30\n\n## Steering\n\nmore\n", once);
    assertEquals(once, CardSections.put(once, "## Sample quality", NEW), "writing it twice changes nothing");
  }

  @Test
  void aLastSection_orNone_isReplacedOrAppended() {
    assertEquals("# Model\n\n## Sample quality\n\nFD 30\n",
        CardSections.put("# Model\n\n## Sample quality\n\nFD 36\n", "## Sample quality", NEW));
    assertEquals("# Model\n\nintro\n\n## Sample quality\n\nFD 30\n", CardSections.put("# Model\n\nintro\n",
        "## Sample quality", NEW));
    assertEquals("# Model\n\n## Sample qualityish\n\nx\n\n## Sample quality\n\nFD 30\n",
        CardSections.put("# Model\n\n## Sample qualityish\n\nx\n", "## Sample quality", NEW), "a header that only "
            + "begins the same is another section");
  }
}
