package org.svdd.api;

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
}
