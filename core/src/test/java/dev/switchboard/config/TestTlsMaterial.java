package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key and self-signed certificate made by the JDK's {@code keytool} in the test, as a PKCS#12
 * store and as PEM files, and a loopback {@link HttpsServer} presenting one, optionally demanding
 * a client certificate.
 */
record TestTlsMaterial(String name, Path store, Path certificatePem, Path keyPem) {
  static final String PASSWORD = "store-pw-7";

  static TestTlsMaterial create(Path dir, String name, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-dname", "CN=" + name, "-ext", "SAN=" + san,
        "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = load(store);
    Path cert = Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
    Path key = Files.writeString(dir.resolve(name + ".key"),
        pem("PRIVATE KEY", ks.getKey(name, PASSWORD.toCharArray()).getEncoded()));
    return new TestTlsMaterial(name, store, cert, key);
  }

  /**
   * An HTTPS server on 127.0.0.1 answering {@code GET /hello} with {@code hello <client CN>};
   * with {@code clientCa} set it demands a client certificate signed by it.
   */
  HttpsServer serve(TestTlsMaterial clientCa) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(store), PASSWORD.toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    if (clientCa != null) {
      trust.setCertificateEntry(clientCa.name, load(clientCa.store).getCertificate(clientCa.name));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        // HttpsParameters.setNeedClientAuth alone is not applied by the JDK server; SSLParameters are.
        javax.net.ssl.SSLParameters p = context.getDefaultSSLParameters();
        p.setNeedClientAuth(clientCa != null);
        params.setSSLParameters(p);
      }
    });
    server.createContext("/hello", exchange -> {
      String peer = "anonymous";
      if (exchange instanceof com.sun.net.httpserver.HttpsExchange https && clientCa != null) {
        peer = https.getSSLSession().getPeerPrincipal().getName();
      }
      byte[] body = ("hello " + peer).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static KeyStore load(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }
}
