package dev.switchboard.http.internal;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.http.transport.HttpTransportFactory;

/** {@code HttpTransportFactory.jdk()}. */
public final class JdkTransportFactory implements HttpTransportFactory {
  public static final JdkTransportFactory INSTANCE = new JdkTransportFactory();

  private JdkTransportFactory() {}

  @Override
  public HttpTransport create(ServiceConfig config) {
    return JdkClientTransport.create(config);
  }

  @Override
  public String name() {
    return "jdk";
  }

  @Override
  public String toString() {
    return "HttpTransportFactory.jdk()";
  }
}
