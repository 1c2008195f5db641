package dev.switchboard.benchmarks.grpc;

import dev.switchboard.grpc.SwitchboardGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plain-vs-Switchboard comparison of {@link GrpcChannelLoadBenchmark} for a machine others
 * are using: instead of alternating whole rounds (which other processes' bursts hit unevenly),
 * every caller alternates one plain call and one Switchboard call, so both channels meet the same
 * load at the same moment. Closed loop; the throughput ratio is the ratio of the mean latencies.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.grpc.GrpcChannelPairedBenchmark \
 *     [threads=8] [seconds=20]
 * </pre>
 */
public final class GrpcChannelPairedBenchmark {
  private GrpcChannelPairedBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    ServerServiceDefinition echo = ServerServiceDefinition.builder("bench.Echo")
        .addMethod(GrpcChannelLoadBenchmark.ECHO, ServerCalls.asyncUnaryCall((req, resp) -> {
          resp.onNext(req);
          resp.onCompleted();
        }))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(echo, SwitchboardGrpc.serverInterceptor()))
        .build().start();
    String address = "127.0.0.1:" + server.getPort();
    ManagedChannel plain = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
    ManagedChannel switchboard = SwitchboardGrpc.channelBuilder("static:" + address).build();
    System.out.printf("gRPC paired loopback: %d threads, %d s, %d cores, java %s%n", threads, seconds,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    run(plain, switchboard, threads, 5); // warm-up
    long[] r = run(plain, switchboard, threads, seconds);
    double plainMicros = r[1] / 1e3 / r[0];
    double switchboardMicros = r[2] / 1e3 / r[0];
    System.out.printf("pairs %d: mean plain %.0f us, switchboard %.0f us, throughput ratio %.3f%n",
        r[0], plainMicros, switchboardMicros, plainMicros / switchboardMicros);
    plain.shutdownNow();
    switchboard.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** {pairs, plain nanos, switchboard nanos}. Half the callers start each pair with Switchboard. */
  private static long[] run(ManagedChannel plain, ManagedChannel switchboard, int threads, int seconds)
      throws InterruptedException {
    LongAdder pairs = new LongAdder();
    LongAdder plainNanos = new LongAdder();
    LongAdder switchboardNanos = new LongAdder();
    byte[] payload = new byte[64];
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      boolean switchboardFirst = t % 2 == 0;
      pool.execute(() -> {
        while (System.nanoTime() < end) {
          for (int k = 0; k < 2; k++) {
            boolean viaSwitchboard = (k == 0) == switchboardFirst;
            long start = System.nanoTime();
            ClientCalls.blockingUnaryCall(viaSwitchboard ? switchboard : plain, GrpcChannelLoadBenchmark.ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), payload);
            (viaSwitchboard ? switchboardNanos : plainNanos).add(System.nanoTime() - start);
          }
          pairs.increment();
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
    return new long[] {pairs.sum(), plainNanos.sum(), switchboardNanos.sum()};
  }
}
