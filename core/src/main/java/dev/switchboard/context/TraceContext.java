package dev.switchboard.context;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context ({@code traceparent} and {@code tracestate}). Parsing is strict: version
 * {@code 00}, a 32-hex trace id that is not all zeros, a 16-hex parent id that is not all zeros,
 * and two hex flag digits, all lowercase. {@code tracestate} is passed through only when it has at
 * most 32 list members and 512 characters, and every member follows the W3C grammar ({@code
 * key=value}, lowercase keys, optionally {@code tenant@system}; printable ASCII values without
 * {@code ,} or {@code =}); otherwise it is dropped whole. Immutable and thread-safe.
 */
public final class TraceContext {
  /** Maximum {@code tracestate} length passed through. */
  public static final int MAX_TRACESTATE_LENGTH = 512;
  /** Maximum {@code tracestate} members passed through. */
  public static final int MAX_TRACESTATE_MEMBERS = 32;

  private final String traceId;
  /** The span id as text; for a minted span, made from {@link #spanBits} when first asked for. */
  private String spanId; // racy but idempotent: a String is safe to publish without a fence
  /** A minted span's id (never 0), or 0 when {@link #spanId} was given as text. */
  private final long spanBits;
  private final int flags;
  private final String traceState;

  private TraceContext(String traceId, String spanId, int flags, String traceState) {
    this(traceId, spanId, 0, flags, traceState);
  }

