/**
 * Jakarta Servlet integration: {@link dev.switchboard.servlet.CallContextServletFilter} binds the
 * caller's correlation id, trace and remaining time for servlets, with the same parsing rules as
 * every Switchboard server ({@link dev.switchboard.context.InboundContext}). The Servlet API is a
 * {@code provided} dependency: the container brings it.
 */
package dev.switchboard.servlet;
