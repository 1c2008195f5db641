package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpCall;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.Response;
import dev.switchboard.time.Deadline;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard call [-X METHOD] [-H 'Name: value']... [-d BODY|@file] [-v] <destination> <path>}:
 * one request through Switchboard's whole client pipeline (discovery, balancing, retries under the
 * budget, deadline and trace propagation). Prints the answer's body (JSON pretty-printed, anything
 * else as it came) on stdout; with {@code -v}, every attempt on stderr.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = {"Send one request through Switchboard and print the answer's body.",
        "Destinations: ${sys:switchboard.cli.forms}"},
    footer = {"", "Exit status: 0 a 2xx answer; 1 an error or a non-2xx answer; 2 a bad command line.",
        "Examples:",
        "  switchboard call http://127.0.0.1:8000 /users/123",
        "  switchboard call -v --timeout 500ms static:127.0.0.1:8000,127.0.0.1:8001 /users/1",
        "  switchboard call -X PUT -H 'x-tenant: acme' -d '{\"name\":\"A\"}' http://127.0.0.1:8000 /users/1",
        "  switchboard call -d @order.json dns+srv:///_orders._tcp.svc.test /orders"})
final class CallCommand implements Callable<Integer> {
  private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "<destination>",
      description = "http://host:port base URL, or a discovery target such as static:h1:p1,h2:p2")
  String destination;

  @Parameters(index = "1", paramLabel = "<path>", description = "Path starting with '/', e.g. /users/123?verbose=1")
  String path;

  @Option(names = {"-X", "--request"}, paramLabel = "METHOD",
      description = "HTTP method. Default: GET, or POST when -d is given.")
  String method;

  @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", converter = HeaderOption.Converter.class,
      description = "Request header; repeatable.")
  List<HeaderOption> headers = new ArrayList<>();

  @Option(names = {"-d", "--data"}, paramLabel = "BODY|@file",
      description = "Request body, or @file to send a file's bytes. Content-Type defaults to application/json"
          + " when the body is JSON, else text/plain.")
  String data;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
      description = "Deadline for the whole call, all attempts (500ms, 2s, 1m, PT2S). Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Option(names = {"-v", "--verbose"}, description = "Show each attempt (endpoint, status, elapsed) and the"
      + " propagation headers sent, on stderr.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!path.startsWith("/")) {
      throw new UsageError("path \"" + path + "\" must start with '/', e.g. /" + path);
    }
    byte[] body = data == null ? null : body(data);
    String verb = method != null ? method : body == null ? "GET" : "POST";
    if (!METHOD.matcher(verb).matches()) {
      throw new UsageError("\"" + verb + "\" is not an HTTP method (e.g. GET, POST, PUT, DELETE)");
    }
    verb = verb.toUpperCase(Locale.ROOT);
    String correlationId = "cli-" + HexFormat.of().formatHex(randomBytes());
    TraceContext trace = TraceContext.newRoot();
    ServiceConfig.Builder builder = CallTarget.parse(destination).timeout(timeout);
    AttemptTrace attempts = null;
    if (verbose) {
      attempts = new AttemptTrace(err, correlationId, trace.traceId(), build(builder).deadlineMargin());
      builder.telemetry(attempts);
      err.printf("* %s %s via %s, deadline %d ms, x-request-id %s, trace %s%n", verb, path, destination,
          timeout.toMillis(), correlationId, trace.traceId());
      err.flush();
    }
    try (HttpServiceClient client = open(build(builder))) {
      HttpCall call = prepare(client, verb, body);
      // The deadline starts now, when the request is ready to go, not while the client was being built.
      Deadline deadline = Deadline.after(timeout);
      if (attempts != null) {
        attempts.deadline(deadline);
      }
      CallContext context = CallContext.empty().withCorrelationId(correlationId).withTrace(trace).withDeadline(deadline);
      Response response;
      try (CallContext.Scope ignored = context.attach()) {
        response = call.exchange();
      }
      if (verbose) {
        err.printf("* answered %d by %s%n", response.status(), response.endpoint() == null ? "?" : response.endpoint().address());
        err.flush();
      }
      print(out, response);
      return ExitCodes.OK;
    } catch (ServiceCallException e) {
      err.println(spec.qualifiedName() + ": " + CliErrors.oneLine(e.getMessage()));
      err.flush();
      return ExitCodes.FAILED;
    }
  }

  /** Opens the client; a target whose endpoints do not parse (e.g. a port out of range) is the user's error. */
  private static HttpServiceClient open(ServiceConfig config) {
    try {
      return new HttpServiceClient(config);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private HttpCall prepare(HttpServiceClient client, String verb, byte[] body) {
    int q = path.indexOf('?');
    try {
      HttpCall call = client.request(verb, q < 0 ? path : path.substring(0, q));
      if (q >= 0) {
        for (String pair : path.substring(q + 1).split("&")) {
          if (!pair.isEmpty()) {
            int eq = pair.indexOf('=');
            call.query(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
          }
        }
      }
      boolean contentType = false;
      for (HeaderOption h : headers) {
        call.header(h.name(), h.value());
        contentType |= h.name().equalsIgnoreCase("content-type");
      }
      if (body != null) {
        call.body(body);
        if (!contentType) {
          call.header("content-type", isJson(body) ? "application/json" : "text/plain; charset=utf-8");
        }
      }
      return call;
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private static void print(PrintWriter out, Response response) {
    byte[] bytes = response.body();
    String contentType = String.valueOf(response.header("content-type")).toLowerCase(Locale.ROOT);
    if (contentType.contains("json") && isJson(bytes)) {
      try {
        out.println(JSON.readTree(bytes).toPrettyString());
        out.flush();
        return;
      } catch (IOException e) {
        // not JSON after all: print it as it came
      }
    }
    out.print(new String(bytes, StandardCharsets.UTF_8));
    out.flush();
  }

  private static boolean isJson(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      return node != null && (node.isObject() || node.isArray());
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] body(String data) {
    if (!data.startsWith("@")) {
      return data.getBytes(StandardCharsets.UTF_8);
    }
    Path file = Path.of(data.substring(1));
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UsageError("-d " + data + ": no such file");
    } catch (IOException e) {
      throw new UsageError("-d " + data + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  private static ServiceConfig build(ServiceConfig.Builder builder) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UsageError("bad percent-encoding in the query: \"" + s + "\"");
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
