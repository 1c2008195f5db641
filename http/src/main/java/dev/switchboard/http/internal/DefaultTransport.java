package dev.switchboard.http.internal;

import dev.switchboard.http.internal.apache.ApacheTransportFactory;
import dev.switchboard.http.transport.HttpTransportFactory;

/**
 * Chooses the HTTP transport a client gets when its config names none: Apache HttpClient 5 when
 * its classic client and its HTTP/2 core are both loadable, else {@code java.net.http}, so a user
 * who excluded {@code httpclient5} from {@code switchboard-http} still gets a working client
 * rather than a {@code NoClassDefFoundError} on the first call. Stateless.
 */
public final class DefaultTransport {
  /** Classes the Apache transport needs: httpclient5 and httpcore5-h2 (which httpclient5 brings). */
  static final String[] APACHE_CLASSES = {
      "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
      "org.apache.hc.core5.http2.HttpVersionPolicy"};

  private DefaultTransport() {}

  /** The default transport as seen from {@code loader}. */
  public static HttpTransportFactory choose(ClassLoader loader) {
    for (String name : APACHE_CLASSES) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError absent) {
        return JdkTransportFactory.INSTANCE;
      }
    }
    return ApacheTransportFactory.INSTANCE;
  }
}
