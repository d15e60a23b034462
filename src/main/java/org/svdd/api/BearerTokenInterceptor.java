package org.svdd.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.svdd.api.proto.SamplingServiceGrpc;

/**
 * Identifies the client of each call (header {@code x-svdd-client}, else its address) and, when a token
 * is configured, requires {@code authorization: Bearer <token>} on the calls that change state
 * (SubmitJob, CancelJob). Reading calls stay open.
 */
final class BearerTokenInterceptor implements ServerInterceptor {
  static final Context.Key<String> CLIENT = Context.key("svdd-client");
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CLIENT_ID = Metadata.Key.of("x-svdd-client", Metadata.ASCII_STRING_MARSHALLER);
  private static final Set<String> GUARDED = Set.of(
      SamplingServiceGrpc.getSubmitJobMethod().getFullMethodName(),
      SamplingServiceGrpc.getCancelJobMethod().getFullMethodName());

  private final String token;

  BearerTokenInterceptor(String token) {
    this.token = token;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    if (!token.isEmpty() && GUARDED.contains(call.getMethodDescriptor().getFullMethodName())) {
      String given = headers.get(AUTHORIZATION);
      if (given == null || !given.regionMatches(true, 0, "Bearer ", 0, 7)) {
        call.close(Status.UNAUTHENTICATED.withDescription("missing bearer token (authorization: Bearer <token>)"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      if (!MessageDigest.isEqual(given.substring(7).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
        call.close(Status.UNAUTHENTICATED.withDescription("invalid bearer token"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
    }
    String client = headers.get(CLIENT_ID);
    if (client == null || client.isBlank()) {
      client = host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    }
    return Contexts.interceptCall(Context.current().withValue(CLIENT, client), call, headers, next);
  }

  private static String host(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
    }
    return address == null ? "unknown" : address.toString();
  }
}
