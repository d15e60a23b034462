package org.svdd.core.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  private final Vocabulary selfies = new Vocabulary(List.of("[C]", "[=C]", "[Cl]", "[Ring1]", "[=O]"));

  @Test
  void encode_multiCharacterSymbols_splitByLongestMatchAndPad() {
    TokenState state = selfies.encode("[C][=C][Cl][Ring1][=O]", 7);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 5}, state.tokens());
    assertEquals("[C][=C][Cl][Ring1][=O]", selfies.decode(state));
    assertEquals(List.of("[C]", "[=C]", "[Cl]", "[Ring1]", "[=O]"), selfies.symbolsOf(state));
  }

  @Test
  void encode_unknownSymbol_namesItsPosition() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> selfies.encode("[C][N]", 7));
    assertTrue(e.getMessage().contains("position 3"), e.getMessage());
  }

  @Test
  void encode_tooManySymbols_countsSymbolsNotCharacters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> selfies.encode("[C][C][C]", 2));
    assertEquals("sequence of 3 symbols exceeds the maximum length 2", e.getMessage());
  }

  @Test
  void constructor_duplicateOrBlankSymbols_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Vocabulary(List.of("[C]", "[C]")));
    assertThrows(IllegalArgumentException.class, () -> new Vocabulary(List.of("[C]", "a b")));
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.ofCharacters(""));
  }

  @Test
  void singleCharacters_tellsHowSymbolsAreWritten() {
    assertTrue(Vocabulary.rna().singleCharacters());
    assertEquals(false, selfies.singleCharacters());
  }
}
