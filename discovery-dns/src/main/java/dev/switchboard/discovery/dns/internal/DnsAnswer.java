package dev.switchboard.discovery.dns.internal;

import dev.switchboard.endpoint.EndpointSet;

/**
 * One successful resolution: the endpoints (empty for NXDOMAIN or no records, which are real
 * answers) and the smallest TTL among the records that produced them, or -1 when unknown.
 *
 * @param endpoints the endpoints
 * @param ttlSeconds smallest TTL seen, -1 if none
 */
public record DnsAnswer(EndpointSet endpoints, long ttlSeconds) {}
