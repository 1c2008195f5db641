package dev.switchboard.http.declarative;

import dev.switchboard.http.HttpServiceClient;

/**
 * The old entry point of declarative clients.
 *
 * @deprecated use {@link HttpServiceClient#create(Class, dev.switchboard.client.ServiceConfig)}, or
 *     {@link HttpServiceClient#create(Class, HttpServiceClient)} for an existing client; the
 *     proxy now lives beside the client, so this package holds only the annotations
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class DeclarativeClients {
  private DeclarativeClients() {}

  /** @deprecated use {@link HttpServiceClient#create(Class, HttpServiceClient)} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static <T> T create(Class<T> api, HttpServiceClient client) {
    return HttpServiceClient.create(api, client);
  }
}
