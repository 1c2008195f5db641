/**
 * Implementation of {@link dev.switchboard.time.Timer}: the timing wheel ({@code DeadlineTimer}).
 * Not API: may change without notice; never used outside core.
 */
package dev.switchboard.time.internal;
