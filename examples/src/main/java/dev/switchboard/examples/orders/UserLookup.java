package dev.switchboard.examples.orders;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.examples.users.User;
import dev.switchboard.grpc.GrpcChannelOptions;

/**
 * How the order-service finds a user, over either transport: {@link #http} ({@code GET
 * /users/{id}} through {@code HttpServiceClient}) or {@link #grpc} ({@code GetUser} on a
 * Switchboard grpc-java channel). Both throw the same {@code ServiceCallException} taxonomy, both
 * propagate the bound {@code CallContext} (deadline, correlation id, trace), and both retry with
 * core's {@code RetryPolicy} and {@code RetryBudget}, so the order-service's code does not change
 * with the transport. Implementations are thread-safe.
 */
public interface UserLookup extends AutoCloseable {
  /**
   * The user with {@code id}.
   *
   * @throws dev.switchboard.errors.ServiceCallException {@code CLIENT_ERROR} when unknown, or the
   *     transport's failure
   */
  User findUser(String id);

  /** Which transport this lookup uses: {@code "http"} or {@code "grpc"}. */
  String transport();

  @Override
  void close();

  /** Users over HTTP/JSON, as {@code config} says. */
  static UserLookup http(ServiceConfig config) {
    return new HttpUserLookup(config);
  }

  /** Users over gRPC at {@code target} (any Switchboard discovery target). */
  static UserLookup grpc(String target, GrpcChannelOptions options) {
    return new GrpcUserLookup(target, options);
  }

  /**
   * The lookup a command line asks for: {@code transport} {@code "grpc"} or {@code "http"};
   * {@code target} an {@code http://} base URL or a discovery target.
   */
  static UserLookup of(String transport, String target) {
    return switch (transport) {
      case "grpc" -> grpc(target, GrpcChannelOptions.defaults());
      case "http" -> http(target.startsWith("http")
          ? ServiceConfig.builder().name("users").baseUrl(target).build()
          : ServiceConfig.builder().name("users").target(target).build());
      default -> throw new IllegalArgumentException("users transport must be http or grpc: " + transport);
    };
  }
}
