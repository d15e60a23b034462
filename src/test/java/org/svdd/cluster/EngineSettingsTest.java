package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad duration in the engine's settings is refused with the key and the value in plain units, not "PT-1S". */
class EngineSettingsTest {
  static Stream<Arguments> badDurations() {
    return Stream.of(
        Arguments.of("svdd.routing.job-keep-alive = -1s", "svdd.routing.job-keep-alive must be positive, got -1000 ms"),
        Arguments.of("svdd.routing.job-keep-alive = 0s", "svdd.routing.job-keep-alive must be positive, got 0 ms"),
        Arguments.of("svdd.denoise.max-delay = -5ms", "svdd.denoise.max-delay must not be negative, got -5 ms"),
        Arguments.of("svdd.routing.another-worker-wait = -2s",
            "svdd.routing.another-worker-wait must not be negative, got -2000 ms"));
  }

  @ParameterizedTest
  @MethodSource("badDurations")
  void from_aBadDuration_namesTheKeyAndTheValueInMilliseconds(String setting, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineSettings.from(ConfigFactory.parseString(setting).withFallback(ConfigFactory.load())));
    assertEquals(message, e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void from_anotherWorkerWait_isTheConfiguredOne_tenSecondsByDefault() {
    assertEquals(java.time.Duration.ofSeconds(10), EngineSettings.from(ConfigFactory.load()).anotherWorkerWait());
    assertEquals(java.time.Duration.ZERO, EngineSettings.from(ConfigFactory.parseString(
        "svdd.routing.another-worker-wait = 0s").withFallback(ConfigFactory.load())).anotherWorkerWait());
  }

  /** A value of the wrong type is named by the key the user wrote, not by its path below {@code svdd}. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"svdd.denoise.max-batch", "svdd.store.checkpoint-every",
      "svdd.routing.request-timeout", "svdd.routing.another-worker-wait"})
  void from_aValueOfTheWrongType_namesTheFullKey(String key) {
    var e = assertThrows(com.typesafe.config.ConfigException.class,
        () -> EngineSettings.from(ConfigFactory.parseString(key + " = abc").withFallback(ConfigFactory.load())));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
