package dev.switchboard.grpc.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.LoadBalancer.PickResult;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Wakes an idle grpc-java channel. A channel creates its name resolver and load balancer only
 * when a call starts (and again after its idle timeout), while the call pipeline waits for that
 * balancer before it starts any attempt. So while attempts wait, one wake-up call is started: it
 * takes the channel out of idle, waits in grpc-java's queue for the first picker, and the
 * Switchboard {@link SubchannelRouter} drops it there. It never reaches the network.
 *
 * <p>Thread-safe: at most one wake-up call is in flight per link.
 */
final class ChannelWakeUp {
  /** Marks the wake-up call for the router. */
  static final CallOptions.Key<Boolean> KEY = CallOptions.Key.create("switchboard.wake-up");
  private static final String DROPPED = "switchboard: channel woken up";
  private static final MethodDescriptor.Marshaller<Void> NOTHING = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(Void value) {
      return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public Void parse(InputStream stream) {
      return null;
    }
  };
  private static final MethodDescriptor<Void, Void> METHOD = MethodDescriptor.<Void, Void>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("switchboard.Channel/WakeUp")
      .setRequestMarshaller(NOTHING).setResponseMarshaller(NOTHING)
      .build();

  private final AtomicBoolean inFlight = new AtomicBoolean();

  /** What the router answers a wake-up call with: dropped, nothing sent. */
  static PickResult drop() {
    return PickResult.withDrop(Status.UNAVAILABLE.withDescription(DROPPED));
  }

  /**
   * Starts a wake-up call on {@code channel} unless one is in flight. {@code failed} hears of a
   * channel that cannot start at all (shut down, its discovery failing): the call then ends with
   * another status than the router's drop, before its {@code timeout}.
   */
  void wake(Channel channel, Duration timeout, Consumer<Status> failed) {
    if (channel == null || !inFlight.compareAndSet(false, true)) {
      return;
    }
    try {
      ClientCall<Void, Void> call = channel.newCall(METHOD, CallOptions.DEFAULT.withOption(KEY, Boolean.TRUE)
          .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS));
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          inFlight.set(false);
          if (!DROPPED.equals(status.getDescription()) && status.getCode() != Status.Code.DEADLINE_EXCEEDED) {
            failed.accept(status);
          }
        }
      }, new Metadata());
    } catch (RuntimeException e) {
      inFlight.set(false);
      failed.accept(Status.fromThrowable(e));
    }
  }
}
