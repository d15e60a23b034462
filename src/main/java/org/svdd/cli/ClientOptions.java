package org.svdd.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.svdd.api.proto.SamplingServiceGrpc;
import picocli.CommandLine.Option;

/** Where the job API is, for the client commands. */
final class ClientOptions {
  @Option(names = "--server", defaultValue = "${env:SVDD_SERVER:-127.0.0.1:50051}",
      description = "host:port of an api node (env SVDD_SERVER; default: ${DEFAULT-VALUE}).")
  String server;

  ManagedChannel channel() {
    return ManagedChannelBuilder.forTarget(server).usePlaintext().build();
  }

  /** A stub for calls that answer at once. */
  static SamplingServiceGrpc.SamplingServiceBlockingStub quick(ManagedChannel channel) {
    return SamplingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static void close(ManagedChannel channel) {
    channel.shutdownNow();
  }
}
