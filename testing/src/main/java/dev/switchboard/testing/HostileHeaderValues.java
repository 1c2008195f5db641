package dev.switchboard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic hostile values for fuzzing inbound header parsing: random, oversized, negative,
 * unicode and CR/LF-bearing strings, plus near-misses of the valid syntax of the header named
 * ({@code x-request-timeout-ms}, {@code grpc-timeout}, {@code traceparent}, {@code tracestate},
 * {@code x-request-id}). A few valid values are mixed in so the pass-through path is fuzzed too.
 * The same seed gives the same list. Thread-safe (static utility).
 */
public final class HostileHeaderValues {
  private static final String VALID_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String[] UNICODE = {
    "\u00e9", "\u0665", "\uff15", "\u202e", "\u200b", "\ud83d\ude00", "\u0000", "\u00ff", "\u4e2d", "\ufeff"
  };
  private static final String[] INJECTIONS = {
    "\r\nx-injected: 1", "\r\n", "\n", "\r", "\r\n\r\nGET / HTTP/1.1", "\nset-cookie: a=b", "\t", "\u0085"
  };

  private HostileHeaderValues() {}

  /** At least {@code count} values for {@code header}, generated from {@code seed}. */
  public static List<String> forHeader(String header, long seed, int count) {
    SplittableRandom r = new SplittableRandom(seed ^ header.hashCode());
    List<String> out = new ArrayList<>(specific(header.toLowerCase(Locale.ROOT)));
    out.addAll(List.of("", " ", "\t", "null", "-1", "-0", "0", "+1", "1.5", "1e9", "0x10", "NaN",
        "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "x".repeat(129),
        "1".repeat(10_000), "a=b".repeat(300)));
    while (out.size() < count) {
      out.add(random(header, r));
    }
    return out;
  }

  private static String random(String header, SplittableRandom r) {
    switch (r.nextInt(7)) {
      case 0: // printable ASCII noise
        return ascii(r, 1 + r.nextInt(80));
      case 1: // oversized
        return ascii(r, 129 + r.nextInt(8_000));
      case 2: // negative numbers and signed noise
        return "-" + Math.abs(r.nextLong() % 1_000_000_000L) + (r.nextBoolean() ? "" : "m");
      case 3: // unicode sprinkled into a near-valid value
        return mutate(seedFor(header, r), r, UNICODE[r.nextInt(UNICODE.length)]);
      case 4: // CR/LF and other injections
        return mutate(seedFor(header, r), r, INJECTIONS[r.nextInt(INJECTIONS.length)]);
      case 5: // one character of a near-valid value flipped
        return mutate(seedFor(header, r), r, String.valueOf((char) (0x20 + r.nextInt(0x5f))));
      default: // a valid value, to exercise the pass-through path
        return seedFor(header, r);
    }
  }

  private static String seedFor(String header, SplittableRandom r) {
    switch (header.toLowerCase(Locale.ROOT)) {
      case "x-request-timeout-ms":
      case "x-envoy-expected-rq-timeout-ms":
        return Integer.toString(1 + r.nextInt(5000));
      case "grpc-timeout":
        return (1 + r.nextInt(99_999)) + String.valueOf("HMSmun".charAt(r.nextInt(6)));
      case "traceparent":
        return "00-" + hex(r, 32) + "-" + hex(r, 16) + "-0" + r.nextInt(2);
      case "tracestate":
        return "k" + r.nextInt(100) + "=v" + r.nextInt(1000) + ",vendor@sys=" + ascii(r, 5).replace(",", "").replace("=", "");
      default:
        return "req-" + hex(r, 12);
    }
  }

  private static List<String> specific(String header) {
    List<String> v = new ArrayList<>();
    switch (header) {
      case "grpc-timeout":
        v.addAll(List.of("123456789m", "5", "m", "5s", "5h", "5x", "-5m", "+5m", "5 m", "1.5S", "0n", "99999999H",
            "\uff15m", "5m\r\nx: y", "00000000S"));
        break;
      case "traceparent":
        v.addAll(List.of(VALID_TRACEPARENT.toUpperCase(Locale.ROOT), "01" + VALID_TRACEPARENT.substring(2),
            "ff" + VALID_TRACEPARENT.substring(2), "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", VALID_TRACEPARENT + "-",
            VALID_TRACEPARENT.substring(0, 54), VALID_TRACEPARENT.replace('-', '_'),
            VALID_TRACEPARENT + "\r\nx: y", " " + VALID_TRACEPARENT.substring(1)));
        break;
      case "tracestate":
        v.addAll(List.of(String.join(",", java.util.Collections.nCopies(33, "a=b")), "x=" + "y".repeat(511),
            "A=1", "a=b=c", "a=", "=b", "a@=1", "a=caf\u00e9", "a=b\r\nx: y", ",,,,", "a=b,c"));
        break;
      case "x-request-id":
      case "x-correlation-id":
        v.addAll(List.of("a".repeat(129), "has space", "slash/", "caf\u00e9", "id\r\nset-cookie: a", "<script>",
            "a;b", "%0d%0a", "..", "a,b"));
        break;
      default:
        v.addAll(List.of("1000000000000000000", "1 0", "\uff11", "0x10", "1\r\nx: y", "5m"));
    }
    return v;
  }

  private static String mutate(String base, SplittableRandom r, String insert) {
    int at = base.isEmpty() ? 0 : r.nextInt(base.length() + 1);
    boolean replace = r.nextBoolean() && at < base.length();
    return base.substring(0, at) + insert + base.substring(replace ? at + 1 : at);
  }

  private static String ascii(SplittableRandom r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) (0x21 + r.nextInt(0x5e)));
    }
    return sb.toString();
  }

  private static String hex(SplittableRandom r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return sb.toString();
  }
}
