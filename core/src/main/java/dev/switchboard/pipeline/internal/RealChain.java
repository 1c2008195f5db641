package dev.switchboard.pipeline.internal;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The immutable cursor over the filter list; past the last filter, the attempt engine runs. It
 * enforces the filter contract: a filter that returns null, or throws anything but a
 * {@link ServiceCallException}, fails only its own call, with an {@link IllegalStateException}
 * naming the filter. Thread-safe: proceed as often and from as many threads as you like.
 */
public final class RealChain implements Chain {
  private final List<Filter> filters;
  private final int index;
  private final RealCall call;
  private final AttemptEngine engine;

  public RealChain(List<Filter> filters, int index, RealCall call, AttemptEngine engine) {
    this.filters = filters;
    this.index = index;
    this.call = call;
    this.engine = engine;
  }

  @Override
  public Call call() {
    return call;
  }

  @Override
  public CompletableFuture<Response> proceed(Request request) {
    Objects.requireNonNull(request, "request passed to Chain.proceed");
    if (index >= filters.size()) {
      try {
        return engine.run(call, request);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    Filter filter = filters.get(index);
    CompletableFuture<Response> result;
    try {
      result = filter.filter(request, new RealChain(filters, index + 1, call, engine));
    } catch (ServiceCallException e) {
      return CompletableFuture.failedFuture(e); // a deliberate failure: the caller sees it as is
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          describe(filter) + " threw " + e + " instead of failing its future", e));
    }
    if (result == null) {
      return CompletableFuture.failedFuture(new IllegalStateException(describe(filter) + " returned null"));
    }
    return result;
  }

  private String describe(Filter filter) {
    return "filter #" + (index + 1) + " of " + filters.size() + " (" + filter + ") of " + call.service();
  }
}
