package dev.switchboard.grpc.internal;

import dev.switchboard.errors.StatusCode;
import dev.switchboard.pipeline.Response;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

/**
 * Delivers a response a user filter made itself (a cache, a stub, a short-circuit) to a gRPC
 * caller, since no attempt produced it: a successful status becomes the headers, the body parsed
 * with the method's own response marshaller (none when empty) and {@code OK}; any other status
 * becomes the gRPC code it means ({@link StatusCode#ofHttp}). Stateless.
 */
final class FilterAnswer {
  private FilterAnswer() {}

  static <RespT> void deliver(Response response, MethodDescriptor<?, RespT> method, ClientCall.Listener<RespT> listener) {
    if (!response.isSuccessful()) {
      listener.onClose(Status.fromCodeValue(StatusCode.ofHttp(response.status()).grpcValue())
          .withDescription("a filter answered with status " + response.status()), new Metadata());
      return;
    }
    Metadata headers = new Metadata();
    for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
      if (!h.getKey().endsWith(Metadata.BINARY_HEADER_SUFFIX) && !h.getKey().startsWith(":")) {
        try {
          Metadata.Key<String> key = Metadata.Key.of(h.getKey(), Metadata.ASCII_STRING_MARSHALLER);
          h.getValue().forEach(v -> headers.put(key, v));
        } catch (IllegalArgumentException notAMetadataName) {
          // an HTTP header name gRPC metadata cannot carry: left out, the answer still goes
        }
      }
    }
    listener.onHeaders(headers);
    if (response.body().length > 0) {
      RespT message;
      try {
        message = method.parseResponse(new ByteArrayInputStream(response.body()));
      } catch (RuntimeException e) {
        listener.onClose(Status.INTERNAL.withDescription("a filter's answer is not a " + method.getFullMethodName()
            + " response: " + e.getMessage()).withCause(e), new Metadata());
        return;
      }
      listener.onMessage(message);
    }
    listener.onClose(Status.OK, new Metadata());
  }
}
