package dev.switchboard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.TraceContext;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.HostileHeaderValues;
import dev.switchboard.testing.RawHttp;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JDK fuzz test's scenario behind Tomcat: no 500, nothing escapes, no bad value goes out. */
class CallContextServletFilterFuzzTest {
  static final List<String> FUZZED = List.of(WireHeaders.REQUEST_TIMEOUT_MS, WireHeaders.GRPC_TIMEOUT,
      WireHeaders.TRACEPARENT, WireHeaders.TRACESTATE, WireHeaders.REQUEST_ID);
  static final int VALUES_PER_HEADER = 200;
  static final Duration MAX_DEADLINE = Duration.ofSeconds(1);
  static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

  @Test
  void theFilterNeverAnswers500AndNoBadValueReachesAnOutboundHeader() throws Exception {
    Map<String, Map<String, String>> outbound = new ConcurrentHashMap<>();
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    try (ServletHop downstream = ServletHop.start("down", InboundOptions.defaults(), false, (req, resp, s) -> {
          Map<String, String> seen = new HashMap<>();
          for (String name : Collections.list(req.getHeaderNames())) {
            seen.put(name.toLowerCase(Locale.ROOT), String.join("\u0001", Collections.list(req.getHeaders(name))));
          }
          outbound.put(req.getHeader("x-fuzz-seq"), seen);
          ServletHop.send(resp, 200, "{}");
        });
        HttpServiceClient next = new HttpServiceClient(ServiceConfig.builder().name("down")
            .baseUrl(downstream.baseUrl()).timeout(Duration.ofSeconds(5)).maxRetries(0).build());
        ServletHop front = ServletHop.start("front", InboundOptions.builder().maxDeadline(MAX_DEADLINE).build(), false,
            (req, resp, s) -> {
              String seq = req.getHeader("x-fuzz-seq");
              handled.merge(seq, 1, Integer::sum);
              try {
                next.request("GET", "/next").header("x-fuzz-seq", seq).exchange();
                ServletHop.send(resp, 200, "{}");
              } catch (ServiceCallException e) {
                ServletHop.send(resp, e.kind() == ErrorKind.DEADLINE_EXCEEDED ? 504 : 502, "{}");
              }
            })) {
      int seq = 0;
      int reachedHandler = 0;
      for (String header : FUZZED) {
        for (String value : HostileHeaderValues.forHeader(header, 11, VALUES_PER_HEADER)) {
          String id = Integer.toString(seq++);
          int arrivalsBefore = front.arrivals.get();
          RawHttp.Head head = RawHttp.get(front.address(), "/fuzz", Duration.ofSeconds(10),
              "x-fuzz-seq: " + id, header + ": " + value);
          boolean filterRan = front.arrivals.get() > arrivalsBefore;
          String what = header + "=" + value.replace("\r", "\\r").replace("\n", "\\n") + " -> " + head.status();
          assertThat(head.status()).as(what).isNotEqualTo(500);
          if (!filterRan) {
            assertThat(head.status()).as(what).isIn(400, -1); // Tomcat refused it before any filter
            continue;
          }
          assertThat(head.status()).as(what).isIn(200, 504);
          assertThat(CorrelationId.isValid(head.header("x-request-id"))).as(what).isTrue();
          if (handled.containsKey(id) && head.status() == 200) {
            reachedHandler++;
            Map<String, String> out = outbound.get(id);
            assertThat(out).as(what).isNotNull();
            out.forEach((k, v) -> assertThat(v.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)).as(what + " " + k).isTrue());
            assertThat(CorrelationId.isValid(out.get(WireHeaders.REQUEST_ID))).as(what).isTrue();
            assertThat(out.get(WireHeaders.TRACEPARENT)).as(what).matches(TRACEPARENT);
            String state = out.get(WireHeaders.TRACESTATE);
            if (state != null) {
              assertThat(TraceContext.parse(out.get(WireHeaders.TRACEPARENT), state).orElseThrow().traceState())
                  .as(what).contains(state);
            }
            assertThat(out.get(WireHeaders.REQUEST_TIMEOUT_MS)).as(what).matches("[0-9]{1,4}");
            assertThat(Long.parseLong(out.get(WireHeaders.REQUEST_TIMEOUT_MS))).as(what).isLessThanOrEqualTo(5_000);
          }
        }
      }
      assertThat(front.leaks.get()).isZero();
      assertThat(reachedHandler).isGreaterThan(FUZZED.size() * VALUES_PER_HEADER / 2);
    }
  }
}
