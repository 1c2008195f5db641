package dev.switchboard.examples.users;

import dev.switchboard.http.declarative.Body;
import dev.switchboard.http.declarative.Delete;
import dev.switchboard.http.declarative.Get;
import dev.switchboard.http.declarative.Header;
import dev.switchboard.http.declarative.Path;
import dev.switchboard.http.declarative.Post;
import dev.switchboard.http.declarative.Put;
import dev.switchboard.http.declarative.Query;
import dev.switchboard.pipeline.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The user-service as a declarative interface; {@code HttpServiceClient.create(UserApi.class,
 * config)} implements it.
 */
public interface UserApi extends AutoCloseable {
  @Get("/users/{id}")
  User getUser(@Path("id") String id);

  @Get("/users/{id}")
  CompletableFuture<User> getUserAsync(@Path("id") String id);

  @Get("/users")
  List<User> findUsers(@Query("email") String email);

  @Post("/users")
  User createUser(@Body NewUser user, @Header("idempotency-key") String idempotencyKey);

  @Put("/users/{id}")
  User putUser(@Path("id") String id, @Body NewUser user);

  @Delete("/users/{id}")
  void deleteUser(@Path("id") String id);

  @Get("/health")
  Response health();

  @Override
  void close();
}
