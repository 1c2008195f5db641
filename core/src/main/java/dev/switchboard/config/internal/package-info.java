/** Implementation of configuration binding: relaxed names and the reading of sources. Not API. */
package dev.switchboard.config.internal;
