package dev.switchboard.examples.users;

/**
 * A user, as the seed's user-service returns it.
 *
 * @param id the id
 * @param email the email address
 * @param name the display name
 */
public record User(String id, String email, String name) {}
