/**
 * Declarative HTTP clients: annotate an interface, get an implementation from
 * {@link dev.switchboard.http.HttpServiceClient#create(Class, dev.switchboard.client.ServiceConfig)}.
 *
 * <pre>{@code
 * interface UserApi {
 *   @Get("/users/{id}") User getUser(@Path("id") String id);
 *   @Get("/users") List<User> find(@Query("email") String email);
 *   @Post("/users") CompletableFuture<User> create(@Body NewUser user, @Header("idempotency-key") String key);
 *   @Delete("/users/{id}") void delete(@Path("id") String id);
 *   @Get("/health") Response health();
 * }
 * }</pre>
 *
 * <p>Methods may return {@code T}, {@code CompletableFuture<T>}, {@code void} or
 * {@link dev.switchboard.pipeline.Response}. The interface is validated when the proxy is
 * created: a path variable no parameter binds, a {@code @Path} parameter with no variable, two
 * bodies, an unannotated parameter or a body on GET fail at once, naming the method. Default
 * methods run as written; {@code close()} (if declared via {@link java.lang.AutoCloseable})
 * closes the client.
 */
package dev.switchboard.http.declarative;
