package dev.switchboard.spring.boot;

import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Spring's own HTTP clients on Switchboard clients: a {@code RestClient} or an
 * {@code @HttpExchange} interface that names a configured client runs through its pipeline.
 *
 * <pre>{@code
 * RestClient users = restClients.restClient("users").build();       // base URL http://users
 * User u = users.get().uri("/users/{id}", 42).retrieve().body(User.class);
 * UsersExchange api = restClients.exchange(UsersExchange.class, "users");
 * }</pre>
 *
 * <p>Builders start from the application's {@code RestClient.Builder} (Spring Boot's, with its
 * message converters) when there is one. {@code @HttpExchange} interfaces declared with
 * {@code @ImportHttpServices(group = "users", ...)} get the same treatment when the group's name
 * is a configured client. Thread-safe.
 */
public final class SwitchboardRestClients {
  private final SwitchboardClients clients;
  private final Supplier<RestClient.Builder> builders;
  private final SwitchboardRequestValuesProcessor processor = new SwitchboardRequestValuesProcessor();

  /**
   * @param builders fresh {@code RestClient.Builder}s to start from (e.g. Spring Boot's prototype bean)
   */
  public SwitchboardRestClients(SwitchboardClients clients, Supplier<RestClient.Builder> builders) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.builders = Objects.requireNonNull(builders, "builders");
  }

  /** The request factory of client {@code name}. */
  public SwitchboardClientHttpRequestFactory requestFactory(String name) {
    return SwitchboardClientHttpRequestFactory.forClient(clients, name);
  }

  /** A request factory that routes by the URI's host to the client of that name. */
  public SwitchboardClientHttpRequestFactory requestFactory() {
    return SwitchboardClientHttpRequestFactory.routing(clients);
  }

  /** A {@code RestClient.Builder} on client {@code name}, with base URL {@code http://<name>}. */
  public RestClient.Builder restClient(String name) {
    return configure(builders.get(), name);
  }

  /** Points {@code builder} at client {@code name}: its request factory and base URL. */
  public RestClient.Builder configure(RestClient.Builder builder, String name) {
    return builder.requestFactory(requestFactory(name)).baseUrl("http://" + name);
  }

  /** A proxy factory for {@code @HttpExchange} interfaces on client {@code name}, honouring {@code @Timeout} and {@code @Retry}. */
  public HttpServiceProxyFactory proxyFactory(String name) {
    return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient(name).build()))
        .httpRequestValuesProcessor(processor).build();
  }

  /** An {@code @HttpExchange} interface on client {@code name}. */
  public <T> T exchange(Class<T> api, String name) {
    return proxyFactory(name).createClient(api);
  }

  /** The processor that carries Switchboard's method annotations to the request factory. */
  public SwitchboardRequestValuesProcessor processor() {
    return processor;
  }
}
