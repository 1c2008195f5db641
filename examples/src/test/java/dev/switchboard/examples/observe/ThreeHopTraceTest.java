package dev.switchboard.examples.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.examples.grpc.proto.GetUserRequest;
import dev.switchboard.examples.grpc.proto.User;
import dev.switchboard.examples.grpc.proto.UserServiceGrpc;
import dev.switchboard.examples.orders.NewOrder;
import dev.switchboard.examples.orders.Order;
import dev.switchboard.examples.orders.OrderService;
import dev.switchboard.examples.orders.UserLookup;
import dev.switchboard.grpc.GrpcChannelOptions;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.http.server.SwitchboardServerFilters;
import dev.switchboard.opentelemetry.OpenTelemetryTracing;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three hops, two transports, one trace: the test calls the examples' order-service over HTTP;
 * it looks the user up over gRPC; that user service reads a profile over HTTP, whose handler
 * records a span of its own. Every hop runs Switchboard's server side (JDK filter, gRPC
 * interceptor) and a Switchboard client with {@link OpenTelemetryTracing}; the parent chain must be
 * test span → order call → user call → profile call → the profile handler's span.
 */
class ThreeHopTraceTest {
  private final InMemoryOtel otel = new InMemoryOtel();
  private HttpServer profiles;
  private Server users;
  private HttpServiceClient profileClient;
  private OrderService orders;
  private HttpServiceClient orderClient;

  /** The span current in the gRPC handler, and the caller's span its traceparent named. */
  private volatile String grpcHandlerSpan;
  private volatile String grpcInboundParent;

  /** The gRPC user service of this test: it reads each user's profile over HTTP. */
  private final class ProfileReadingUsers extends UserServiceGrpc.UserServiceImplBase {
    @Override
    public void getUser(GetUserRequest request, StreamObserver<User> response) {
      grpcHandlerSpan = Span.current().getSpanContext().getSpanId();
      grpcInboundParent = SwitchboardGrpc.currentContext().trace().map(t -> t.spanId()).orElse("none");
      String name = profileClient.get(PathTemplate.expand("/profiles/{id}", request.getId()), String.class);
      response.onNext(User.newBuilder().setId(request.getId()).setName(name).setEmail("a@example.com").build());
      response.onCompleted();
    }
  }

  @BeforeEach
  void start() throws IOException {
    OpenTelemetryTracing tracing = OpenTelemetryTracing.create(otel.sdk);
    profiles = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    SwitchboardServerFilters.install(profiles.createContext("/profiles", this::profile));
    profiles.start();
    profileClient = new HttpServiceClient(ServiceConfig.builder().name("profiles")
        .target("static:127.0.0.1:" + profiles.getAddress().getPort()).telemetry(tracing).build());
    users = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(new ProfileReadingUsers(), SwitchboardGrpc.serverInterceptor()))
        .build().start();
    orders = OrderService.start(0, UserLookup.grpc("static:127.0.0.1:" + users.getPort(),
        GrpcChannelOptions.builder().telemetry(tracing).build()), SwitchboardServerFilters.standard());
    orderClient = new HttpServiceClient(ServiceConfig.builder().name("orders")
        .target("static:127.0.0.1:" + orders.port()).telemetry(tracing).build());
  }

  private void profile(HttpExchange exchange) throws IOException {
    Span lookup = otel.sdk.getTracer("profiles").spanBuilder("profile-lookup").startSpan();
    lookup.end();
    byte[] body = "Ada".getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("content-type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    orderClient.close();
    orders.close();
    users.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    profileClient.close();
    profiles.stop(0);
    otel.close();
  }

  @Test
  void httpThenGrpcThenHttpIsOneTraceWithEachHopTheChildOfTheOneBefore() {
    Span test = otel.sdk.getTracer("test").spanBuilder("place-order").startSpan();
    Order order;
    try (Scope ignored = test.makeCurrent()) {
      order = orderClient.request("POST", "/orders").pathTemplate("/orders")
          .body(new NewOrder("42", "book")).send(Order.class);
    } finally {
      test.end();
    }

    assertThat(order.userName()).isEqualTo("Ada");
    SpanData toOrders = otel.span("POST /orders");
    SpanData toProfiles = otel.span("GET /profiles/{id}");
    SpanData lookup = otel.span("profile-lookup");
    assertThat(toOrders.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(toProfiles.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(otel.spans()).extracting(SpanData::getTraceId).containsOnly(test.getSpanContext().getTraceId());
    assertThat(toOrders.getParentSpanId()).isEqualTo(test.getSpanContext().getSpanId());
    assertThat(lookup.getParentSpanId()).isEqualTo(toProfiles.getSpanId());
    // The gRPC server interceptor made the caller's span current in the handler, so the HTTP call
    // made there descends from it.
    assertThat(grpcHandlerSpan).isEqualTo(grpcInboundParent);
    assertThat(toProfiles.getParentSpanId()).isEqualTo(grpcInboundParent);

    // The gRPC hop is a CLIENT span of its own (gRPC calls run through CallPipeline), between them.
    SpanData toUsers = otel.span("switchboard.examples.user.v1.UserService/GetUser");
    assertThat(toUsers.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(toUsers.getParentSpanId()).isEqualTo(toOrders.getSpanId());
    assertThat(toProfiles.getParentSpanId()).isEqualTo(toUsers.getSpanId());
    assertThat(toUsers.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("rpc.system")))
        .isEqualTo("grpc");
  }
}
