/**
 * How a client reaches its endpoints, independent of the wire protocol: which transport
 * ({@link dev.switchboard.transport.TransportFactory}), its TLS material
 * ({@link dev.switchboard.transport.TlsConfig}) and its connections
 * ({@link dev.switchboard.transport.ConnectionPolicy}). {@code ServiceConfig} carries one of each
 * per client; transports and the built-in HTTP health checker read them, so a client's calls and
 * its health checks trust the same certificates.
 */
package dev.switchboard.transport;
