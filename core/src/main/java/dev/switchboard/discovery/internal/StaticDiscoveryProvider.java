package dev.switchboard.discovery.internal;

import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code static:host:port[;weight=N][;priority=P][;zone=Z],...} (also {@code static:///...}): a
 * fixed list. IPv6 literals go in brackets: {@code static:[::1]:8080}. {@code priority} is the
 * failover level (0, the default, is preferred; see {@link Endpoint#priority()}):
 * {@code static:10.0.0.7:80,10.0.0.8:80;priority=1} sends everything to the first while it is
 * usable.
 */
public final class StaticDiscoveryProvider implements DiscoveryProvider {
  @Override
  public String scheme() {
    return "static";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    EndpointSet endpoints = parse(target);
    return new AbstractEndpointSource(target, environment) {
      {
        publish(endpoints);
      }

      @Override
      protected void doClose() {}
    };
  }

  /** Parses the endpoint list; fails quoting the target on any bad entry. */
  public static EndpointSet parse(DiscoveryTarget target) {
    target.requireOnlyParams();
    String list = target.name();
    if (list.isBlank()) {
      throw new IllegalArgumentException("static target \"" + target.raw() + "\" lists no endpoints");
    }
    List<Endpoint> out = new ArrayList<>();
    for (String entry : list.split(",")) {
      out.add(parseEntry(entry.trim(), target.raw()));
    }
    return EndpointSet.of(out);
  }

  static Endpoint parseEntry(String entry, String raw) {
    String[] parts = entry.split(";");
    String hostPort = parts[0];
    int weight = Endpoint.DEFAULT_WEIGHT;
    int priority = Endpoint.DEFAULT_PRIORITY;
    String zone = "";
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length != 2) {
        throw bad(raw, entry, "attribute \"" + parts[i] + "\" is not key=value");
      }
      switch (kv[0].trim()) {
        case "weight" -> weight = parseInt(kv[1].trim(), raw, entry, "weight");
        case "priority" -> priority = parseInt(kv[1].trim(), raw, entry, "priority");
        case "zone" -> zone = kv[1].trim();
        default -> throw bad(raw, entry, "unknown attribute \"" + kv[0] + "\" (weight, priority, zone)");
      }
    }
    String host;
    String portText;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        throw bad(raw, entry, "expected [ipv6]:port");
      }
      host = hostPort.substring(1, close);
      portText = hostPort.substring(close + 2);
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw bad(raw, entry, "missing port (expected host:port)");
      }
      host = hostPort.substring(0, colon);
      portText = hostPort.substring(colon + 1);
    }
    int port = parseInt(portText, raw, entry, "port");
    try {
      return new Endpoint(host, port, weight, priority, zone, Map.of());
    } catch (IllegalArgumentException e) {
      throw bad(raw, entry, e.getMessage());
    }
  }

  private static int parseInt(String s, String raw, String entry, String what) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw bad(raw, entry, what + " \"" + s + "\" is not a number");
    }
  }

  private static IllegalArgumentException bad(String raw, String entry, String why) {
    return new IllegalArgumentException("bad endpoint \"" + entry + "\" in target \"" + raw + "\": " + why);
  }
}
