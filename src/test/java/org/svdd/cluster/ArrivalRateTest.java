package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArrivalRateTest {
  private static final long MS = 1_000_000;

  @Test
  void beforeTwoRequests_companyIsAssumedToCome() {
    ArrivalRate rate = new ArrivalRate();
    assertEquals(0, rate.nanosPerRow(0));
    rate.note(0, 10);
    assertEquals(0, rate.nanosPerRow(5 * MS));
  }

  @Test
  void steadyRequests_giveTheirGapPerRow() {
    ArrivalRate rate = new ArrivalRate();
    for (int i = 0; i <= 20; i++) {
      rate.note(i * 20 * MS, 10);
    }
    assertEquals(2 * MS, rate.nanosPerRow(400 * MS + 5 * MS), "10 rows every 20 ms: 2 ms per row");
  }

  @Test
  void aSilenceOverTwiceTheUsualGap_meansNoCompanyIsComing() {
    ArrivalRate rate = new ArrivalRate();
    for (int i = 0; i <= 20; i++) {
      rate.note(i * 20 * MS, 10);
    }
    long last = 400 * MS;
    assertEquals(2 * MS, rate.nanosPerRow(last + 40 * MS));
    assertEquals(Long.MAX_VALUE, rate.nanosPerRow(last + 40 * MS + ArrivalRate.SLACK_NANOS + 1));
  }

  @Test
  void recentRequestsWeighMore() {
    ArrivalRate rate = new ArrivalRate();
    for (int i = 0; i <= 20; i++) {
      rate.note(i * 20 * MS, 10);
    }
    long t = 400 * MS;
    for (int i = 1; i <= 20; i++) {
      rate.note(t + i * 2 * MS, 10);
    }
    long perRow = rate.nanosPerRow(t + 41 * MS);
    assertEquals(0.2 * MS, perRow, 0.05 * MS, "after twenty requests 2 ms apart the old 20 ms gap is nearly forgotten");
  }
}
