package dev.switchboard.telemetry;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every destination state open in this process: clients register theirs when built and remove it
 * when closed, so an admin page or actuator endpoint can list them all without being handed each
 * client. Registration order is kept.
 *
 * <p><b>Threading:</b> thread-safe. Registering and closing copy a small list (clients are built
 * rarely); {@link #all()} is a lock-free read.
 */
public final class DestinationStates {
  private static final CopyOnWriteArrayList<DestinationState> OPEN = new CopyOnWriteArrayList<>();

  private DestinationStates() {}

  /** Every registered destination now, in registration order. */
  public static List<DestinationState> all() {
    return List.copyOf(OPEN);
  }

  /**
   * Registers {@code state} until the returned handle is closed (idempotent). Clients call this;
   * an application rarely needs to.
   */
  public static Registration register(DestinationState state) {
    return register(state, () -> {});
  }

  /** {@link #register(DestinationState)}, running {@code onClose} once when the handle is first closed. */
  public static Registration register(DestinationState state, Runnable onClose) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(onClose, "onClose");
    OPEN.add(state);
    return new Registration(state, onClose);
  }

  /** Removes its state from {@link #all()} on close. Idempotent; thread-safe. */
  public static final class Registration implements AutoCloseable {
    private final DestinationState state;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Registration(DestinationState state, Runnable onClose) {
      this.state = state;
      this.onClose = onClose;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        OPEN.removeIf(s -> s == state);
        onClose.run();
      }
    }
  }
}
