package dev.switchboard.spring.boot;

import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.CallOptions;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Spring's {@link ClientHttpRequestFactory} over Switchboard clients, so a {@code RestClient}
 * (and every {@code @HttpExchange} interface on it) runs through Switchboard's pipeline:
 * discovery, balancing, the deadline (with the inbound request's remaining time), retries,
 * hedging, breaker, limit and context propagation. The URI's host names the client
 * ({@code http://users/users/42} calls client {@code users}); the endpoint is the one the balancer
 * picks, and the path and query are sent as they are.
 *
 * <p>What Spring sees: a response whose status the pipeline judged final (success, or a failure
 * after retries) comes back as a normal response, so Spring's status handling
 * ({@code onStatus}, {@code HttpClientErrorException.NotFound}, {@code ResponseEntity}) works
 * unchanged; a failure with no response (connect failed, deadline exceeded, circuit open, no
 * endpoints) is thrown as Switchboard's {@link dev.switchboard.errors.ServiceCallException}, with
 * its {@code ErrorKind}.
 *
 * <p>Per-call options travel as the request attribute {@link #CALL_OPTIONS}: set by
 * {@link SwitchboardRequestValuesProcessor} from {@code @Timeout}/{@code @Retry}/{@code @Idempotent}
 * on {@code @HttpExchange} methods, or by hand with {@link #options(CallOptions)}. Thread-safe.
 */
public final class SwitchboardClientHttpRequestFactory implements ClientHttpRequestFactory {
  /** The request attribute holding the call's {@link CallOptions}. */
  public static final String CALL_OPTIONS = CallOptions.class.getName();

  private final Function<String, HttpServiceClient> clients;
  private final String only; // the one client this factory serves, or null to route by host

  private SwitchboardClientHttpRequestFactory(Function<String, HttpServiceClient> clients, String only) {
    this.clients = clients;
    this.only = only;
  }

  /** A factory for client {@code name}: every URI's host must be that name. */
  public static SwitchboardClientHttpRequestFactory forClient(SwitchboardClients clients, String name) {
    clients.config(name); // an unknown name fails now, listing the configured ones
    return new SwitchboardClientHttpRequestFactory(clients::client, name);
  }

  /** A factory that routes each request to the client its URI's host names. */
  public static SwitchboardClientHttpRequestFactory routing(SwitchboardClients clients) {
    return new SwitchboardClientHttpRequestFactory(clients::client, null);
  }

  /** Sets {@code options} on a request: {@code restClient.get().uri(...).attributes(options(o))}. */
  public static Consumer<Map<String, Object>> options(CallOptions options) {
    Objects.requireNonNull(options, "options");
    return attributes -> attributes.put(CALL_OPTIONS, options);
  }

  @Override
  public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("a Switchboard RestClient needs an absolute URI whose host names the"
          + " client (http://" + (only != null ? only : "users") + "/...): " + uri);
    }
    String name = only != null ? only : host;
    if (only != null && !host.equalsIgnoreCase(only)) {
      throw new IllegalArgumentException("this RestClient sends through Switchboard client \"" + only
          + "\", but the request is for host \"" + host + "\": use http://" + only + "/... (or the routing factory)");
    }
    return new SwitchboardClientHttpRequest(clients.apply(name), method, uri);
  }

  @Override
  public String toString() {
    return "SwitchboardClientHttpRequestFactory[" + (only != null ? only : "by host") + "]";
  }
}
