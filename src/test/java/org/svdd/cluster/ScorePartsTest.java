package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.ParticleStep;
import org.svdd.core.reward.Reward;

class ScorePartsTest {
  private static final List<State> DESIGNS = IntStream.range(0, 5).<State>mapToObj(i -> new TokenState(new int[] {i})).toList();
  private static final ParticleStep.Score WHOLE = new ParticleStep.Score(DESIGNS, "r");

  private static List<Reward> rewardsOf(ParticleStep.Score part) {
    return part.designs().stream().map(d -> new Reward(((TokenState) d).tokens()[0], "")).toList();
  }

  @Test
  void partsAnsweredInAnyOrder_giveTheRewardsInTheDesignsOrder() {
    ScoreParts parts = new ScoreParts(WHOLE, List.of(List.of(0, 3), List.of(2), List.of(4, 1)));
    assertEquals(3, parts.count());
    assertEquals(List.of(DESIGNS.get(0), DESIGNS.get(3)), parts.part(0).designs());
    assertEquals(List.of(DESIGNS.get(2)), parts.part(1).designs());
    assertEquals(List.of(DESIGNS.get(4), DESIGNS.get(1)), parts.part(2).designs());
    assertEquals("r", parts.part(2).reward());
    assertFalse(parts.answer(2, rewardsOf(parts.part(2))));
    assertFalse(parts.answer(0, rewardsOf(parts.part(0))));
    assertFalse(parts.answer(0, rewardsOf(parts.part(0))), "a part answered twice is still one part");
    assertThrows(IllegalStateException.class, parts::rewards, "not all parts are in");
    assertTrue(parts.answer(1, rewardsOf(parts.part(1))));
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), parts.rewards().stream().map(Reward::value).toList());
  }

  @Test
  void theWholeRequest_isOnePart() {
    ScoreParts parts = ScoreParts.whole(WHOLE);
    assertEquals(1, parts.count());
    assertEquals(DESIGNS, parts.part(0).designs());
    assertTrue(parts.answer(0, rewardsOf(parts.part(0))));
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), parts.rewards().stream().map(Reward::value).toList());
  }

  @Test
  void anAnswerOfTheWrongSize_orPartsThatDoNotHoldEachDesignOnce_areRefused() {
    ScoreParts parts = new ScoreParts(WHOLE, List.of(List.of(0, 1, 2), List.of(3, 4)));
    IllegalStateException wrong = assertThrows(IllegalStateException.class,
        () -> parts.answer(1, List.of(new Reward(1, ""))));
    assertEquals("reward worker returned 1 rewards for 2 designs", wrong.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ScoreParts(WHOLE, List.of(List.of(0, 1, 2), List.of(2, 3, 4))),
        "a design twice");
    assertThrows(IllegalArgumentException.class, () -> new ScoreParts(WHOLE, List.of(List.of(0, 1, 2), List.of(3))),
        "a design left out");
    assertThrows(IllegalArgumentException.class, () -> new ScoreParts(WHOLE, List.of(List.of(0, 1, 2, 3, 4), List.of())),
        "an empty part");
    assertThrows(IllegalArgumentException.class, () -> new ScoreParts(WHOLE, List.of(List.of(0, 1, 2, 3, 5))),
        "a design that is not there");
  }

  @Test
  void designsOfOneKey_groupTogether_inOrderOfTheirFirst_andOneWithoutAKeyStandsAlone() {
    // keys: 0 -> even, 1 -> odd, 2 -> even, 3 -> no key, 4 -> even
    List<List<Integer>> groups = ScoreParts.byKey(WHOLE, design -> {
      int token = ((TokenState) design).tokens()[0];
      if (token == 3) {
        throw new IllegalArgumentException("not a molecule");
      }
      return token % 2 == 0 ? "even" : "odd";
    });
    assertEquals(List.of(List.of(0, 2, 4), List.of(1), List.of(3)), groups);
  }
}
