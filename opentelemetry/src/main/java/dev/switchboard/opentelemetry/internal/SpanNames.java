package dev.switchboard.opentelemetry.internal;

import dev.switchboard.telemetry.CallInfo;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;

/**
 * Span names and the attributes every span of a call carries, after OpenTelemetry's HTTP and RPC
 * semantic conventions: HTTP spans are named {@code {method} {url.template}} (just the method when
 * the template is unknown: never the raw path), gRPC spans {@code {rpc.service}/{rpc.method}}.
 */
final class SpanNames {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> RPC_GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
  static final AttributeKey<String> SERVICE = AttributeKey.stringKey("switchboard.service");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.attempt");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("switchboard.attempts");
  static final AttributeKey<Boolean> HEDGE = AttributeKey.booleanKey("switchboard.hedge");
  static final AttributeKey<String> CANCEL_REASON = AttributeKey.stringKey("switchboard.cancel.reason");
  static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("switchboard.correlation_id");

  private SpanNames() {}

  static String name(CallInfo call) {
    if (call.isGrpc()) {
      return call.template().startsWith("/") ? call.template().substring(1) : call.template();
    }
    return call.hasTemplate() ? call.method() + " " + call.template() : call.method();
  }

  /** The call's own attributes, shared by the call span and its attempts. */
  static void callAttributes(CallInfo call, SpanBuilder b) {
    b.setAttribute(SERVICE, call.service());
    b.setAttribute(CORRELATION_ID, call.correlationId());
    if (call.isGrpc()) {
      String full = call.template().startsWith("/") ? call.template().substring(1) : call.template();
      int slash = full.lastIndexOf('/');
      b.setAttribute(RPC_SYSTEM, "grpc");
      b.setAttribute(RPC_SERVICE, slash > 0 ? full.substring(0, slash) : full);
      b.setAttribute(RPC_METHOD, slash > 0 ? full.substring(slash + 1) : full);
    } else {
      b.setAttribute(METHOD, call.method());
      if (call.hasTemplate()) {
        b.setAttribute(TEMPLATE, call.template());
      }
    }
  }
}
