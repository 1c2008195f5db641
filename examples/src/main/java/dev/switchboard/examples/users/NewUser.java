package dev.switchboard.examples.users;

/**
 * The body of {@code POST /users}.
 *
 * @param email the email address
 * @param name the display name
 */
public record NewUser(String email, String name) {}
