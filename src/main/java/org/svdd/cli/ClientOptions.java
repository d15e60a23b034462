package org.svdd.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.svdd.api.proto.SamplingServiceGrpc;
import picocli.CommandLine.Option;

/** Where the job API is, for the client commands. */
final class ClientOptions {
  /** The largest answer taken from the server. */
  static final int MAX_MESSAGE_BYTES = 64 << 20;

  @Option(names = "--server", defaultValue = "${env:SVDD_SERVER:-127.0.0.1:50051}",
      description = "host:port of an api node, or several separated by commas, tried in order (env SVDD_SERVER;"
          + " default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--token", defaultValue = "${env:SVDD_API_TOKEN:-}",
      description = "Bearer token, needed for every call once the service sets tokens (env SVDD_API_TOKEN).")
  String token;

  @Option(names = "--tls-ca", description = "PEM certificate(s) to trust: talk TLS to the server.")
  java.nio.file.Path tlsCa;

  @Option(names = "--client-id", defaultValue = "${env:SVDD_CLIENT_ID:-}",
      description = "Who you are, for per-client job limits (env SVDD_CLIENT_ID; default: your address).")
  String clientId;

  ManagedChannel channel() throws java.io.IOException {
    String target = ApiAddresses.target(server);
    if (tlsCa != null) {
      if (!java.nio.file.Files.isReadable(tlsCa)) {
        throw new IllegalArgumentException("--tls-ca " + tlsCa + " cannot be read");
      }
      if (!java.nio.file.Files.readString(tlsCa, java.nio.charset.StandardCharsets.ISO_8859_1)
          .contains("-----BEGIN CERTIFICATE-----")) {
        throw new IllegalArgumentException("--tls-ca " + tlsCa + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
    }
    io.grpc.ManagedChannelBuilder<?> builder = tlsCa == null
        ? ManagedChannelBuilder.forTarget(target).usePlaintext()
        : io.grpc.Grpc.newChannelBuilder(target, io.grpc.TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build());
    io.grpc.Metadata headers = new io.grpc.Metadata();
    if (!token.isBlank()) {
      headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }
    if (!clientId.isBlank()) {
      headers.put(io.grpc.Metadata.Key.of("x-svdd-client", io.grpc.Metadata.ASCII_STRING_MARSHALLER), clientId);
    }
    // a listing's page of 1,000 statuses is about 0.5 MB; gRPC's default 4 MB would refuse one of long statuses
    return builder.maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)).build();
  }

  /**
   * The options another client command needs to reach the same server, as a user would type them:
   * {@code --server} unless it is what the command would use anyway, and {@code --tls-ca}; never the token.
   */
  String reachSameServer() {
    String usual = System.getenv().getOrDefault("SVDD_SERVER", "127.0.0.1:50051");
    return (server.equals(usual) ? "" : " --server " + server) + (tlsCa == null ? "" : " --tls-ca " + tlsCa);
  }

  /** A stub for calls that answer at once. */
  static SamplingServiceGrpc.SamplingServiceBlockingStub quick(ManagedChannel channel) {
    return SamplingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static void close(ManagedChannel channel) {
    channel.shutdownNow();
  }
}
