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
}
