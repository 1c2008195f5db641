package dev.switchboard.grpc;

import dev.switchboard.context.CallContext;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real grpc-netty server on 127.0.0.1 and a free port, serving a string echo service through
 * Switchboard's server interceptor, with health v1. It records what it saw (calls, contexts,
 * cancellations) and can be told to be slow or to fail.
 */
final class TestReplica implements AutoCloseable {
  static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Idempotent: retried and hedged. */
  static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("test.Echo/Echo")
      .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8)
      .setIdempotent(true)
      .build();

  /** Not declared idempotent: re-sent only when explicitly allowed. */
  static final MethodDescriptor<String, String> ECHO_UNSAFE = ECHO.toBuilder()
      .setFullMethodName("test.Echo/EchoUnsafe")
      .setIdempotent(false)
      .build();

  /** Server-streaming and idempotent: answers {@link #streamMessages} messages. */
  static final MethodDescriptor<String, String> STREAM = ECHO.toBuilder()
      .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
      .setFullMethodName("test.Echo/Stream")
      .build();

  private static final ScheduledExecutorService DELAYS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "test-replica-delays");
    t.setDaemon(true);
    return t;
  });

  final String name;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger cancelled = new AtomicInteger();
  final ConcurrentLinkedQueue<CallContext> contexts = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Long> grpcRemainingMillis = new ConcurrentLinkedQueue<>();
  /** The metadata of every call, as it arrived. */
  final ConcurrentLinkedQueue<Metadata> metadata = new ConcurrentLinkedQueue<>();
  /** Calls not answered while {@link #hold} is set, in arrival order; answer them with {@link #answerHeld}. */
  final LinkedBlockingQueue<StreamObserver<String>> held = new LinkedBlockingQueue<>();
  volatile boolean hold;
  /** Messages a {@link #STREAM} call gets; with {@link #failWith}, it fails after them instead of completing. */
  volatile int streamMessages = 3;
  volatile long delayMillis;
  volatile Status failWith;
  volatile Metadata failTrailers;
  /** When set, runs inside the handler (with the inbound context bound) and its result is the answer. */
  volatile Function<String, String> behaviour;
  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();

  TestReplica(String name) throws IOException {
    this(name, ContextServerInterceptor.create());
  }

  TestReplica(String name, ContextServerInterceptor interceptor) throws IOException {
    this.name = name;
    ServerServiceDefinition echo = ServerServiceDefinition.builder("test.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall(this::handle))
        .addMethod(ECHO_UNSAFE, ServerCalls.asyncUnaryCall(this::handle))
        .addMethod(STREAM, ServerCalls.asyncServerStreamingCall(this::stream))
        .build();
    ServerInterceptor recordMetadata = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        metadata.add(headers);
        return next.startCall(call, headers);
      }
    };
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(echo, interceptor, recordMetadata))
        .addService(health.getHealthService())
        .build()
        .start();
    health.setStatus("", ServingStatus.SERVING);
  }

  private void handle(String request, StreamObserver<String> response) {
    calls.incrementAndGet();
    contexts.add(CallContext.current());
    io.grpc.Deadline d = Context.current().getDeadline();
    if (d != null) {
      grpcRemainingMillis.add(d.timeRemaining(TimeUnit.MILLISECONDS));
    }
    Context.current().addListener(ctx -> {
      Throwable cause = ctx.cancellationCause(); // null when the call simply completed
      if (cause != null && Status.fromThrowable(cause).getCode() == Status.Code.CANCELLED) {
        cancelled.incrementAndGet();
      }
    }, Runnable::run);
    if (hold) {
      held.add(response);
      return;
    }
    Status fail = failWith;
    if (fail != null) {
      Metadata trailers = failTrailers;
      response.onError(fail.asRuntimeException(trailers == null ? new Metadata() : trailers));
      return;
    }
    Function<String, String> b = behaviour;
    String answer;
    try {
      answer = b == null ? name + ":" + request : b.apply(request);
    } catch (RuntimeException e) {
      response.onError(Status.fromThrowable(e).asRuntimeException());
      return;
    }
    long delay = delayMillis;
    if (delay > 0) {
      DELAYS.schedule(() -> {
        try {
          response.onNext(answer);
          response.onCompleted();
        } catch (RuntimeException ignored) {
          // cancelled meanwhile
        }
      }, delay, TimeUnit.MILLISECONDS);
    } else {
      response.onNext(answer);
      response.onCompleted();
    }
  }

  private void stream(String request, StreamObserver<String> response) {
    calls.incrementAndGet();
    contexts.add(CallContext.current());
    for (int i = 0; i < streamMessages; i++) {
      response.onNext(name + ":" + request + ":" + i);
    }
    Status fail = failWith;
    if (fail != null) {
      response.onError(fail.asRuntimeException());
    } else {
      response.onCompleted();
    }
  }

  /** Answers the oldest held call, waiting up to 5 s for one: with {@code failure}, or with the echo when null. */
  void answerHeld(Status failure) throws InterruptedException {
    StreamObserver<String> response = held.poll(5, TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError(name + " got no call to answer within 5 s");
    }
    if (failure != null) {
      response.onError(failure.asRuntimeException());
    } else {
      response.onNext(name + ":held");
      response.onCompleted();
    }
  }

  int port() {
    return server.getPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  void setServing(boolean serving) {
    health.setStatus("", serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code static:} target for {@code replicas}. */
  static String staticTarget(TestReplica... replicas) {
    StringBuilder sb = new StringBuilder("static:");
    for (int i = 0; i < replicas.length; i++) {
      sb.append(i == 0 ? "" : ",").append(replicas[i].address());
    }
    return sb.toString();
  }
}
