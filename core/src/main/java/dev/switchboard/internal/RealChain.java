package dev.switchboard.internal;

import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** The immutable cursor over the filter list; the last step sends one attempt. */
public final class RealChain implements Chain {
  private final List<Filter> filters;
  private final int index;
  private final Call call;
  private final BiFunction<Call, Request, CompletableFuture<Response>> terminal;

  public RealChain(List<Filter> filters, int index, Call call,
      BiFunction<Call, Request, CompletableFuture<Response>> terminal) {
    this.filters = filters;
    this.index = index;
    this.call = call;
    this.terminal = terminal;
  }

  @Override
  public Call call() {
    return call;
  }

  @Override
  public CompletableFuture<Response> proceed(Request request) {
    if (index >= filters.size()) {
      return terminal.apply(call, request);
    }
    Filter filter = filters.get(index);
    try {
      CompletableFuture<Response> result =
          filter.filter(request, new RealChain(filters, index + 1, call, terminal));
      if (result == null) {
        throw new IllegalStateException("filter " + filter + " returned null");
      }
      return result;
    } catch (RuntimeException e) {
      // A filter that throws instead of failing its future still fails only this call.
      return CompletableFuture.failedFuture(e);
    }
  }
}
