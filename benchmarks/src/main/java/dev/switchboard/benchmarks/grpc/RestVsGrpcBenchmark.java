package dev.switchboard.benchmarks.grpc;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.examples.grpc.GrpcUserClient;
import dev.switchboard.examples.grpc.GrpcUserServer;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.examples.users.UserServiceClient;
import dev.switchboard.grpc.GrpcChannelOptions;
import java.time.Duration;

/**
 * Loopback load test: the seed's GetUser and CreateUser over REST (JDK HttpServer user-service,
 * Switchboard {@code HttpServiceClient} on {@code java.net.http} HTTP/1.1, JSON) and over gRPC
 * (grpc-netty user-service behind the Switchboard server interceptor, Switchboard channel,
 * protobuf). Both clients use their defaults: round robin, context propagation, core retry policy
 * and budget. Closed loop: each of {@code threads} callers sends one call at a time.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.grpc.RestVsGrpcBenchmark \
 *     [threads=8] [seconds=5]
 * </pre>
 */
public final class RestVsGrpcBenchmark {
  private RestVsGrpcBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf("REST vs gRPC loopback: %d threads, %d s per run, %d cores, java %s%n",
        threads, seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    try (UserService rest = UserService.start(0);
        GrpcUserServer grpc = GrpcUserServer.startOnLoopback();
        UserServiceClient restClient = new UserServiceClient(ServiceConfig.builder().name("users")
            .baseUrl(rest.baseUrl()).timeout(Duration.ofSeconds(5)).build());
        GrpcUserClient grpcClient = GrpcUserClient.connect("static:" + grpc.address(),
            GrpcChannelOptions.builder().defaultTimeout(Duration.ofSeconds(5)).build())) {
      String grpcId = grpc.service().create("ada@example.com", "Ada Lovelace").getId();
      ClosedLoop.Op restGet = n -> restClient.getUser("123");
      ClosedLoop.Op grpcGet = n -> grpcClient.getUser(grpcId);
      ClosedLoop.Op restCreate = n -> restClient.createUser("rest" + n + "@example.com", "Bench");
      ClosedLoop.Op grpcCreate = n -> grpcClient.createUser("grpc" + n + "@example.com", "Bench");
      run("warmup", restGet, threads, 2);
      run("warmup", grpcGet, threads, 2);
      System.out.println(run("REST GetUser", restGet, threads, seconds));
      System.out.println(run("gRPC GetUser", grpcGet, threads, seconds));
      System.out.println(run("REST CreateUser", restCreate, threads, seconds));
      System.out.println(run("gRPC CreateUser", grpcCreate, threads, seconds));
    }
  }

  static String run(String name, ClosedLoop.Op op, int threads, int seconds) throws InterruptedException {
    ClosedLoop.Outcome o = ClosedLoop.run(op, threads, seconds);
    return String.format("%-16s %8.0f qps  p50 %7.0f us  p99 %7.0f us  (%d calls, %d errors)", name, o.qps(),
        o.latency().getValueAtPercentile(50) / 1e3, o.latency().getValueAtPercentile(99) / 1e3, o.calls(), o.errors());
  }
}
