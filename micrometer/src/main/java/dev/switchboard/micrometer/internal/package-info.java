/** Implementation of {@code switchboard-micrometer}: meter caches and gauges. Not API. */
package dev.switchboard.micrometer.internal;
