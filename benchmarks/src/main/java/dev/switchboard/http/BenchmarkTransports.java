package dev.switchboard.http;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.transport.HttpTransportFactory;

/**
 * Builds an {@link HttpServiceClient} on a chosen transport for the benchmarks, through the
 * package-private hook, until {@code ServiceConfig} carries the transport factory.
 */
public final class BenchmarkTransports {
  private BenchmarkTransports() {}

  public static HttpServiceClient client(ServiceConfig config, HttpTransportFactory transports) {
    return new HttpServiceClient(config, JsonCodec.defaults(), transports);
  }
}
