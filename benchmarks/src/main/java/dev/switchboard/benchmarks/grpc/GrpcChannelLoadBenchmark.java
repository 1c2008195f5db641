package dev.switchboard.benchmarks.grpc;

import dev.switchboard.grpc.GrpcChannelOptions;
import dev.switchboard.grpc.SwitchboardGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Loopback load test: unary QPS and p50/p99 of the same grpc-netty server called through a plain
 * grpc-java channel and through a Switchboard-configured one (name resolver, balancer with stats
 * tracer, context interceptor). Closed loop: each of {@code threads} callers sends one call at a
 * time. Rounds alternate plain/switchboard so drift hits both alike.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.grpc.GrpcChannelLoadBenchmark \
 *     [threads=16] [seconds=10] [rounds=2] [policy=round_robin]
 * </pre>
 */
public final class GrpcChannelLoadBenchmark {
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("bench.Echo/Echo")
      .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES)
      .build();

  private GrpcChannelLoadBenchmark() {}

  /** One measured run. */
  record Result(String name, long calls, double seconds, Histogram latency) {
    double qps() {
      return calls / seconds;
    }

    @Override
    public String toString() {
      return String.format("%-12s %9.0f qps  p50 %6.0f us  p99 %6.0f us  (%d calls)", name, qps(),
          latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3, calls);
    }
  }

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String policy = args.length > 3 ? args[3] : "round_robin";
    ServerServiceDefinition echo = ServerServiceDefinition.builder("bench.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, resp) -> {
          resp.onNext(req);
          resp.onCompleted();
        }))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(echo, SwitchboardGrpc.serverInterceptor()))
        .build().start();
    String address = "127.0.0.1:" + server.getPort();
    ManagedChannel plain = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
    ManagedChannel switchboard = SwitchboardGrpc.channelBuilder("static:" + address,
        GrpcChannelOptions.builder().balancer(policy).build()).build();
    System.out.printf("gRPC loopback: %d threads, %d s per run, %d rounds, policy %s, %d cores, java %s%n",
        threads, seconds, rounds, policy, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    // Two alternating warm-up rounds: with one, the first measured run still pays for JIT work
    // on code both channels share, which biases the ratio towards whichever runs second.
    for (int w = 0; w < 2; w++) {
      run("warmup", plain, threads, 3);
      run("warmup", switchboard, threads, 3);
    }
    List<Result> plainResults = new ArrayList<>();
    List<Result> sbResults = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      Result p = run("plain", plain, threads, seconds);
      Result s = run("switchboard", switchboard, threads, seconds);
      System.out.println(p);
      System.out.println(s);
      plainResults.add(p);
      sbResults.add(s);
    }
    double plainQps = plainResults.stream().mapToDouble(Result::qps).sum() / rounds;
    double sbQps = sbResults.stream().mapToDouble(Result::qps).sum() / rounds;
    System.out.printf("mean: plain %.0f qps, switchboard %.0f qps, ratio %.3f%n", plainQps, sbQps, sbQps / plainQps);
    plain.shutdownNow();
    switchboard.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static Result run(String name, ManagedChannel channel, int threads, int seconds) throws InterruptedException {
    byte[] payload = new byte[64];
    ClosedLoop.Outcome o = ClosedLoop.run(n -> ClientCalls.blockingUnaryCall(channel, ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), payload), threads, seconds);
    return new Result(name, o.calls(), o.seconds(), o.latency());
  }
}
