package dev.switchboard.http.internal.apache;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.http.transport.HttpTransportFactory;

/**
 * {@code HttpTransportFactory.apache()}. Naming this class loads none of HttpClient's classes;
 * only {@link #create} does, so the default-transport check can run without them.
 */
public final class ApacheTransportFactory implements HttpTransportFactory {
  public static final ApacheTransportFactory INSTANCE = new ApacheTransportFactory();

  private ApacheTransportFactory() {}

  @Override
  public HttpTransport create(ServiceConfig config) {
    dev.switchboard.http.internal.DefaultTransport.requireApacheRuntime(ApacheTransportFactory.class.getClassLoader());
    return new ApacheHttpTransport(config);
  }

  @Override
  public String name() {
    return "apache";
  }

  @Override
  public String toString() {
    return "HttpTransportFactory.apache()";
  }
}
