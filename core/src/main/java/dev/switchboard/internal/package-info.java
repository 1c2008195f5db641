/**
 * Helpers core's packages share: validation written once ({@code Checks}) and the production
 * random source ({@code SharedRandom}). Not API; never used outside core.
 */
package dev.switchboard.internal;
