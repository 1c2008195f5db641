/** Implementation of {@code switchboard-admin}: the handler and the JSON document. Not API. */
package dev.switchboard.admin.internal;
