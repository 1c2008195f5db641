package dev.switchboard.grpc;

import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.RetryBudget;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.Objects;
import java.util.Optional;

/**
 * The former retry and hedging interceptor of gRPC channels; calls now run through the same call
 * pipeline as HTTP calls, and this class forwards to a {@link SwitchboardClientInterceptor}.
 *
 * @deprecated use {@link SwitchboardClientInterceptor#create(GrpcChannelOptions)} (or
 *     {@link SwitchboardGrpc#clientInterceptors}); the live budget and hedge delay are on
 *     {@code pipeline().policies()}
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class AttemptsClientInterceptor implements ClientInterceptor {
  private final SwitchboardClientInterceptor delegate;

  private AttemptsClientInterceptor(SwitchboardClientInterceptor delegate) {
    this.delegate = delegate;
  }

  /** An interceptor running {@code options}: {@link SwitchboardClientInterceptor#create(GrpcChannelOptions)}. */
  public static AttemptsClientInterceptor create(GrpcChannelOptions options) {
    return new AttemptsClientInterceptor(SwitchboardClientInterceptor.create(Objects.requireNonNull(options, "options")));
  }

  /** The live hedge delay of this channel (empty when hedging is off). */
  public Optional<HedgeDelay> hedgeDelay() {
    return delegate.pipeline().policies().hedgeDelay();
  }

  /** The budget every retry and hedge of this channel pays from. */
  public RetryBudget budget() {
    return delegate.pipeline().policies().retryBudget();
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    return delegate.interceptCall(method, callOptions, next);
  }

  @Override
  public String toString() {
    return "AttemptsClientInterceptor[" + delegate + "]";
  }
}
