package dev.switchboard.benchmarks.peer;

import java.util.List;

/** The body every client decodes, with the same Jackson. */
public record User(String id, String email, String name, boolean active, List<String> roles) {}