  private TraceContext(String traceId, String spanId, long spanBits, int flags, String traceState) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.spanBits = spanBits;
    this.flags = flags;
    this.traceState = traceState;
  }

  /** A new root trace with a random trace id and span id, sampled flag set. */
  public static TraceContext newRoot() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new TraceContext(nonZeroHex32(r), null, nonZeroLong(r), 1, null);
  }

  /**
   * A context from its parts, validated like {@link #parse}: for tracing adapters that hold the
   * ids already (a span's), so no header string is built and parsed again.
   *
   * @param traceId 32 lowercase hex digits, not all zeros
   * @param spanId 16 lowercase hex digits, not all zeros
   * @param flags trace flags, 0..255
   * @param traceState a {@code tracestate} value, or null; dropped when invalid, as when parsed
   * @throws IllegalArgumentException when an id or the flags are invalid
   */
  public static TraceContext of(String traceId, String spanId, int flags, String traceState) {
    if (traceId == null || traceId.length() != 32 || !isLowerHex(traceId) || allZeros(traceId)) {
      throw new IllegalArgumentException("invalid trace id: \"" + traceId + "\"");
    }
    if (spanId == null || spanId.length() != 16 || !isLowerHex(spanId) || allZeros(spanId)) {
      throw new IllegalArgumentException("invalid span id: \"" + spanId + "\"");
    }
    if (flags < 0 || flags > 255) {
      throw new IllegalArgumentException("trace flags must be 0..255: " + flags);
    }
    return new TraceContext(traceId, spanId, flags, sanitizeTraceState(traceState));
  }

  /**
   * Parses inbound headers. Returns empty when {@code traceparent} is absent or malformed; a
   * malformed {@code tracestate} is dropped while a valid {@code traceparent} is kept.
   */
  public static Optional<TraceContext> parse(String traceparent, String tracestate) {
    if (traceparent == null || traceparent.length() != 55) {
      return Optional.empty();
    }
    String s = traceparent;
    if (s.charAt(0) != '0' || s.charAt(1) != '0' || s.charAt(2) != '-' || s.charAt(35) != '-'
        || s.charAt(52) != '-') {
      return Optional.empty();
    }
    String traceId = s.substring(3, 35);
    String parent = s.substring(36, 52);
    String flagsHex = s.substring(53, 55);
    if (!isLowerHex(traceId) || !isLowerHex(parent) || !isLowerHex(flagsHex)
        || allZeros(traceId) || allZeros(parent)) {
      return Optional.empty();
    }
    return Optional.of(
        new TraceContext(traceId, parent, Integer.parseInt(flagsHex, 16), sanitizeTraceState(tracestate)));
  }

  /** A child of this context: same trace id and state, a new random span id. */
  public TraceContext newChild() {
    // The span id's text is made only if asked for: toTraceparent writes the digits itself.
    return new TraceContext(traceId, null, nonZeroLong(ThreadLocalRandom.current()), flags, traceState);
  }

  /** The 32-hex trace id. */
  public String traceId() {
    return traceId;
  }

  /** The 16-hex id of this span (sent as the parent id of the next hop). */
  public String spanId() {
    String s = spanId;
    if (s == null) {
      s = CorrelationId.hex16(spanBits);
      spanId = s;
    }
    return s;
  }

  /** Trace flags (bit 0 = sampled). */
  public int flags() {
    return flags;
  }

  /** The validated {@code tracestate}, if any. */
  public Optional<String> traceState() {
    return Optional.ofNullable(traceState);
  }

  /** This context as a {@code traceparent} header value: 55 characters, built in one pass. */
  public String toTraceparent() {
    byte[] b = new byte[55];
    b[0] = '0';
    b[1] = '0';
    b[2] = '-';
    ascii(traceId, b, 3); // the ids are validated lowercase hex: one byte per char
    b[35] = '-';
    String span = spanId;
    if (span != null) {
      ascii(span, b, 36);
    } else {
      CorrelationId.writeHex(spanBits, b, 36);
    }
    b[52] = '-';
    b[53] = HEX[(flags >>> 4) & 0xf];
    b[54] = HEX[flags & 0xf];
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @SuppressWarnings("deprecation") // the byte-wise copy is the point: one array copy for Latin-1
  private static void ascii(String s, byte[] out, int offset) {
    s.getBytes(0, s.length(), out, offset);
  }

  static String sanitizeTraceState(String value) {
    if (value == null) {
      return null;
    }
    String v = value.length() > MAX_TRACESTATE_LENGTH + 64 ? "" : trimOws(value);
    if (v.isEmpty() || v.length() > MAX_TRACESTATE_LENGTH) {
      return null;
    }
    int members = 1;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
      if (c == ',') {
        members++;
      }
    }
    if (members > MAX_TRACESTATE_MEMBERS) {
      return null;
    }
    for (String member : v.split(",", -1)) {
      String m = trimOws(member);
      if (m.isEmpty()) {
        continue; // empty members are allowed by the spec
      }
      int eq = m.indexOf('=');
      if (eq <= 0 || !isValidKey(m.substring(0, eq)) || !isValidValue(m.substring(eq + 1))) {
        return null;
      }
    }
    return v;
  }

  /** W3C key: {@code simple-key} or {@code tenant-id@system-id}. */
  private static boolean isValidKey(String key) {
    int at = key.indexOf('@');
    if (at < 0) {
      return key.length() <= 256 && isLcAlpha(key.charAt(0)) && keyChars(key, 1);
    }
    String tenant = key.substring(0, at);
    String system = key.substring(at + 1);
    return !tenant.isEmpty() && tenant.length() <= 241 && (isLcAlpha(tenant.charAt(0)) || isDigit(tenant.charAt(0)))
        && keyChars(tenant, 1)
        && !system.isEmpty() && system.length() <= 14 && isLcAlpha(system.charAt(0)) && keyChars(system, 1);
  }

  private static boolean keyChars(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /** W3C value: 1..256 printable ASCII characters except ',' and '=', not ending in a space. */
  private static boolean isValidValue(String value) {
    if (value.isEmpty() || value.length() > 256 || value.charAt(value.length() - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZeros(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static String nonZeroHex32(ThreadLocalRandom r) {
    long hi;
    long lo;
    do {
      hi = r.nextLong();
      lo = r.nextLong();
    } while (hi == 0 && lo == 0);
    return CorrelationId.hex(hi, lo);
  }

  private static long nonZeroLong(ThreadLocalRandom r) {
    long v;
    do {
      v = r.nextLong();
    } while (v == 0);
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceContext t
        && traceId.equals(t.traceId)
        && spanId().equals(t.spanId())
        && flags == t.flags
        && Objects.equals(traceState, t.traceState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(traceId, spanId(), flags, traceState);
  }

  @Override
  public String toString() {
    return toTraceparent();
  }
}
