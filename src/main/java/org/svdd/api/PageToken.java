package org.svdd.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.svdd.api.proto.JobStatus;

/**
 * Where a page of jobs ends: the last job's submission time and id, so jobs submitted meanwhile never shift a
 * page. Clients see it encoded and opaque; a token this service did not give is refused naming it.
 */
record PageToken(long submittedAtMs, String jobId) {

  /** The token of the page after the one ending with {@code last}. */
  static PageToken after(JobStatus last) {
    return new PageToken(last.getSubmittedAtMs(), last.getJobId());
  }

  String encoded() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((submittedAtMs + "|" + jobId).getBytes(StandardCharsets.UTF_8));
  }

  static PageToken parse(String token) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      return new PageToken(Long.parseLong(parts[0]), parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("page_token '" + SamplingGrpcService.clip(token, 64) + "' is not a token this service gave");
    }
  }
}
