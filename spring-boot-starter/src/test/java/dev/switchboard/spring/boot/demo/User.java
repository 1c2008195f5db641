package dev.switchboard.spring.boot.demo;

/** A user, as the replicas answer it. */
public record User(String id, String email, String name) {}
