package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.api.proto.JobStatus;

class PageTokenTest {

  @ParameterizedTest
  @ValueSource(strings = {"3f1c2b9e-8a1d-4c3e-9f00-123456789abc", "a|b", "", "é"})
  void aTokenGiven_parsesBackToTheJobItNames(String id) {
    JobStatus last = JobStatus.newBuilder().setJobId(id).setSubmittedAtMs(1_764_700_000_123L).build();
    PageToken token = PageToken.after(last);
    assertEquals(new PageToken(1_764_700_000_123L, id), PageToken.parse(token.encoded()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage!", "MTIz", "eHl6fGlk", " "})
  void aTokenNotGiven_isRefusedNamingIt(String token) {
    // "MTIz" is "123" (no id), "eHl6fGlk" is "xyz|id" (no time)
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PageToken.parse(token));
    assertTrue(e.getMessage().contains("page_token '" + token + "' is not a token this service gave"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void theEncodingIsUrlSafeWithoutPadding() {
    String encoded = new PageToken(1, "?>").encoded();
    assertEquals("1|?>", new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
  }
}
