package org.svdd.api;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import org.svdd.api.proto.JobSpec;

/**
 * What the job API allows: an optional bearer token for submit and cancel, per-job size limits, a cap
 * on each client's unfinished jobs, and optional TLS. Read from {@code svdd.api}, validated at start-up.
 *
 * @param token required bearer token, empty for none
 * @param maxParticles largest N a job may ask for
 * @param maxCandidates largest M
 * @param maxSteps largest T
 * @param maxJobsPerClient unfinished jobs one client may have at once
 * @param certChain PEM certificate chain for TLS, absent for plaintext
 * @param privateKey PEM private key for TLS
 */
public record ApiPolicy(String token, int maxParticles, int maxCandidates, int maxSteps, int maxJobsPerClient,
    Optional<Path> certChain, Optional<Path> privateKey) {

  public ApiPolicy {
    if (maxParticles < 1 || maxCandidates < 1 || maxSteps < 1 || maxJobsPerClient < 1) {
      throw new IllegalArgumentException("svdd.api.limits must all be at least 1");
    }
    if (certChain.isPresent() != privateKey.isPresent()) {
      throw new IllegalArgumentException("svdd.api.tls needs both cert-chain and private-key, or neither");
    }
  }

  /** No token, no TLS, the engine's own limits. */
  public static ApiPolicy open() {
    return new ApiPolicy("", 4096, 256, 4096, 1000, Optional.empty(), Optional.empty());
  }

  public static ApiPolicy from(Config config) {
    Config api = config.getConfig("svdd.api");
    String cert = api.getString("tls.cert-chain");
    String key = api.getString("tls.private-key");
    return new ApiPolicy(api.getString("token"), api.getInt("limits.max-particles"),
        api.getInt("limits.max-candidates"), api.getInt("limits.max-steps"),
        api.getInt("limits.max-jobs-per-client"),
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
