package dev.switchboard.benchmarks.grpc;

import dev.switchboard.grpc.ContextClientInterceptor;
import dev.switchboard.grpc.GrpcChannelOptions;
import dev.switchboard.grpc.SwitchboardGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Switchboard's client interceptors cost per unary call, without a network: the calls go to
 * a channel that answers at once on the calling thread, so only the interceptor work is measured
 * (CPU, not latency). Complements {@code GrpcChannelLoadBenchmark}, whose loopback numbers are too
 * noisy on a shared machine to resolve a few percent.
 *
 * <ul>
 *   <li>{@code bare}: grpc-java's stub machinery alone ({@code ClientCalls.futureUnaryCall}).
 *   <li>{@code context}: plus {@code ContextClientInterceptor} alone (id, child span, attempt
 *       headers, deadline), what a plain channel can add.
 *   <li>{@code contextAndAttempts}: plus the interceptor of a default Switchboard channel
 *       ({@code SwitchboardGrpc.clientInterceptors}): the whole call pipeline with the default
 *       policies (the request buffered, the budget deposited, a pick, per-attempt headers,
 *       telemetry). This channel has no Switchboard balancer, so the channel stands as one
 *       endpoint; a Switchboard channel's pick costs a few dozen ns more ({@code PickBenchmark}).
 * </ul>
 *
 * Run: {@code java -jar benchmarks/target/benchmarks.jar GrpcInterceptorOverheadBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class GrpcInterceptorOverheadBenchmark {
  private static final MethodDescriptor<byte[], byte[]> ECHO = GrpcChannelLoadBenchmark.ECHO.toBuilder()
      .setIdempotent(true).build();
  private final byte[] payload = new byte[64];
  private Channel bare;
  private Channel context;
  private Channel contextAndAttempts;

  /** A channel whose calls answer with the request, on the calling thread, at half-close. */
  static final class AnsweringChannel extends Channel {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
      return new ClientCall<>() {
        private Listener<RespT> listener;
        private ReqT request;

        @Override
        public void start(Listener<RespT> responseListener, Metadata headers) {
          this.listener = responseListener;
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {
          listener.onHeaders(new Metadata());
          @SuppressWarnings("unchecked")
          RespT response = (RespT) request;
          listener.onMessage(response);
          listener.onClose(Status.OK, new Metadata());
        }

        @Override
        public void sendMessage(ReqT message) {
          this.request = message;
        }
      };
    }

    @Override
    public String authority() {
      return "bench";
    }
  }

  @Setup
  public void setUp() {
    Channel answering = new AnsweringChannel();
    bare = answering;
    context = ClientInterceptors.intercept(answering, ContextClientInterceptor.create());
    contextAndAttempts = ClientInterceptors.intercept(answering,
        SwitchboardGrpc.clientInterceptors(GrpcChannelOptions.defaults()));
  }

  private byte[] call(Channel channel) throws Exception {
    return ClientCalls.futureUnaryCall(channel.newCall(ECHO, CallOptions.DEFAULT), payload).get();
  }

  @Benchmark
  public byte[] bare() throws Exception {
    return call(bare);
  }

  @Benchmark
  public byte[] context() throws Exception {
    return call(context);
  }

  @Benchmark
  public byte[] contextAndAttempts() throws Exception {
    return call(contextAndAttempts);
  }
}
