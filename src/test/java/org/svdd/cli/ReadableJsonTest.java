package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.api.proto.SampleRecord;

/** Outputs spell SMILES as themselves, and read back as the same records. */
class ReadableJsonTest {
  @ParameterizedTest
  @ValueSource(strings = {"O=C(O)c1ccccc1", "C<>&'=", "a\\u003db", "a\\\\u003d", "\\", "x\\\\", "\\u003d\\\\\\u003c"})
  void printed_spellsHtmlCharactersAsThemselves_andParsesBackToTheSameRecord(String sequence) throws Exception {
    SampleRecord record = SampleRecord.newBuilder().setSequence(sequence).setStructure("affinity -7.3 kcal/mol")
        .setMethod("svdd").build();
    String json = ReadableJson.print(JsonFormat.printer().omittingInsignificantWhitespace(), record);
    SampleRecord.Builder back = SampleRecord.newBuilder();
    JsonFormat.parser().merge(json, back);
    assertEquals(record, back.build(), json);
    if (!sequence.contains("\\")) {
      assertTrue(json.contains("\"sequence\":\"" + sequence.replace("\"", "\\\"") + "\""), json);
    }
  }

  /** One line of JSON that reads back to the same status, '=' (in a note, a SMILES) written as itself. */
  @org.junit.jupiter.api.Test
  void oneLine_readsBackToTheSameMessage() throws Exception {
    org.svdd.api.proto.JobStatus noted = org.svdd.api.proto.JobStatus.newBuilder().setJobId("j")
        .setState(org.svdd.api.proto.JobState.RUNNING).setSubmittedAtMs(1_500).setNote("best so far C=O")
        .setValueQ90(Double.NaN).build();
    String line = ReadableJson.oneLine(noted);
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains("\"note\":\"best so far C=O\""), line);
    org.svdd.api.proto.JobStatus.Builder back = org.svdd.api.proto.JobStatus.newBuilder();
    JsonFormat.parser().merge(line, back);
    assertEquals(noted, back.build());
  }
}
