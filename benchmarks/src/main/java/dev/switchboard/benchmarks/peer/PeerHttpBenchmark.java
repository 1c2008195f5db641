package dev.switchboard.benchmarks.peer;

import dev.switchboard.http.transport.HttpTransportFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP peer benchmark: Switchboard on each of its transports (defaults, and with retries +
 * budget + breaker + AIMD limit) against the Java clients a team would otherwise use, all in one
 * process, all calling one Undertow server over loopback ({@code GET /users/{id}}, a 102-byte JSON
 * body decoded with the same Jackson). Rounds are interleaved (every client at every caller count,
 * then again, in a rotated order), so noise hits all clients alike. Reports calls/s, p50/p99/p99.9,
 * and the client's CPU µs and bytes allocated per call, summed over every thread except the
 * server's (see {@link ThreadAccounting}). Medians over the rounds.
 *
 * <p>Run: {@code benchmarks/peer-http.sh [--quick]}, or
 * {@code java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.peer.PeerHttpBenchmark
 * [--quick] [--seconds S] [--rounds R] [--callers 8,32] [--only substring,...]}.
 */
public final class PeerHttpBenchmark {
  private PeerHttpBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    try (PeerServer server = new PeerServer(2)) {
      String base = server.baseUrl();
      Map<String, Function<String, PeerClient>> factories = new LinkedHashMap<>();
      factories.put("raw-jdk", RawPeers::jdk);
      factories.put("jdk-r4j", RawPeers::jdkWithResilience4j);
      factories.put("okhttp", RawPeers::okHttp);
      factories.put("apache-classic", RawPeers::apacheClassic);
      factories.put("apache-lean", RawPeers::apacheClassicLean);
      factories.put("armeria", RawPeers::armeria);
      factories.put("sb-jdk", b -> SwitchboardPeers.defaults(b, "java.net.http", HttpTransportFactory.jdk()));
      factories.put("sb-jdk-full", b -> SwitchboardPeers.fullStack(b, "java.net.http", HttpTransportFactory.jdk()));
      factories.put("sb-apache", b -> SwitchboardPeers.defaults(b, "Apache HC5", HttpTransportFactory.apache()));
      factories.put("sb-apache-full", b -> SwitchboardPeers.fullStack(b, "Apache HC5", HttpTransportFactory.apache()));
      List<PeerClient> clients = new ArrayList<>();
      for (Map.Entry<String, Function<String, PeerClient>> f : factories.entrySet()) {
        // A name that is a key selects that client alone; any other, every key containing it.
        boolean exact = o.only.stream().anyMatch(factories::containsKey);
        if (o.only.isEmpty() || o.only.stream().anyMatch(exact ? f.getKey()::equals : f.getKey()::contains)) {
          clients.add(f.getValue().apply(base));
        }
      }
      System.out.printf("HTTP peer benchmark: %d clients, callers %s, %d round(s) of %.1f s each, server %s%n",
          clients.size(), o.callers, o.rounds, o.seconds, base);
      System.out.printf("java %s, %d cores, load %s%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), load());
      for (PeerClient c : clients) { // warm-up: JIT, pools, class loading; not measured
        Measurement.run(c::get, 8, o.warmupSeconds);
      }
      Map<String, List<Measurement.Result>> results = new LinkedHashMap<>();
      for (int round = 0; round < o.rounds; round++) {
        for (int callers : o.callers) {
          for (int i = 0; i < clients.size(); i++) {
            PeerClient c = clients.get((i + round) % clients.size()); // rotate the order each round
            Measurement.Result r = Measurement.run(c::get, callers, o.seconds);
            results.computeIfAbsent(callers + "|" + c.name(), k -> new ArrayList<>()).add(r);
            System.out.printf("round %d, %2d callers, %-42s %9.0f calls/s  cpu %6.1f µs  %7.1f KB%s%n",
                round + 1, callers, c.name(), r.callsPerSecond(), r.cpuMicrosPerCall(), r.bytesPerCall() / 1024,
                r.errors() > 0 ? "  errors " + r.errors() + " (" + r.firstError() + ")" : "");
          }
        }
      }
      printSummary(o, clients, results);
      for (PeerClient c : clients) {
        c.close();
      }
    }
  }

  private static void printSummary(Options o, List<PeerClient> clients, Map<String, List<Measurement.Result>> results) {
    System.out.printf("%nMedians over %d round(s); load at the end %s%n", o.rounds, load());
    System.out.println("| client | callers | calls/s | p50 µs | p99 µs | p99.9 µs | client CPU µs/call | client KB/call | errors | threads lost |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int callers : o.callers) {
      for (PeerClient c : clients) {
        List<Measurement.Result> rs = results.get(callers + "|" + c.name());
        System.out.printf("| %s | %d | %,.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %d | %d |%n", c.name(), callers,
            median(rs, Measurement.Result::callsPerSecond),
            median(rs, r -> r.latency().getValueAtPercentile(50) / 1000.0),
            median(rs, r -> r.latency().getValueAtPercentile(99) / 1000.0),
            median(rs, r -> r.latency().getValueAtPercentile(99.9) / 1000.0),
            median(rs, Measurement.Result::cpuMicrosPerCall),
            median(rs, r -> r.bytesPerCall() / 1024),
            rs.stream().mapToLong(Measurement.Result::errors).sum(),
            rs.stream().mapToInt(Measurement.Result::threadsLost).sum());
      }
    }
  }

  private static double median(List<Measurement.Result> rs, java.util.function.ToDoubleFunction<Measurement.Result> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** Command-line settings. */
  private static final class Options {
    double seconds = 5;
    double warmupSeconds = 3;
    int rounds = 3;
    List<Integer> callers = List.of(8, 32);
    List<String> only = List.of();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> {
            o.seconds = 2;
            o.warmupSeconds = 1;
            o.rounds = 1;
          }
          case "--seconds" -> o.seconds = Double.parseDouble(args[++i]);
          case "--warmup" -> o.warmupSeconds = Double.parseDouble(args[++i]);
          case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
          case "--callers" -> o.callers = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
          case "--only" -> o.only = Arrays.asList(args[++i].split(","));
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + " (use --quick, --seconds S, --warmup S, --rounds R, --callers 8,32, --only a,b)");
        }
      }
      o.callers = o.callers.stream().sorted(Comparator.naturalOrder()).toList();
      return o;
    }
  }
}
