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
    ScoreParts parts = new ScoreParts(WHOLE, List.of(2, 1, 2));
    assertEquals(3, parts.count());
    assertEquals(DESIGNS.subList(0, 2), parts.part(0).designs());
    assertEquals(DESIGNS.subList(2, 3), parts.part(1).designs());
    assertEquals(DESIGNS.subList(3, 5), parts.part(2).designs());
    assertEquals("r", parts.part(2).reward());
    assertFalse(parts.answer(2, rewardsOf(parts.part(2))));
    assertFalse(parts.answer(0, rewardsOf(parts.part(0))));
    assertFalse(parts.answer(0, rewardsOf(parts.part(0))), "a part answered twice is still one part");
    assertThrows(IllegalStateException.class, parts::rewards, "not all parts are in");
    assertTrue(parts.answer(1, rewardsOf(parts.part(1))));
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), parts.rewards().stream().map(Reward::value).toList());
  }

  @Test
  void anAnswerOfTheWrongSize_orSizesThatDoNotAddUp_areRefused() {
    ScoreParts parts = new ScoreParts(WHOLE, List.of(3, 2));
    IllegalStateException wrong = assertThrows(IllegalStateException.class,
        () -> parts.answer(1, List.of(new Reward(1, ""))));
    assertEquals("reward worker returned 1 rewards for 2 designs", wrong.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ScoreParts(WHOLE, List.of(3, 3)));
    assertThrows(IllegalArgumentException.class, () -> new ScoreParts(WHOLE, List.of(5, 0)));
  }
}
