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
 * [--quick] [--seconds S] [--rounds R] [--callers 8,32] [--only substring,...] [--threads]}
 * ({@code --threads}: each measurement's client CPU per call by thread group, to see where it goes).
 */
public final class PeerHttpBenchmark {
  /** Client name → factory key, for the summary's comparisons. */
  private static final Map<String, String> KEYS = new java.util.HashMap<>();
  /** "callers|name" → requests the server answered per call, one per round (hedges, retries). */
  private static final Map<String, List<Double>> REQUESTS_PER_CALL = new java.util.HashMap<>();

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
      factories.put("apache-lean-headers", RawPeers::apacheClassicLeanWithHeaders);
      factories.put("armeria", RawPeers::armeria);
      factories.put("sb-jdk", b -> SwitchboardPeers.defaults(b, "java.net.http", HttpTransportFactory.jdk()));
      factories.put("sb-jdk-full", b -> SwitchboardPeers.fullStack(b, "java.net.http", HttpTransportFactory.jdk()));
      factories.put("sb-apache", b -> SwitchboardPeers.defaults(b, "Apache HC5", HttpTransportFactory.apache()));
      factories.put("sb-apache-full", b -> SwitchboardPeers.fullStack(b, "Apache HC5", HttpTransportFactory.apache()));
      List<PeerClient> clients = new ArrayList<>();
      KEYS.clear();
      REQUESTS_PER_CALL.clear();
      for (Map.Entry<String, Function<String, PeerClient>> f : factories.entrySet()) {
        // A name that is a key selects that client alone; any other, every key containing it.
        boolean exact = o.only.stream().anyMatch(factories::containsKey);
        if (o.only.isEmpty() || o.only.stream().anyMatch(exact ? f.getKey()::equals : f.getKey()::contains)) {
          PeerClient client = f.getValue().apply(base);
          clients.add(client);
          KEYS.put(client.name(), f.getKey());
        }
      }
      System.out.printf("HTTP peer benchmark: %d clients, callers %s, %d round(s) of %.1f s each, server %s%n",
          clients.size(), o.callers, o.rounds, o.seconds, base);
      System.out.printf("java %s, %d cores, load %s%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), load());
      for (PeerClient c : clients) { // warm-up: JIT, pools, class loading; not measured
        Measurement.run(keyOf(c), c::get, 8, o.warmupSeconds);
      }
      Map<String, List<Measurement.Result>> results = new LinkedHashMap<>(); // "callers|name" -> one per round
      for (int round = 0; round < o.rounds; round++) {
        for (int callers : o.callers) {
          for (int i = 0; i < clients.size(); i++) {
            PeerClient c = clients.get((i + round) % clients.size()); // rotate the order each round
            long requestsBefore = server.requests();
            Measurement.Result r = Measurement.run(keyOf(c), c::get, callers, o.seconds);
            double requestsPerCall = (double) (server.requests() - requestsBefore) / Math.max(1, r.calls() + r.errors());
            results.computeIfAbsent(callers + "|" + c.name(), k -> new ArrayList<>()).add(r);
            REQUESTS_PER_CALL.computeIfAbsent(callers + "|" + c.name(), k -> new ArrayList<>()).add(requestsPerCall);
            System.out.printf("round %d, %2d callers, %-42s %9.0f calls/s  cpu %6.1f µs  %7.1f KB  %.3f req/call%s%n",
                round + 1, callers, c.name(), r.callsPerSecond(), r.cpuMicrosPerCall(), r.bytesPerCall() / 1024,
                requestsPerCall,
                r.errors() > 0 ? "  errors " + r.errors() + " (" + r.firstError() + ")" : "");
            if (o.threads) { // CPU µs per call by thread group, the busiest first
              r.cpuByThreadGroup().entrySet().stream().filter(e -> e.getValue() > 0)
                  .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                  .forEach(e -> System.out.printf("    %-40s %6.2f µs/call%n", e.getKey(),
                      e.getValue() / 1000.0 / Math.max(1, r.calls())));
            }
          }
        }
      }
      printSummary(o, clients, results);
      for (PeerClient c : clients) {
        c.close();
      }
    }
  }

  /** The raw client each Switchboard client runs on, by factory key: its own cost is the difference. */
  private static final Map<String, String> RAW_TRANSPORT = Map.of(
      "sb-apache", "apache-lean", "sb-apache-full", "apache-lean", "sb-jdk", "raw-jdk", "sb-jdk-full", "raw-jdk");
  /** The peers the goal is measured against: the fastest of these, per round. */
  private static final List<String> PEERS = List.of("okhttp", "apache-classic", "armeria");

  private static void printSummary(Options o, List<PeerClient> clients, Map<String, List<Measurement.Result>> results) {
    System.out.printf("%nMedians over %d round(s); load at the end %s%n", o.rounds, load());
    System.out.println("| client | callers | calls/s | × fastest peer | p50 µs | p99 µs | p99.9 µs"
        + " | client CPU µs/call | client KB/call | own CPU µs/call | own KB/call | requests/call | errors |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int callers : o.callers) {
      for (PeerClient c : clients) {
        List<Measurement.Result> rs = results.get(callers + "|" + c.name());
        String key = keyOf(c);
        System.out.printf("| %s | %d | %,.0f | %s | %.0f | %.0f | %.0f | %.1f | %.1f | %s | %s | %.3f | %d |%n", c.name(), callers,
            median(rs, Measurement.Result::callsPerSecond),
            perRound(results, clients, callers, c, (r, round) -> fastestPeer(results, clients, callers, round)
                .map(peer -> r.callsPerSecond() / peer.callsPerSecond()).orElse(Double.NaN), "%.2f"),
            median(rs, r -> r.latency().getValueAtPercentile(50) / 1000.0),
            median(rs, r -> r.latency().getValueAtPercentile(99) / 1000.0),
            median(rs, r -> r.latency().getValueAtPercentile(99.9) / 1000.0),
            median(rs, Measurement.Result::cpuMicrosPerCall),
            median(rs, r -> r.bytesPerCall() / 1024),
            perRound(results, clients, callers, c, (r, round) -> raw(results, clients, callers, key, round)
                .map(raw -> r.cpuMicrosPerCall() - raw.cpuMicrosPerCall()).orElse(Double.NaN), "%+.1f"),
            perRound(results, clients, callers, c, (r, round) -> raw(results, clients, callers, key, round)
                .map(raw -> (r.bytesPerCall() - raw.bytesPerCall()) / 1024).orElse(Double.NaN), "%+.2f"),
            REQUESTS_PER_CALL.get(callers + "|" + c.name()).stream().sorted().toList()
                .get(REQUESTS_PER_CALL.get(callers + "|" + c.name()).size() / 2),
            rs.stream().mapToLong(Measurement.Result::errors).sum());
      }
    }
    System.out.println("× fastest peer: calls/s over the best of OkHttp, Apache HttpClient 5 classic and Armeria"
        + " in the same round. own: minus the raw transport it runs on (apache-lean, raw java.net.http) in the"
        + " same round. Medians over rounds.");
  }

  private static String keyOf(PeerClient c) {
    return KEYS.getOrDefault(c.name(), "");
  }

  /** The median over rounds of {@code f}(this client's result, round), or "-" when it does not apply. */
  private static String perRound(Map<String, List<Measurement.Result>> results, List<PeerClient> clients, int callers,
      PeerClient c, java.util.function.BiFunction<Measurement.Result, Integer, Double> f, String format) {
    List<Measurement.Result> rs = results.get(callers + "|" + c.name());
    double[] v = new double[rs.size()];
    for (int round = 0; round < rs.size(); round++) {
      v[round] = f.apply(rs.get(round), round);
    }
    double m = median(v);
    return Double.isNaN(m) ? "-" : String.format(format, m);
  }

  private static java.util.Optional<Measurement.Result> raw(Map<String, List<Measurement.Result>> results,
      List<PeerClient> clients, int callers, String key, int round) {
    String rawKey = RAW_TRANSPORT.get(key);
    return clients.stream().filter(c -> keyOf(c).equals(rawKey)).findFirst()
        .map(c -> results.get(callers + "|" + c.name()).get(round));
  }

  private static java.util.Optional<Measurement.Result> fastestPeer(Map<String, List<Measurement.Result>> results,
      List<PeerClient> clients, int callers, int round) {
    return clients.stream().filter(c -> PEERS.contains(keyOf(c)))
        .map(c -> results.get(callers + "|" + c.name()).get(round))
        .max(java.util.Comparator.comparingDouble(Measurement.Result::callsPerSecond));
  }

  private static double median(double[] values) {
    double[] v = java.util.Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double median(List<Measurement.Result> rs, java.util.function.ToDoubleFunction<Measurement.Result> f) {
    return median(rs.stream().mapToDouble(f).toArray());
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
    boolean threads;

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
          case "--threads" -> o.threads = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + " (use --quick, --seconds S, --warmup S, --rounds R, --callers 8,32, --only a,b, --threads)");
        }
      }
      o.callers = o.callers.stream().sorted(Comparator.naturalOrder()).toList();
      return o;
    }
  }
}
