package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svdd.api} as an operator writes it: what a node accepts at start-up, and the one line it refuses with. */
class ApiPolicyTest {
  @TempDir Path dir;

  private static Config api(String settings) {
    return ConfigFactory.parseString(settings).withFallback(ConfigFactory.load());
  }

  private static String refusal(String settings) {
    return assertThrows(IllegalArgumentException.class, () -> ApiPolicy.from(api(settings))).getMessage();
  }

  @Test
  void tokens_nameTheirClients_andTheSharedOneIsClientToken() {
    ApiPolicy policy = ApiPolicy.from(api("svdd.api.token = \"shared-secret\"\n"
        + "svdd.api.clients { alice = \"alice-secret\", \"bob.lab\" = \"bob-secret\" }"));
    assertEquals("token", policy.clientOf("shared-secret"));
    assertEquals("alice", policy.clientOf("alice-secret"));
    assertEquals("bob.lab", policy.clientOf("bob-secret"), "a quoted name with a dot is one client");
    assertNull(policy.clientOf("alice-secreT"));
  }

  @Test
  void badTokensAndLimits_areRefusedNamingTheSetting() {
    assertEquals("the API token of client 'alice' is too short (8 characters at least)",
        refusal("svdd.api.clients { alice = \"short\" }"));
    String shared = refusal("svdd.api.clients { alice = \"same-secret\", bob = \"same-secret\" }");
    assertTrue(shared.matches("svdd\\.api\\.clients: client '(alice|bob)' shares its token with another"), shared);
    assertEquals("svdd.api.limits must all be at least 1", refusal("svdd.api.limits.max-steps = 0"));
    var wrongType = assertThrows(com.typesafe.config.ConfigException.class,
        () -> ApiPolicy.from(api("svdd.api.limits.max-steps = many")));
    assertTrue(wrongType.getMessage().contains("svdd.api.limits.max-steps has type STRING"), wrongType.getMessage());
  }

  @Test
  void tls_needsBothFiles_andFilesThatCanBeRead() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
    assertEquals("svdd.api.tls needs both cert-chain and private-key, or neither",
        refusal("svdd.api.tls.cert-chain = \"" + cert + "\""));
    Path missing = dir.resolve("no-such.key");
    assertEquals("svdd.api.tls.private-key " + missing + " cannot be read (no such file)",
        refusal("svdd.api.tls { cert-chain = \"" + cert + "\", private-key = \"" + missing + "\" }"));
    assertEquals("svdd.api.tls.cert-chain " + dir + " cannot be read (a directory)",
        refusal("svdd.api.tls { cert-chain = \"" + dir + "\", private-key = \"" + cert + "\" }"));
    ApiPolicy policy = ApiPolicy.from(api("svdd.api.tls { cert-chain = \"" + cert + "\", private-key = \"" + cert + "\" }"));
    assertEquals(cert, policy.certChain().orElseThrow());
  }
}
