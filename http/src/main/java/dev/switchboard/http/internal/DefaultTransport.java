package dev.switchboard.http.internal;

import dev.switchboard.http.internal.apache.ApacheTransportFactory;
import dev.switchboard.http.transport.HttpTransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the HTTP transport a client gets when its config names none: Apache HttpClient 5 when
 * its classic client and its HTTP/2 core are both loadable, in a version the transport runs on,
 * else {@code java.net.http}, so a user who excluded {@code httpclient5} from
 * {@code switchboard-http} still gets a working client rather than a {@code NoClassDefFoundError}
 * on the first call. A build that has httpclient5 but an httpcore5 older than 5.4 (Spring Boot
 * 4.0's dependency management pins 5.3) gets {@code java.net.http} too, with one warning saying
 * how to get the Apache transport back. Stateless but for that warning.
 */
public final class DefaultTransport {
  private static final Logger log = LoggerFactory.getLogger(DefaultTransport.class);

  /** Classes the Apache transport needs: httpclient5 and httpcore5-h2 (which httpclient5 brings). */
  static final String[] APACHE_CLASSES = {
      "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
      "org.apache.hc.core5.http2.HttpVersionPolicy"};
  /** A class httpcore5 has from 5.4 on, which httpclient5 5.6 uses: its absence means a too-old core. */
  static final String HTTPCORE_5_4 = "org.apache.hc.core5.http.nio.command.StaleCheckCommand";

  private static volatile boolean warned;

  private DefaultTransport() {}

  /** The default transport as seen from {@code loader}. */
  public static HttpTransportFactory choose(ClassLoader loader) {
    for (String name : APACHE_CLASSES) {
      if (!loadable(name, loader)) {
        return JdkTransportFactory.INSTANCE;
      }
    }
    if (!loadable(HTTPCORE_5_4, loader)) {
      if (!warned) {
        warned = true;
        log.warn("{}; using the java.net.http transport", tooOldCore());
      }
      return JdkTransportFactory.INSTANCE;
    }
    return ApacheTransportFactory.INSTANCE;
  }

  /**
   * Fails with a message that says what to do when the Apache transport cannot run on the
   * httpcore5 found by {@code loader}; called when a config names the Apache transport.
   */
  public static void requireApacheRuntime(ClassLoader loader) {
    for (String name : APACHE_CLASSES) {
      if (!loadable(name, loader)) {
        throw new IllegalStateException("the apache transport needs httpclient5 5.6 on the class path (" + name
            + " is missing): add org.apache.httpcomponents.client5:httpclient5, or choose HttpTransportFactory.jdk()");
      }
    }
    if (!loadable(HTTPCORE_5_4, loader)) {
      throw new IllegalStateException(tooOldCore() + ", or choose HttpTransportFactory.jdk()");
    }
  }

  private static String tooOldCore() {
    return "httpclient5 is on the class path but httpcore5 is older than 5.4 (Spring Boot 4.0's dependency"
        + " management pins 5.3.x): set org.apache.httpcomponents.core5:httpcore5 and httpcore5-h2 to 5.4.4"
        + " (Maven property httpcore5.version) to use the apache transport";
  }

  private static boolean loadable(String name, ClassLoader loader) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
