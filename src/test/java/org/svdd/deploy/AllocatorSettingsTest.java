package org.svdd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * glibc's allocator settings (docs/benchmarks.md, "The noise was the allocator": without them the denoising
 * thread spends up to a third of its time faulting pages back in) are written in three places, the launcher,
 * the test JVM's environment and the container image; they must say the same, and the launcher must keep a
 * user's own.
 */
class AllocatorSettingsTest {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  private static final Pattern VALUE = Pattern.compile("glibc\\.malloc\\.[a-z_]+=\\d+(?::glibc\\.malloc\\.[a-z_]+=\\d+)*");

  private static String valueIn(String file) throws IOException {
    Matcher m = VALUE.matcher(Files.readString(HOME.resolve(file)));
    assertTrue(m.find(), file + " sets no GLIBC_TUNABLES");
    return m.group();
  }

  @Test
  void launcherSurefireAndImage_setOneValue_andTheLauncherKeepsTheUsersOwn() throws IOException {
    String launcher = valueIn("bin/svdd");
    assertTrue(launcher.contains("glibc.malloc.mmap_threshold=") && launcher.contains("glibc.malloc.trim_threshold="),
        launcher);
    assertEquals(launcher, valueIn("pom.xml"));
    assertEquals(launcher, valueIn("deploy/k8s/Dockerfile"));
    assertEquals(launcher, System.getenv("GLIBC_TUNABLES"), "the test JVM runs with the launcher's settings");
    assertTrue(Files.readString(HOME.resolve("bin/svdd")).contains("GLIBC_TUNABLES=\"${GLIBC_TUNABLES:-" + launcher + "}\""),
        "the launcher sets its value only when the user has none");
  }
}
