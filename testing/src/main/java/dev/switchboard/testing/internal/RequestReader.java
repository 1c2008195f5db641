package dev.switchboard.testing.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.x request (request line, headers, Content-Length or chunked body) from a
 * {@link ConnectionInput}. Strict where a lenient parse would hide a client bug, lenient where
 * real clients differ (bare LF line ends, absolute-form targets). Stateless.
 */
public final class RequestReader {
  static final int MAX_LINE = 16 * 1024;
  static final int MAX_HEADERS = 256;
  private static final int MAX_LEADING_BLANK_LINES = 8;
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private RequestReader() {}

  /**
   * The next request, or null when the client closed the connection cleanly between requests.
   * {@code out} receives a {@code 100 Continue} when the client expects one.
   */
  public static ParsedRequest read(ConnectionInput in, OutputStream out, int maxBodyBytes)
      throws IOException, BadRequestException {
    String line;
    int blanks = 0;
    do {
      line = in.readLine(MAX_LINE);
      if (line == null) {
        return null;
      }
    } while (line.isEmpty() && ++blanks < MAX_LEADING_BLANK_LINES);
    String[] parts = line.split(" ");
    if (parts.length != 3 || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
      throw new BadRequestException(400, "bad request line: " + abbreviate(line));
    }
    String target = originForm(parts[1]);
    int hash = target.indexOf('#');
    if (hash >= 0) {
      target = target.substring(0, hash);
    }
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String rawQuery = question < 0 ? "" : target.substring(question + 1);
    Map<String, List<String>> headers = readHeaders(in);
    byte[] body = readBody(in, out, headers, maxBodyBytes);
    return new ParsedRequest(parts[0], path, rawQuery, parts[2], headers, body);
  }

  private static String originForm(String target) throws BadRequestException {
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      return slash < 0 ? "/" : target.substring(slash);
    }
    if (!target.startsWith("/") && !target.equals("*")) {
      throw new BadRequestException(400, "bad request target: " + abbreviate(target));
    }
    return target;
  }

  private static Map<String, List<String>> readHeaders(ConnectionInput in)
      throws IOException, BadRequestException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int count = 0; ; count++) {
      String line = in.readLine(MAX_LINE);
      if (line == null) {
        throw new EOFException("connection closed inside the request head");
      }
      if (line.isEmpty()) {
        break;
      }
      if (count >= MAX_HEADERS) {
        throw new BadRequestException(431, "more than " + MAX_HEADERS + " headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new BadRequestException(400, "bad header line: " + abbreviate(line));
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
    headers.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(headers);
  }

  private static byte[] readBody(ConnectionInput in, OutputStream out,
      Map<String, List<String>> headers, int maxBodyBytes) throws IOException, BadRequestException {
    List<String> encodings = headers.getOrDefault("transfer-encoding", List.of());
    boolean chunked = encodings.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
    long length = chunked ? -1 : contentLength(headers);
    if (length > maxBodyBytes) {
      throw new BadRequestException(413, "body of " + length + " bytes exceeds " + maxBodyBytes);
    }
    List<String> expect = headers.getOrDefault("expect", List.of());
    if ((chunked || length > 0) && expect.stream().anyMatch("100-continue"::equalsIgnoreCase)) {
      out.write(CONTINUE);
      out.flush();
    }
    if (chunked) {
      return readChunked(in, maxBodyBytes);
    }
    byte[] body = new byte[(int) Math.max(0, length)];
    in.readFully(body, 0, body.length);
    return body;
  }

  private static long contentLength(Map<String, List<String>> headers) throws BadRequestException {
    List<String> values = headers.getOrDefault("content-length", List.of());
    long length = -1;
    for (String value : values) {
      for (String item : value.split(",")) {
        long parsed;
        try {
          parsed = Long.parseLong(item.trim());
        } catch (NumberFormatException e) {
          throw new BadRequestException(400, "bad Content-Length: " + abbreviate(value));
        }
        if (parsed < 0 || (length >= 0 && parsed != length)) {
          throw new BadRequestException(400, "bad Content-Length: " + abbreviate(value));
        }
        length = parsed;
      }
    }
    return length;
  }

  private static byte[] readChunked(ConnectionInput in, int maxBodyBytes)
      throws IOException, BadRequestException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = in.readLine(MAX_LINE);
      if (sizeLine == null) {
        throw new EOFException("connection closed inside a chunked body");
      }
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new BadRequestException(400, "bad chunk size: " + abbreviate(sizeLine));
      }
      if (size < 0 || body.size() + size > maxBodyBytes) {
        throw new BadRequestException(413, "chunked body exceeds " + maxBodyBytes + " bytes");
      }
      if (size == 0) {
        readHeaders(in); // trailers: read and dropped
        return body.toByteArray();
      }
      byte[] chunk = new byte[(int) size];
      in.readFully(chunk, 0, chunk.length);
      body.write(chunk, 0, chunk.length);
      String end = in.readLine(MAX_LINE);
      if (end == null || !end.isEmpty()) {
        throw new BadRequestException(400, "chunk not followed by CRLF");
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
