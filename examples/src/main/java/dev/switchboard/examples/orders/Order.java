package dev.switchboard.examples.orders;

/**
 * An order, enriched with the user's name fetched from the user-service.
 *
 * @param id the order id
 * @param userId the ordering user's id
 * @param userName the user's name, as the user-service returned it
 * @param item what was ordered
 */
public record Order(String id, String userId, String userName, String item) {}
