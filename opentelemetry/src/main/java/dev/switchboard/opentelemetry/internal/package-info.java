/** Implementation of {@code switchboard-opentelemetry}: spans of calls and attempts, W3C conversion. Not API. */
package dev.switchboard.opentelemetry.internal;
