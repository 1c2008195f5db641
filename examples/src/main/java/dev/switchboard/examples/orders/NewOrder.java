package dev.switchboard.examples.orders;

/**
 * The body of {@code POST /orders}.
 *
 * @param userId who orders
 * @param item what
 */
public record NewOrder(String userId, String item) {}
