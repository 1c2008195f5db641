package dev.switchboard.http.internal;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.http.transport.TransportOptions;

/** Builds the {@code java.net.http} transport for {@code HttpTransportFactory.jdk()}. */
public final class JdkTransportFactory {
  private JdkTransportFactory() {}

  public static HttpTransport create(ServiceConfig config, TransportOptions options) {
    return JdkClientTransport.create(config, options);
  }
}
