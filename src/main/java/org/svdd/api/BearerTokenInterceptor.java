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
import java.util.Set;
import org.svdd.api.proto.SamplingServiceGrpc;

/**
 * Identifies the client of each call. Without tokens the client names itself (header
 * {@code x-svdd-client}, else its address). With tokens every call, reads included, needs
 * {@code authorization: Bearer <token>} (the scheme in any case, RFC 6750), and the token, not a header
 * the caller chooses, names the client whose quota applies.
 */
final class BearerTokenInterceptor implements ServerInterceptor {
  static final Context.Key<String> CLIENT = Context.key("svdd-client");
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CLIENT_ID = Metadata.Key.of("x-svdd-client", Metadata.ASCII_STRING_MARSHALLER);

  private final ApiPolicy policy;

  BearerTokenInterceptor(ApiPolicy policy) {
    this.policy = policy;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    String client;
    if (!policy.clients().isEmpty()) {
      String given = headers.get(AUTHORIZATION);
      if (given == null || !given.regionMatches(true, 0, "Bearer ", 0, 7)) {
        call.close(Status.UNAUTHENTICATED.withDescription("missing bearer token (authorization: Bearer <token>)"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      client = policy.clientOf(given.substring(7).trim());
      if (client == null) {
        call.close(Status.UNAUTHENTICATED.withDescription("invalid bearer token"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
    } else {
      client = headers.get(CLIENT_ID);
      if (client == null || client.isBlank()) {
        client = host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
      }
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
