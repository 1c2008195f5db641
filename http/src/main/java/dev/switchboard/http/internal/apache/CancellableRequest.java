package dev.switchboard.http.internal.apache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * A classic request that another thread can abort, at any stage: while waiting for a pooled
 * connection, connecting, or reading the body. HttpClient hands each stage's {@link Cancellable}
 * to {@link #setDependency}; {@link #cancel()} cancels the current one (for an open exchange that
 * closes its connection at once). Built from host and path, so no {@code java.net.URI} is parsed
 * per call; carries the client's {@link RequestConfig}, which the minimal client reads from the
 * request. Thread-safe.
 */
final class CancellableRequest extends BasicClassicHttpRequest implements CancellableDependency, Configurable, Runnable {
  private static final long serialVersionUID = 1L;
  /** The dependency once cancelled: after it, none is accepted. */
  private static final Cancellable CANCELLED = () -> false;
  private static final VarHandle DEPENDENCY;

  static {
    try {
      DEPENDENCY = MethodHandles.lookup().findVarHandle(CancellableRequest.class, "dependency", Cancellable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The current stage's cancellable, or {@link #CANCELLED}. One field and a CAS: no object per stage. */
  private transient volatile Cancellable dependency;

  /** The client's settings for this exchange (how long to wait for a pooled connection). */
  private final transient RequestConfig config;

  CancellableRequest(String method, HttpHost host, String path, RequestConfig config) {
    super(method, host, path);
    this.config = config;
  }

  @Override
  public RequestConfig getConfig() {
    return config;
  }

  @Override
  public void setDependency(Cancellable cancellable) {
    while (true) {
      Cancellable current = dependency;
      if (current == CANCELLED) {
        if (cancellable != null) {
          cancellable.cancel(); // cancelled before this stage began: abort it at once
        }
        return;
      }
      if (DEPENDENCY.compareAndSet(this, current, cancellable)) {
        return;
      }
    }
  }

  @Override
  public boolean isCancelled() {
    return dependency == CANCELLED;
  }

  @Override
  public boolean cancel() {
    while (true) {
      Cancellable current = dependency;
      if (current == CANCELLED) {
        return false;
      }
      if (DEPENDENCY.compareAndSet(this, current, CANCELLED)) {
        if (current != null) {
          current.cancel();
        }
        return true;
      }
    }
  }

  /** Cancels: what the deadline timer runs. */
  @Override
  public void run() {
    cancel();
  }
}
