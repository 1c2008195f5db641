/** Building TLS contexts from PEM and key-store files. Not API. */
package dev.switchboard.transport.internal;
