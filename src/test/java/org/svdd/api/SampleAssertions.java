package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.svdd.api.proto.SampleRecord;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.Sample;

/** Compares a job's served samples with a reference run's, sample by sample. */
final class SampleAssertions {
  private SampleAssertions() {}

  static void assertSameSamples(List<Sample> reference, List<SampleRecord> served, Vocabulary vocabulary) {
    assertEquals(reference.size(), served.size());
    for (int i = 0; i < served.size(); i++) {
      Sample want = reference.get(i);
      assertEquals(want.particle(), served.get(i).getParticle(), "sample " + i);
      assertEquals(vocabulary.decode((TokenState) want.design()), served.get(i).getSequence(), "sample " + i);
      assertEquals(want.reward().value(), served.get(i).getReward(), "sample " + i);
    }
  }
}
