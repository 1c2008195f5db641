package dev.switchboard.cli;

/**
 * Input the user got wrong (a bad target, path, header or file): reported as one line on stderr
 * with exit status 2, never with a stack trace. Unchecked so commands can throw it from anywhere.
 */
final class UsageError extends RuntimeException {
  UsageError(String message) {
    super(message, null, false, false);
  }
}
