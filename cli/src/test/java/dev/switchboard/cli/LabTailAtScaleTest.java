package dev.switchboard.cli;

import static dev.switchboard.cli.LabRun.num;
import static dev.switchboard.cli.LabRun.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabTailAtScaleTest {
  @Test
  void hedgingCutsTheInjectedOneSecondTailForAFewPercentMoreRequests(@TempDir Path dir) throws Exception {
    LabRun run = LabRun.of("tail-at-scale", 0.05, dir);

    assertThat(run.html()).contains("Tail at Scale").contains("1,800 ms").contains("74 ms");
    List<Map<String, String>> summary = run.csv("summary", "mode", "calls", "errors", "p50_ms", "p99_ms", "p99_9_ms",
        "max_ms", "calls_over_900ms", "server_requests", "extra_requests_pct", "hedges_issued", "hedges_won", "hedges_refused", "seconds");
    assertThat(summary).extracting(r -> r.get("mode"))
        .containsExactly("no hedging", "fixed 10 ms", "adaptive p95", "p95, budget 5%");
    Map<String, String> none = row(summary, "mode", "no hedging");
    Map<String, String> fixed = row(summary, "mode", "fixed 10 ms");
    Map<String, String> adaptive = row(summary, "mode", "adaptive p95");
    // 1% of replies take 1 s: without hedging the p99.9 is that second
    assertThat(num(none, "p99_9_ms")).isBetween(950.0, 1_500.0);
    assertThat(num(none, "calls_over_900ms")).isPositive();
    assertThat(num(none, "extra_requests_pct")).isZero();
    // a hedge after the p95 latency leaves only calls whose copies were both slow: the calls that
    // waited for an injected second all but vanish (counted, not read off p99.9, which a busy
    // machine's scheduling stall can lift for every in-flight call at once)
    assertThat(num(adaptive, "calls_over_900ms")).isLessThanOrEqualTo(Math.max(1, num(none, "calls_over_900ms") / 4));
    assertThat(num(adaptive, "calls_over_900ms")).isLessThan(num(none, "calls_over_900ms"));
    assertThat(num(adaptive, "extra_requests_pct")).isBetween(0.1, 25.0);
    // a fixed 10 ms delay hedges every call slower than 10 ms, as far as the budget allows (on a busy
    // machine many calls are, so the budget rightly refuses some and a few slow calls stay slow)
    assertThat(num(fixed, "hedges_issued")).isPositive();
    assertThat(num(fixed, "calls_over_900ms")).isLessThanOrEqualTo(num(none, "calls_over_900ms"));
    assertThat(num(fixed, "extra_requests_pct")).isBetween(0.1, 35.0);
    for (Map<String, String> mode : summary) {
      assertThat(num(mode, "errors")).isZero();
    }
    List<Map<String, String>> percentiles = run.csv("percentiles", "mode", "percentile", "latency_ms");
    assertThat(percentiles).hasSize(4 * 9);
    assertThat(run.result().out()).contains("p99.9 latency, no hedging").contains("1,800 ms");
  }
}
