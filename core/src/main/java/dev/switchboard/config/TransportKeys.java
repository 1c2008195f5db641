package dev.switchboard.config;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.transport.TlsConfig;
import dev.switchboard.transport.TransportProviders;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of a client's transport: which one ({@code transport}, found by name through
 * {@link TransportProviders}, so core needs no HTTP module), its TLS material ({@code tls.*}, onto
 * {@link TlsConfig}) and its connections ({@code connections.*}, onto {@link ConnectionPolicy}).
 * Validation is the builders' own; their messages are reported against the keys, and a password
 * is never quoted. Stateless and thread-safe; drafts are confined to one bind.
 */
final class TransportKeys {
  /** TLS keys that carry material (all but {@code tls.enabled}), by the builder setting their errors name. */
  private static final Map<String, String> TLS_SETTINGS = new LinkedHashMap<>();
  private static final Pattern FILE_PROBLEM = Pattern.compile("tls\\.(\\w+) (.*?): (.*)", Pattern.DOTALL);
  private static final Pattern GENERAL_PROBLEM = Pattern.compile("tls: (.*)", Pattern.DOTALL);

  static {
    TLS_SETTINGS.put("trustCertificatesPem", "tls.trust-certificates");
    TLS_SETTINGS.put("trustStorePassword", "tls.trust-store-password");
    TLS_SETTINGS.put("trustStore", "tls.trust-store");
    TLS_SETTINGS.put("certificateChainPem", "tls.certificate-chain");
    TLS_SETTINGS.put("privateKeyPem", "tls.private-key");
    TLS_SETTINGS.put("keyStorePassword", "tls.key-store-password");
    TLS_SETTINGS.put("keyStore", "tls.key-store");
    TLS_SETTINGS.put("hostnameVerification", "tls.hostname-verification");
  }

  private static final ConfigTable<Draft> TABLE = buildTable();

  private TransportKeys() {}

  /** One client's transport keys as they are applied. */
  static final class Draft {
    String transport;
    Boolean tlsEnabled;
    final TlsConfig.Builder tls = TlsConfig.builder();
    final ConnectionPolicy.Builder connections = ConnectionPolicy.builder();
  }

  static ConfigTable<Draft> table() {
    return TABLE;
  }

  private static ConfigTable<Draft> buildTable() {
    ConfigTable.Builder<Draft> t = ConfigTable.builder();
    t.text("transport", "apache (jdk without httpclient5)",
        "the HTTP transport by name: apache (Apache HttpClient 5) or jdk (java.net.http)", (d, v) -> d.transport = v);
    t.bool("tls.enabled", "false (a base-url says it itself)", "https to the endpoints of a target; another tls key"
        + " turns it on too", (d, v) -> d.tlsEnabled = v);
    file(t, "tls.trust-certificates", "trust only the CA certificates in this PEM file", (d, p) -> d.tls.trustCertificatesPem(p));
    file(t, "tls.trust-store", "trust only the certificates in this PKCS#12 or JKS store (type detected)",
        (d, p) -> d.tls.trustStore(p));
    t.text("tls.trust-store-password", "none", "the trust store's password (never shown in errors)",
        (d, v) -> d.tls.trustStorePassword(v));
    file(t, "tls.certificate-chain", "mutual TLS: the client's certificate chain, PEM, leaf first",
        (d, p) -> d.tls.certificateChainPem(p));
    file(t, "tls.private-key", "mutual TLS: the chain's key, an unencrypted PKCS#8 PEM file",
        (d, p) -> d.tls.privateKeyPem(p));
    file(t, "tls.key-store", "mutual TLS: the client's key and chain in a PKCS#12 or JKS store",
        (d, p) -> d.tls.keyStore(p));
    t.text("tls.key-store-password", "none", "the key store's (and its key's) password (never shown in errors)",
        (d, v) -> d.tls.keyStorePassword(v));
    t.bool("tls.hostname-verification", "true", "false accepts a server certificate for another host (tests only)",
        (d, v) -> d.tls.hostnameVerification(v));
    t.key(new ConfigKey("connections.protocol", "http/1.1 | http/2", "http/1.1",
        "http/2: h2 by ALPN over https (else HTTP/1.1), h2c with prior knowledge over http"),
        (d, v) -> d.connections.protocol(protocol(v)));
    t.integer("connections.max-per-endpoint", "64", "connections open at once to one endpoint",
        (d, v) -> d.connections.maxConnectionsPerEndpoint(v)).field("maxConnectionsPerEndpoint");
    t.integer("connections.max-total", "512", "connections open at once over all endpoints, >= max-per-endpoint",
        (d, v) -> d.connections.maxConnectionsTotal(v)).field("maxConnectionsTotal");
    t.duration("connections.idle-timeout", "30s", "an idle pooled connection is closed after this",
        (d, v) -> d.connections.idleTimeout(v));
    t.duration("connections.validate-after-inactivity", "2s", "a connection idle longer is checked before reuse",
        (d, v) -> d.connections.validateAfterInactivity(v));
    t.duration("connections.max-lifetime", "5m", "no connection is reused after it has been open this long",
        (d, v) -> d.connections.maxLifetime(v));
    t.integer("connections.io-threads", "min(2, cores)", "I/O threads of the transport's async client, 1..64",
        (d, v) -> d.connections.ioThreads(v));
    return t.build();
  }

