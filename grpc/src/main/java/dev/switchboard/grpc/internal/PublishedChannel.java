package dev.switchboard.grpc.internal;

import dev.switchboard.telemetry.DestinationStates;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ForwardingChannelBuilder2;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A channel built by {@code SwitchboardGrpc.channelBuilder}, whose live state (its call pipeline's
 * {@code DestinationState}) is listed by {@code DestinationStates.all()} from {@code build()} until
 * the channel is shut down: the admin page and the Micrometer gauges see a gRPC channel exactly as
 * they see an HTTP client. Everything else is the grpc-java channel it wraps.
 *
 * <p>Thread-safe; closing the registration is idempotent, so {@code shutdown()} then
 * {@code shutdownNow()} is harmless.
 */
public final class PublishedChannel extends ManagedChannel {
  private final ManagedChannel delegate;
  private final DestinationStates.Registration registration;

  private PublishedChannel(ManagedChannel delegate, DestinationStates.Registration registration) {
    this.delegate = delegate;
    this.registration = registration;
  }

  /**
   * {@code builder}, whose {@code build()} returns a channel publishing the state
   * {@code publish} registers (called once per channel built).
   */
  public static ManagedChannelBuilder<?> builder(ManagedChannelBuilder<?> builder,
      Supplier<DestinationStates.Registration> publish) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(publish, "publish");
    return new Builder(builder, publish);
  }

  @Override
  public ManagedChannel shutdown() {
    registration.close();
    delegate.shutdown();
    return this;
  }

  @Override
  public ManagedChannel shutdownNow() {
    registration.close();
    delegate.shutdownNow();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public ConnectivityState getState(boolean requestConnection) {
    return delegate.getState(requestConnection);
  }

  @Override
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    delegate.notifyWhenStateChanged(source, callback);
  }

  @Override
  public void resetConnectBackoff() {
    delegate.resetConnectBackoff();
  }

  @Override
  public void enterIdle() {
    delegate.enterIdle();
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
    return delegate.newCall(method, options);
  }

  @Override
  public String authority() {
    return delegate.authority();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /** grpc-java's builder, every setting forwarded; only {@code build()} adds the publication. */
  private static final class Builder extends ForwardingChannelBuilder2<Builder> {
    private final ManagedChannelBuilder<?> delegate;
    private final Supplier<DestinationStates.Registration> publish;

    Builder(ManagedChannelBuilder<?> delegate, Supplier<DestinationStates.Registration> publish) {
      this.delegate = delegate;
      this.publish = publish;
    }

    @Override
    protected ManagedChannelBuilder<?> delegate() {
      return delegate;
    }

    @Override
    public ManagedChannel build() {
      ManagedChannel channel = delegate.build();
      return new PublishedChannel(channel, publish.get());
    }
  }
}
