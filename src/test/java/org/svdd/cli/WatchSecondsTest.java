package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** {@code svdd watch --reconnect-for}: seconds, bare or with a unit. */
class WatchSecondsTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "90, 90", "90s, 90", "5m, 300", "1h, 3600", "' 2m ', 120", "10 s, 10"})
  void aTime_isReadAsWholeSeconds(String given, long seconds) {
    assertEquals(seconds, new WatchCommand.Seconds().convert(given));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1.5m", "5x", "m", "2d", "9999999999"})
  void anythingElse_isRefusedNamingTheForms(String given) {
    TypeConversionException e = assertThrows(TypeConversionException.class, () -> new WatchCommand.Seconds().convert(given));
    assertEquals("'" + given + "' is not a time: give seconds (90), or a number with s, m or h (90s, 5m, 1h)",
        e.getMessage());
  }
}
