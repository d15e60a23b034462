package org.svdd.api;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import org.svdd.api.proto.JobSpec;

/**
 * What the job API allows: bearer tokens (when any is set, every call of the job API needs one, and the
 * token names the client), per-job size limits, a cap on each client's unfinished jobs, and optional
 * TLS. Read from {@code svdd.api}, validated at start-up.
 *
 * @param clients client name by bearer token; empty: no authentication, clients name themselves
 * @param maxParticles largest N a job may ask for
 * @param maxCandidates largest M
 * @param maxSteps largest T
 * @param maxJobsPerClient unfinished jobs one client may have at once
 * @param certChain PEM certificate chain for TLS, absent for plaintext
 * @param privateKey PEM private key for TLS
 */
public record ApiPolicy(java.util.Map<String, String> clients, int maxParticles, int maxCandidates, int maxSteps, int maxJobsPerClient,
    Optional<Path> certChain, Optional<Path> privateKey) {

  /** The client name of the single shared token {@code svdd.api.token}. */
  public static final String SHARED_TOKEN_CLIENT = "token";

  /** One shared token (empty: none), held by the client named {@value #SHARED_TOKEN_CLIENT}. */
  public ApiPolicy(String token, int maxParticles, int maxCandidates, int maxSteps, int maxJobsPerClient,
      Optional<Path> certChain, Optional<Path> privateKey) {
    this(token.isEmpty() ? java.util.Map.of() : java.util.Map.of(token, SHARED_TOKEN_CLIENT), maxParticles,
        maxCandidates, maxSteps, maxJobsPerClient, certChain, privateKey);
  }

  public ApiPolicy {
    clients = java.util.Map.copyOf(clients);
    for (var e : clients.entrySet()) {
      if (e.getKey().length() < 8) {
        throw new IllegalArgumentException("the API token of client '" + e.getValue() + "' is too short (8 characters at least)");
      }
    }
    if (maxParticles < 1 || maxCandidates < 1 || maxSteps < 1 || maxJobsPerClient < 1) {
      throw new IllegalArgumentException("svdd.api.limits must all be at least 1");
    }
    if (certChain.isPresent() != privateKey.isPresent()) {
      throw new IllegalArgumentException("svdd.api.tls needs both cert-chain and private-key, or neither");
    }
    certChain.ifPresent(file -> checkReadable("cert-chain", file));
    privateKey.ifPresent(file -> checkReadable("private-key", file));
  }

  /** A TLS file that is not there fails at start-up naming its key, not as Netty's "does not contain valid ...". */
  private static void checkReadable(String key, Path file) {
    if (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.isReadable(file)) {
      return;
    }
    String why = !java.nio.file.Files.exists(file) ? "no such file"
        : java.nio.file.Files.isDirectory(file) ? "a directory" : "permission denied";
    throw new IllegalArgumentException("svdd.api.tls." + key + " " + file + " cannot be read (" + why + ")");
  }

  /** The client holding {@code token}, compared in constant time against every known token; null if none. */
  public String clientOf(String token) {
    String found = null;
    byte[] given = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (var e : clients.entrySet()) {
      if (java.security.MessageDigest.isEqual(given, e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        found = e.getValue();
      }
    }
    return found;
  }

  /** No token, no TLS, the engine's own limits. */
  public static ApiPolicy open() {
    return new ApiPolicy("", 4096, 256, 4096, 1000, Optional.empty(), Optional.empty());
  }

  public static ApiPolicy from(Config config) {
    // values by their full paths, so that a wrong one is named by the key the user wrote
    String cert = config.getString("svdd.api.tls.cert-chain");
    String key = config.getString("svdd.api.tls.private-key");
    java.util.Map<String, String> clients = new java.util.HashMap<>();
    if (!config.getString("svdd.api.token").isEmpty()) {
      clients.put(config.getString("svdd.api.token"), SHARED_TOKEN_CLIENT);
    }
    Config named = config.getConfig("svdd.api.clients");
    for (String name : named.root().keySet()) {
      String token = config.getString("svdd.api.clients." + com.typesafe.config.ConfigUtil.quoteString(name));
      if (clients.putIfAbsent(token, name) != null) {
        throw new IllegalArgumentException("svdd.api.clients: client '" + name + "' shares its token with another");
      }
    }
    return new ApiPolicy(clients, config.getInt("svdd.api.limits.max-particles"),
        config.getInt("svdd.api.limits.max-candidates"), config.getInt("svdd.api.limits.max-steps"),
        config.getInt("svdd.api.limits.max-jobs-per-client"),
        cert.isBlank() ? Optional.empty() : Optional.of(Path.of(cert)),
        key.isBlank() ? Optional.empty() : Optional.of(Path.of(key)));
  }

  /** Rejects a (defaulted) spec that is larger than this service allows, naming the limit. */
  void checkSize(JobSpec spec) {
    limit("particles", spec.getParticles(), maxParticles, "max-particles");
    limit("candidates", spec.getCandidates(), maxCandidates, "max-candidates");
    limit("steps", spec.getSteps(), maxSteps, "max-steps");
  }

  private static void limit(String field, int value, int max, String key) {
    if (value > max) {
      throw new IllegalArgumentException(
          field + " " + value + " exceeds this service's limit svdd.api.limits." + key + " = " + max);
    }
  }
}
