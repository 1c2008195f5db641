package dev.switchboard.discovery.dns.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The queries behind {@code dns:} and {@code dns+srv:}, sent asynchronously through one dnsjava
 * {@link Resolver} (no caching: every refresh asks the server, so TTLs are the server's).
 *
 * <p>Rules: NOERROR and NXDOMAIN are answers (possibly empty); any other rcode, a timeout or an
 * I/O error fails the whole lookup, so a partial failure never shrinks the set. Thread-safe.
 */
public final class DnsLookups {
  private final Resolver resolver;
  private final String server;

  /** Queries through {@code resolver}; {@code server} names it in error messages. */
  public DnsLookups(Resolver resolver, String server) {
    this.resolver = resolver;
    this.server = server;
  }

  /** A and AAAA of {@code name}, each address with {@code port}. */
  public CompletionStage<DnsAnswer> addresses(Name name, int port) {
    return addressRecords(name).thenApply(r -> {
      List<Endpoint> out = new ArrayList<>();
      for (InetAddress a : r.addresses) {
        out.add(Endpoint.of(hostAddress(a), port));
      }
      return new DnsAnswer(EndpointSet.of(out), r.ttl);
    });
  }

  /**
   * SRV of {@code name}: one endpoint per address of each target, with the record's port, its
   * priority as the endpoint's priority and its weight as the endpoint's weight
   * ({@link #srvWeight}). Targets come from the additional section or are looked up.
   */
  public CompletionStage<DnsAnswer> srv(Name name, DnsEndpointSource source) {
    return query(name, Type.SRV).thenCompose(srv -> {
      List<CompletableFuture<Addresses>> targets = new ArrayList<>();
      List<SRVRecord> records = new ArrayList<>();
      for (Record r : srv.records) {
        SRVRecord s = (SRVRecord) r;
        if (s.getTarget().equals(Name.root)) {
          continue; // RFC 2782: "." means the service is decidedly not available here
        }
        records.add(s);
        Addresses glue = glue(srv.message, s.getTarget());
        targets.add(glue != null ? CompletableFuture.completedFuture(glue)
            : addressRecords(s.getTarget()).toCompletableFuture());
      }
      return CompletableFuture.allOf(targets.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
        long ttl = srv.ttl;
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
          SRVRecord s = records.get(i);
          Addresses a = targets.get(i).join();
          ttl = minTtl(ttl, a.ttl);
          String host = s.getTarget().toString(true);
          if (a.addresses.isEmpty()) {
            source.skipped(name + " -> " + host, "SRV target has no A/AAAA record");
            continue;
          }
          Map<String, String> meta = Map.of("dns.target", host, "srv.priority", Integer.toString(s.getPriority()),
              "srv.weight", Integer.toString(s.getWeight()));
          for (InetAddress ip : a.addresses) {
            out.add(new Endpoint(hostAddress(ip), s.getPort(), srvWeight(s.getWeight()), s.getPriority(), "", meta));
          }
        }
        return new DnsAnswer(EndpointSet.of(out), ttl);
      });
    });
  }

  /**
   * The endpoint weight for an SRV weight: {@code 100 × weight}, and 1 for weight 0. RFC 2782: "In
   * the presence of records containing weights greater than 0, records with weight 0 should have a
   * very small chance of being selected"; scaling keeps every positive weight's ratio and gives
   * weight 0 about 1/100 of a weight-1 record's share (the smallest endpoint weight is 1). A level
   * whose records all have weight 0 is split evenly, as the RFC asks.
   */
  static int srvWeight(int weight) {
    return weight == 0 ? 1 : weight * SRV_WEIGHT_SCALE;
  }

  /** See {@link #srvWeight}. */
  static final int SRV_WEIGHT_SCALE = 100;

  private CompletionStage<Addresses> addressRecords(Name name) {
    CompletableFuture<Rrs> a = query(name, Type.A).toCompletableFuture();
    CompletableFuture<Rrs> aaaa = query(name, Type.AAAA).toCompletableFuture();
    return a.thenCombine(aaaa, (v4, v6) -> {
      List<InetAddress> out = new ArrayList<>();
      for (Record r : v4.records) {
        out.add(((ARecord) r).getAddress());
      }
      for (Record r : v6.records) {
        out.add(((AAAARecord) r).getAddress());
      }
      return new Addresses(out, minTtl(v4.ttl, v6.ttl));
    });
  }

  /** The target's addresses from the SRV response's additional section, or null if absent. */
  private static Addresses glue(Message message, Name target) {
    List<InetAddress> out = new ArrayList<>();
    long ttl = -1;
    for (Record r : message.getSection(Section.ADDITIONAL)) {
      if (!r.getName().equals(target)) {
        continue;
      }
      if (r instanceof ARecord a) {
        out.add(a.getAddress());
      } else if (r instanceof AAAARecord a) {
        out.add(a.getAddress());
      } else {
        continue;
      }
      ttl = minTtl(ttl, r.getTTL());
    }
    return out.isEmpty() ? null : new Addresses(out, ttl);
  }

  private CompletionStage<Rrs> query(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    return resolver.sendAsync(query).thenApply(response -> {
      int rcode = response.getRcode();
      if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
        throw new DnsQueryException("DNS " + Type.string(type) + " query for " + name + " via " + server
            + " answered " + Rcode.string(rcode));
      }
      Map<String, Record> matching = new LinkedHashMap<>();
      long ttl = -1;
      for (Record r : response.getSection(Section.ANSWER)) {
        if (r.getType() == type) { // CNAME chains: keep only the final records
          matching.put(r.rdataToString(), r);
          ttl = minTtl(ttl, r.getTTL());
        }
      }
      if (matching.isEmpty()) {
        // negative answer: cache it as long as the zone's SOA says (RFC 2308)
        for (Record r : response.getSection(Section.AUTHORITY)) {
          if (r instanceof SOARecord soa) {
            ttl = minTtl(ttl, Math.min(soa.getTTL(), soa.getMinimum()));
          }
        }
      }
      return new Rrs(response, List.copyOf(matching.values()), ttl);
    }).exceptionally(e -> {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof DnsQueryException d) {
        throw d;
      }
      throw new DnsQueryException("DNS " + Type.string(type) + " query for " + name + " via " + server
          + " failed: " + cause, cause);
    });
  }

  /** The address as text; IPv6 in the short RFC 5952 form ({@code ::1}), as users write it. */
  static String hostAddress(InetAddress address) {
    if (!(address instanceof java.net.Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static long minTtl(long a, long b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  private record Rrs(Message message, List<Record> records, long ttl) {}

  private record Addresses(List<InetAddress> addresses, long ttl) {}

  /** A query that got no usable answer: the source keeps its last set and retries. */
  public static final class DnsQueryException extends RuntimeException {
    DnsQueryException(String message) {
      super(message);
    }

    DnsQueryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
