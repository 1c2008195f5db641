package dev.switchboard.examples.grpc;

import dev.switchboard.grpc.SwitchboardGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC user-service: {@link GrpcUserService} behind Switchboard's server interceptor (inbound
 * deadline, correlation and trace ids), with the gRPC health v1 service registered. Runs next to
 * the HTTP user-service and shares nothing with it but the model.
 *
 * <pre>{@code
 * java -cp examples.jar dev.switchboard.examples.grpc.GrpcUserServer 9090   # 0 = any free port
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops the server.
 */
public final class GrpcUserServer implements AutoCloseable {
  /** The health v1 service name of the user service (the empty name is the whole server). */
  public static final String SERVICE_NAME = "switchboard.examples.user.v1.UserService";

  private final Server server;
  private final GrpcUserService service;
  private final HealthStatusManager health;

  private GrpcUserServer(Server server, GrpcUserService service, HealthStatusManager health) {
    this.server = server;
    this.service = service;
    this.health = health;
  }

  /** Starts on {@code host:port}; port 0 picks a free one. */
  public static GrpcUserServer start(String host, int port) throws IOException {
    GrpcUserService service = new GrpcUserService();
    HealthStatusManager health = new HealthStatusManager();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(ServerInterceptors.intercept(service, SwitchboardGrpc.serverInterceptor()))
        .addService(health.getHealthService())
        .build()
        .start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(SERVICE_NAME, ServingStatus.SERVING);
    return new GrpcUserServer(server, service, health);
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static GrpcUserServer startOnLoopback() throws IOException {
    return start("127.0.0.1", 0);
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** {@code 127.0.0.1:port}-style address for targets. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** The store, to seed users. */
  public GrpcUserService service() {
    return service;
  }

  /** Marks the whole server SERVING or NOT_SERVING for health v1 watchers. */
  public void setServing(boolean serving) {
    ServingStatus s = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus("", s);
    health.setStatus(SERVICE_NAME, s);
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs until killed. Argument: port (default 9090; 0 = free port). Binds 0.0.0.0 unless HOST is set. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
    String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
    GrpcUserServer s = start(host, port);
    System.out.println("gRPC user-service listening on " + host + ":" + s.port());
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    s.server.awaitTermination();
  }
}
