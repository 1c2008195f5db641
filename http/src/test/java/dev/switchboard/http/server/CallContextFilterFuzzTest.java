package dev.switchboard.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.InboundContext;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.TimeoutHeaders;
import dev.switchboard.context.TraceContext;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.HostileHeaderValues;
import dev.switchboard.testing.RawHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in every inbound header the filter reads: the filter never answers 500, never
 * lets an exception escape, and no bad value reaches an outbound header.
 */
class CallContextFilterFuzzTest {
  static {
    Hop.enableNoDelay();
  }

  static final List<String> FUZZED = List.of(WireHeaders.REQUEST_TIMEOUT_MS, WireHeaders.GRPC_TIMEOUT,
      WireHeaders.TRACEPARENT, WireHeaders.TRACESTATE, WireHeaders.REQUEST_ID);
  static final int VALUES_PER_HEADER = 200;
  static final Duration MAX_DEADLINE = Duration.ofSeconds(1);
  static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
  static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  @Test
  void parsingNeverThrowsAndKeepsOnlyValidValues() {
    InboundOptions options = InboundOptions.builder().maxDeadline(MAX_DEADLINE).build();
    List<String> all = new ArrayList<>(FUZZED);
    all.addAll(List.of(WireHeaders.CORRELATION_ID, WireHeaders.ENVOY_EXPECTED_TIMEOUT_MS,
        WireHeaders.REQUEST_ATTEMPT, WireHeaders.REQUEST_HEDGE));
    int checked = 0;
    for (String header : all) {
      for (String value : HostileHeaderValues.forHeader(header, 42, 1_000)) {
        Map<String, String> headers = Map.of(header, value);
        InboundContext in = InboundContext.parse(headers::get, options);
        CallContext c = in.context();
        assertThat(CorrelationId.isValid(c.correlationId().orElseThrow())).as(value).isTrue();
        TraceContext t = c.trace().orElseThrow();
        assertThat(t.toTraceparent()).as(value).matches(TRACEPARENT);
        assertThat(TraceContext.parse(t.toTraceparent(), t.traceState().orElse(null))).contains(t);
        t.traceState().ifPresent(s -> assertThat(s).hasSizeLessThanOrEqualTo(512).doesNotContain("\r", "\n"));
        c.deadline().ifPresent(d -> assertThat(d.remaining()).isLessThanOrEqualTo(MAX_DEADLINE));
        assertThat(c.attempt()).isBetween(0, 999);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(all.size() * 1_000);
  }

  @Test
  void theFilterNeverAnswers500AndNoBadValueReachesAnOutboundHeader() throws Exception {
    Map<String, Map<String, String>> outbound = new ConcurrentHashMap<>();
    HttpServer downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    ExecutorService downstreamPool = Executors.newFixedThreadPool(2);
    downstream.setExecutor(downstreamPool);
    downstream.createContext("/", ex -> {
      Map<String, String> seen = new HashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), String.join("\u0001", v)));
      outbound.put(ex.getRequestHeaders().getFirst("x-fuzz-seq"), seen);
      Hop.send(ex, 200, "{}");
    });
    downstream.start();
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    try (HttpServiceClient next = new HttpServiceClient(ServiceConfig.builder().name("downstream")
            .baseUrl("http://127.0.0.1:" + downstream.getAddress().getPort()).timeout(CLIENT_TIMEOUT).maxRetries(0).build());
        Hop front = Hop.start("front", InboundOptions.builder().maxDeadline(MAX_DEADLINE).build(),
            Executors.newFixedThreadPool(2), (ex, s) -> {
              String seq = ex.getRequestHeaders().getFirst("x-fuzz-seq");
              handled.merge(seq, 1, Integer::sum);
              try {
                next.request("GET", "/next").header("x-fuzz-seq", seq).exchange();
                Hop.send(ex, 200, "{}");
              } catch (ServiceCallException e) {
                // A tiny but valid budget runs out downstream: the handler's honest answer is 504.
                Hop.send(ex, e.kind() == ErrorKind.DEADLINE_EXCEEDED ? 504 : 502, "{}");
              }
            })) {
      int seq = 0;
      int reachedHandler = 0;
      for (String header : FUZZED) {
        List<String> values = HostileHeaderValues.forHeader(header, 7, VALUES_PER_HEADER);
        assertThat(values).hasSizeGreaterThanOrEqualTo(VALUES_PER_HEADER);
        for (String value : values) {
          String id = Integer.toString(seq++);
          int arrivalsBefore = front.arrivals.get();
          RawHttp.Head head = RawHttp.get(front.address(), "/fuzz", Duration.ofSeconds(10),
              "x-fuzz-seq: " + id, header + ": " + value);
          boolean filterRan = front.arrivals.get() > arrivalsBefore;
          String what = header + "=" + printable(value) + " -> " + head.status();
          assertThat(head.status()).as(what).isNotEqualTo(500);
          if (!filterRan) {
            // The JDK server itself refused the malformed request before any filter ran.
            assertThat(head.status()).as(what).isIn(400, -1);
            continue;
          }
          assertThat(head.status()).as(what).isIn(200, 504);
          assertThat(CorrelationId.isValid(head.header("x-request-id"))).as(what).isTrue();
          if (handled.containsKey(id) && head.status() == 200) {
            reachedHandler++;
            checkOutbound(what, header, value, outbound.get(id), head.header("x-request-id"));
          }
        }
      }
      assertThat(front.leaks.get()).isZero();
      assertThat(reachedHandler).isGreaterThan(FUZZED.size() * VALUES_PER_HEADER / 2);
    } finally {
      downstream.stop(0);
      downstreamPool.shutdownNow();
    }
  }

  private static void checkOutbound(String what, String header, String sent, Map<String, String> out, String echoed) {
    assertThat(out).as(what).isNotNull();
    for (Map.Entry<String, String> h : out.entrySet()) {
      assertThat(h.getValue().chars().allMatch(c -> c >= 0x20 && c <= 0x7e)).as(what + " " + h.getKey()).isTrue();
    }
    assertThat(out).as(what).doesNotContainKey("x-injected").doesNotContainKey("set-cookie");
    String id = out.get(WireHeaders.REQUEST_ID);
    assertThat(CorrelationId.isValid(id)).as(what).isTrue();
    assertThat(id).as(what).isEqualTo(echoed);
    String traceparent = out.get(WireHeaders.TRACEPARENT);
    assertThat(traceparent).as(what).matches(TRACEPARENT);
    assertThat(TraceContext.parse(traceparent, null)).as(what).isPresent();
    String tracestate = out.get(WireHeaders.TRACESTATE);
    if (tracestate != null) {
      assertThat(TraceContext.parse(traceparent, tracestate).orElseThrow().traceState()).as(what).contains(tracestate);
    }
    String timeout = out.get(WireHeaders.REQUEST_TIMEOUT_MS);
    assertThat(timeout).as(what).matches(DIGITS);
    // Without a valid inbound deadline the client's own timeout applies; with one, the clamped value.
    long limit = CLIENT_TIMEOUT.toMillis();
    java.util.Optional<Duration> inbound = header.equals(WireHeaders.GRPC_TIMEOUT)
        ? TimeoutHeaders.parseGrpcTimeout(sent)
        : header.equals(WireHeaders.REQUEST_TIMEOUT_MS) ? TimeoutHeaders.parseMillis(sent) : java.util.Optional.empty();
    if (inbound.isPresent()) {
      limit = Math.min(inbound.get().toMillis(), MAX_DEADLINE.toMillis());
    }
    assertThat(Long.parseLong(timeout)).as(what).isLessThanOrEqualTo(limit);
    if (header.equals(WireHeaders.REQUEST_ID) && !CorrelationId.isValid(sent)) {
      assertThat(id).as(what).isNotEqualTo(sent);
    }
    boolean deliveredIntact = sent.indexOf('\r') < 0 && sent.indexOf('\n') < 0; // else the server saw other lines
    String asSeen = sent.replaceAll("^[ \\t]+|[ \\t]+$", ""); // servers strip optional whitespace
    if (header.equals(WireHeaders.TRACEPARENT) && deliveredIntact && TraceContext.parse(asSeen, null).isEmpty()) {
      assertThat(traceparent).as(what).doesNotContain(sent.length() >= 35 ? sent.substring(3, 35) : "\u0000");
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + ")" : s;
    return cut.replace("\r", "\\r").replace("\n", "\\n");
  }
}
