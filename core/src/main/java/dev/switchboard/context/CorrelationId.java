package dev.switchboard.context;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Correlation ids as carried in {@code x-request-id}: at most 128 characters of
 * {@code [A-Za-z0-9._:-]}. Anything else is replaced, never passed on, so a hostile inbound value
 * cannot reach an outbound header or a log line. Thread-safe (static utility).
 */
public final class CorrelationId {
  /** Maximum accepted length. */
  public static final int MAX_LENGTH = 128;

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private CorrelationId() {}

  /** True if {@code value} is a non-empty string of at most 128 allowed characters. */
  public static boolean isValid(CharSequence value) {
    if (value == null || value.length() == 0 || value.length() > MAX_LENGTH) {
      return false;
    }
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= ALLOWED.length || !ALLOWED[c]) {
        return false;
      }
    }
    return true;
  }

  /** {@code [A-Za-z0-9._:-]}, by ASCII code: one load per character on the per-call path. */
  private static final boolean[] ALLOWED = allowed();

  private static boolean[] allowed() {
    boolean[] ok = new boolean[128];
    for (char c = 'a'; c <= 'z'; c++) {
      ok[c] = true;
      ok[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      ok[c] = true;
    }
    for (char c : new char[] {'.', '_', ':', '-'}) {
      ok[c] = true;
    }
    return ok;
  }

  /** {@code value} if valid, otherwise a freshly generated id. */
  public static String validOrNew(String value) {
    return isValid(value) ? value : generate();
  }

  /** A new random id: 32 lowercase hex characters (128 bits). */
  public static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return hex(r.nextLong(), r.nextLong());
  }

  static String hex(long hi, long lo) {
    byte[] out = new byte[32];
    writeHex(hi, out, 0);
    writeHex(lo, out, 16);
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1); // Latin-1: one copy, no char[]
  }

  /** 16 hex digits of {@code v}. */
  static String hex16(long v) {
    byte[] out = new byte[16];
    writeHex(v, out, 0);
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Writes the 16 lowercase hex digits of {@code v} into {@code out} at {@code offset}. */
  static void writeHex(long v, byte[] out, int offset) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = HEX[(int) v & 0xf];
      v >>>= 4;
    }
  }
}
