package org.svdd.api;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The gRPC server of an {@code api} node: the sampling service, gRPC health and reflection. */
public final class ApiServer implements AutoCloseable {
  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final SamplingGrpcService service;

  public ApiServer(String host, int port, JobRegistry registry) throws IOException {
    this(host, port, registry, ApiPolicy.open());
  }

  /** Serves with the policy's token check and, when it names certificate files, TLS. */
  public ApiServer(String host, int port, JobRegistry registry, ApiPolicy policy) throws IOException {
    this.service = new SamplingGrpcService(registry);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(ServerInterceptors.intercept(StrictRequests.of(service.bindService()),
            new BearerTokenInterceptor(policy)))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    if (policy.certChain().isPresent()) {
      builder.useTransportSecurity(policy.certChain().get().toFile(), policy.privateKey().get().toFile());
    }
    try {
      this.server = builder.build().start();
    } catch (IOException e) {
      throw new IOException("cannot serve the API on " + host + ":" + port + ": " + (bindFailure(e)
          ? "the port is taken (another svdd serve? choose another with --api-port, or 0 for any free one)"
          : e.getMessage()), e);
    }
  }

  /** Whether the port is taken: a JDK BindException, or Netty's native transport's EADDRINUSE. */
  private static boolean bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  public int port() {
    return server.getPort();
  }

  /**
   * What gRPC health reports for the whole server and the sampling service: SERVING only while this node
   * is in a cluster that can run jobs (a reachable coordinator), so a load balancer skips a lonely node.
   */
  public void setServing(boolean serving) {
    io.grpc.health.v1.HealthCheckResponse.ServingStatus status = serving
        ? io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING
        : io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
    health.setStatus("", status);
    health.setStatus(org.svdd.api.proto.SamplingServiceGrpc.SERVICE_NAME, status);
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws InterruptedException {
    health.enterTerminalState();
    service.endWatches(); // watchers hear UNAVAILABLE now and may watch again, not a reset stream 10 s on
    server.shutdown();
    if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
  }
}
