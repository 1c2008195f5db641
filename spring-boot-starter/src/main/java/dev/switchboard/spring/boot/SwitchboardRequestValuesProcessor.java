package dev.switchboard.spring.boot;

import dev.switchboard.http.MethodOptions;
import dev.switchboard.pipeline.CallOptions;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.web.service.invoker.HttpRequestValues;

/**
 * Reads Switchboard's {@code @Timeout}, {@code @Retry} and {@code @Idempotent} off an
 * {@code @HttpExchange} method (or its interface) and puts them on the request as the
 * {@link SwitchboardClientHttpRequestFactory#CALL_OPTIONS} attribute, which Spring carries to the
 * request factory: the options reach the pipeline explicitly, per call, with no thread-local.
 * Each method is read once. Thread-safe.
 */
public final class SwitchboardRequestValuesProcessor implements HttpRequestValues.Processor {
  private final Map<Method, CallOptions> byMethod = new ConcurrentHashMap<>();

  @Override
  public void process(Method method, MethodParameter[] parameters, Object[] arguments, HttpRequestValues.Builder builder) {
    CallOptions options = byMethod.computeIfAbsent(method, MethodOptions::of);
    if (options != CallOptions.defaults()) {
      builder.addAttribute(SwitchboardClientHttpRequestFactory.CALL_OPTIONS, options);
    }
  }
}
