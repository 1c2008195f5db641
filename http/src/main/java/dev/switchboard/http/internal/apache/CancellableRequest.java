package dev.switchboard.http.internal.apache;

import java.util.concurrent.atomic.AtomicMarkableReference;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * A classic request that another thread can abort, at any stage: while waiting for a pooled
 * connection, connecting, or reading the body. HttpClient hands each stage's {@link Cancellable}
 * to {@link #setDependency}; {@link #cancel()} cancels the current one (for an open exchange that
 * closes its connection at once). Built from host and path, so no {@code java.net.URI} is parsed
 * per call. Thread-safe.
 */
final class CancellableRequest extends BasicClassicHttpRequest implements CancellableDependency {
  private static final long serialVersionUID = 1L;

  /** The current stage's cancellable; marked once cancelled, after which none is accepted. */
  private final transient AtomicMarkableReference<Cancellable> dependency =
      new AtomicMarkableReference<>(null, false);

  CancellableRequest(String method, HttpHost host, String path) {
    super(method, host, path);
  }

  @Override
  public void setDependency(Cancellable cancellable) {
    while (true) {
      Cancellable current = dependency.getReference();
      if (dependency.isMarked()) {
        if (cancellable != null) {
          cancellable.cancel(); // cancelled before this stage began: abort it at once
        }
        return;
      }
      if (dependency.compareAndSet(current, cancellable, false, false)) {
        return;
      }
    }
  }

  @Override
  public boolean isCancelled() {
    return dependency.isMarked();
  }

  @Override
  public boolean cancel() {
    while (true) {
      Cancellable current = dependency.getReference();
      if (dependency.isMarked()) {
        return false;
      }
      if (dependency.compareAndSet(current, current, false, true)) {
        if (current != null) {
          current.cancel();
        }
        return true;
      }
    }
  }
}
