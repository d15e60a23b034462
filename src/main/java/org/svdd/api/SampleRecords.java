package org.svdd.api;

import java.util.List;
import java.util.Locale;
import java.util.function.BinaryOperator;
import org.svdd.api.proto.SampleRecord;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.method.Sample;

/** The protobuf record of a sample: its text, reward and oracle detail (naturalness is added by callers that have it). */
public final class SampleRecords {
  private SampleRecords() {}

  public static SampleRecord.Builder of(String method, Sample sample, DesignCodec codec) {
    return SampleRecord.newBuilder()
        .setMethod(method)
        .setParticle(sample.particle())
        .setSequence(codec.text(sample.design()))
        .setReward(sample.reward().value())
        .setStructure(sample.reward().detail());
  }

  /**
   * A job's samples as a design file of its task, each named {@code METHOD-PARTICLE reward=R} (what {@code svdd
   * results} prints and the dashboard downloads).
   *
   * @param record one design as a record of the file, newline included, given its name and text (FASTA, a SMILES line)
   */
  public static String designFile(List<SampleRecord> samples, BinaryOperator<String> record) {
    StringBuilder text = new StringBuilder();
    for (SampleRecord s : samples) {
      text.append(record.apply(String.format(Locale.ROOT, "%s-%d reward=%.2f", s.getMethod(), s.getParticle(),
          s.getReward()), s.getSequence()));
    }
    return text.toString();
  }
}
