package org.svdd.api;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Answers a request whose bytes are not a valid message with INVALID_ARGUMENT (the client's fault),
 * instead of gRPC's UNKNOWN and a logged stack trace: each request is read as bytes, checked against
 * the method's message type, and only then handed on.
 */
final class StrictRequests {
  private StrictRequests() {}

  static ServerServiceDefinition of(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service), new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        MethodDescriptor<?, ?> typed = service.getMethod(call.getMethodDescriptor().getFullMethodName())
            .getMethodDescriptor();
        return new Checked<>(next.startCall(call, headers), call, typed);
      }
    });
  }

  private static final class Checked<Q, A> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, A> call;
    private final MethodDescriptor<?, ?> typed;
    private boolean refused;

    Checked(ServerCall.Listener<Q> delegate, ServerCall<Q, A> call, MethodDescriptor<?, ?> typed) {
      super(delegate);
      this.call = call;
      this.typed = typed;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      byte[] bytes;
      try {
        bytes = ((InputStream) message).readAllBytes();
        typed.parseRequest(new ByteArrayInputStream(bytes));
      } catch (IOException | RuntimeException e) {
        refused = true;
        call.close(Status.INVALID_ARGUMENT.withDescription(
            "the request to " + typed.getBareMethodName() + " is not a valid protobuf message"), new Metadata());
        return;
      }
      super.onMessage((Q) new ByteArrayInputStream(bytes));
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }
  }
}
