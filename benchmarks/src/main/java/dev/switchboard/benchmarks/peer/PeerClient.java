package dev.switchboard.benchmarks.peer;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One client of the peer benchmark: a name for the table and a blocking {@code GET /users/{id}}
 * that decodes the body into {@link User} with Jackson, as its users would write it.
 */
interface PeerClient extends AutoCloseable {
  /** One Jackson for every client: the decode is the same work everywhere. */
  ObjectMapper JSON = new ObjectMapper();

  String name();

  /** Fetches and decodes user {@code id}; throws on any failure or a status other than 200. */
  User get(long id) throws Exception;

  @Override
  void close() throws Exception;

  static User decode(int status, byte[] body) throws java.io.IOException {
    if (status != 200) {
      throw new IllegalStateException("status " + status);
    }
    return JSON.readValue(body, User.class);
  }

  static String path(long id) {
    return "/users/" + (id % 1000);
  }
}
