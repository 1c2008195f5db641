package dev.switchboard.config;

import dev.switchboard.transport.TransportFactory;
import dev.switchboard.transport.TransportProvider;

/**
 * Transport providers registered for core's tests in {@code META-INF/services}: core has no
 * transport of its own, so these stand in for switchboard-http's {@code apache} and {@code jdk}
 * to show how configuration finds a transport by name. They make nothing; no call is sent
 * through them.
 */
final class TestTransportProviders {
  private TestTransportProviders() {}

  /** The factory {@link Loopback} provides, so a test can check the bound config got this very one. */
  static final TransportFactory LOOPBACK = new TransportFactory() {
    @Override
    public String name() {
      return "loopback-test";
    }
  };

  /** Available: {@code loopback-test}. */
  public static final class Loopback implements TransportProvider {
    @Override
    public String name() {
      return "loopback-test";
    }

    @Override
    public TransportFactory factory() {
      return LOOPBACK;
    }
  }

  /** Registered, but its dependencies are "missing": never offered, never listed. */
  public static final class Unavailable implements TransportProvider {
    @Override
    public String name() {
      return "unavailable-test";
    }

    @Override
    public boolean isAvailable() {
      return false;
    }

    @Override
    public TransportFactory factory() {
      throw new AssertionError("an unavailable provider's factory must not be asked for");
    }
  }
}
