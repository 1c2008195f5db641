package dev.switchboard.http.internal;

import dev.switchboard.http.internal.apache.ApacheTransportFactory;
import dev.switchboard.transport.TransportFactory;
import dev.switchboard.transport.TransportProvider;

/**
 * The HTTP transports by name, for configuration ({@code switchboard.clients.<name>.transport}):
 * registered in {@code META-INF/services/dev.switchboard.transport.TransportProvider}. Stateless.
 */
public final class HttpTransportProviders {
  private HttpTransportProviders() {}

  /** {@code apache}: {@code HttpTransportFactory.apache()}, offered only when httpclient5 is on the class path. */
  public static final class Apache implements TransportProvider {
    @Override
    public String name() {
      return "apache";
    }

    @Override
    public boolean isAvailable() {
      return DefaultTransport.choose(Apache.class.getClassLoader()) != JdkTransportFactory.INSTANCE;
    }

    @Override
    public TransportFactory factory() {
      return ApacheTransportFactory.INSTANCE;
    }
  }

  /** {@code jdk}: {@code HttpTransportFactory.jdk()}, always available. */
  public static final class Jdk implements TransportProvider {
    @Override
    public String name() {
      return "jdk";
    }

    @Override
    public TransportFactory factory() {
      return JdkTransportFactory.INSTANCE;
    }
  }
}