  private static void file(ConfigTable.Builder<Draft> t, String name, String description,
      java.util.function.BiConsumer<Draft, Path> set) {
    t.key(new ConfigKey(name, "file", "none", description), (d, raw) -> {
      try {
        set.accept(d, Path.of(raw.trim()));
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("not a file path: " + e.getReason());
      }
    });
  }

  private static ConnectionPolicy.Protocol protocol(String raw) {
    String v = raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (v) {
      case "http/1.1", "http1.1", "http-1.1", "http-1-1", "http1" -> {
        return ConnectionPolicy.Protocol.HTTP_1_1;
      }
      case "http/2", "http2", "http-2", "h2" -> {
        return ConnectionPolicy.Protocol.HTTP_2;
      }
      default -> throw new IllegalArgumentException("must be http/1.1 or http/2 (h2)");
    }
  }

  /**
   * Sets the transport, connections and TLS of {@code b} from {@code d}; reports problems to
   * {@code scope}. {@code baseUrl} is null for a client with a discovery target.
   *
   * @return false when a problem was reported
   */
  static boolean apply(Draft d, BuildScope scope, ServiceConfig.Builder b, String baseUrl) {
    boolean ok = true;
    if (d.transport != null) {
      try {
        b.transport(TransportProviders.find(d.transport));
      } catch (IllegalArgumentException | IllegalStateException e) {
        scope.fail("transport", e.getMessage());
        ok = false;
      }
    }
    ConnectionPolicy connections = scope.build("connections", d.connections::build);
    if (connections == null) {
      ok = false;
    } else {
      b.connections(connections);
    }
    List<String> material = new ArrayList<>(scope.setKeys("tls"));
    material.remove("tls.enabled");
    if (baseUrl != null) {
      if (d.tlsEnabled != null) {
        scope.fail("tls.enabled", "applies to a target; the base-url's scheme already says http or https");
        return false;
      }
      if (!material.isEmpty() && !baseUrl.trim().toLowerCase(Locale.ROOT).startsWith("https:")) {
        scope.fail(material.get(0), "TLS settings for a client whose base-url is not https; use https://"
            + " in " + scope.fullName("base-url"));
        return false;
      }
    } else if (Boolean.FALSE.equals(d.tlsEnabled) && !material.isEmpty()) {
      scope.fail("tls.enabled", "is false, but " + String.join(", ", material) + " " + (material.size() == 1 ? "is" : "are")
          + " set; remove " + (material.size() == 1 ? "it" : "them") + ", or turn TLS on");
      return false;
    }
    if (baseUrl == null) {
      b.tls(Boolean.TRUE.equals(d.tlsEnabled));
    }
    if (!material.isEmpty()) {
      TlsConfig tls = buildTls(d, scope);
      if (tls == null) {
        return false;
      }
      b.tls(tls); // with a target, this turns https on
    }
    return ok;
  }

  /** Builds the TLS material (reading its files), reporting a failure against the key it names. */
  private static TlsConfig buildTls(Draft d, BuildScope scope) {
    try {
      return d.tls.build();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      Matcher file = FILE_PROBLEM.matcher(message);
      Matcher general = GENERAL_PROBLEM.matcher(message);
      if (file.matches() && TLS_SETTINGS.containsKey(file.group(1))) {
        scope.fail(TLS_SETTINGS.get(file.group(1)), keyNames(file.group(3)));
      } else if (general.matches()) {
        String text = keyNames(general.group(1));
        scope.fail(firstKeyIn(text, scope), text);
      } else {
        scope.fail(firstKeyIn(message, scope), keyNames(message));
      }
      return null;
    }
  }

  /** {@code "set trustCertificatesPem or trustStore"} reads {@code "set tls.trust-certificates or tls.trust-store"}. */
  private static String keyNames(String text) {
    String out = text;
    for (Map.Entry<String, String> e : TLS_SETTINGS.entrySet()) { // longer names first: trustStorePassword before trustStore
      out = out.replaceAll("\\b(tls\\.)?" + e.getKey() + "\\b", e.getValue());
    }
    return out;
  }

  /** The first file key named in {@code text} (never a password key, so no password is quoted), else the first set one. */
  private static String firstKeyIn(String text, BuildScope scope) {
    String first = null;
    int at = Integer.MAX_VALUE;
    for (String key : TLS_SETTINGS.values()) {
      int i = text.indexOf(key);
      if (i >= 0 && i < at && !key.endsWith("password")) {
        at = i;
        first = key;
      }
    }
    if (first != null) {
      return first;
    }
    for (String key : scope.setKeys("tls")) {
      if (!key.endsWith("password")) {
        return key;
      }
    }
    return "tls";
  }
}
