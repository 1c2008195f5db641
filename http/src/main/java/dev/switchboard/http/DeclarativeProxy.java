package dev.switchboard.http;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds dynamic proxies for declarative interfaces (annotations in
 * {@link dev.switchboard.http.declarative}). Every abstract method is validated up front, so a
 * malformed interface fails at creation with the method named, never at call time. The proxy is
 * thread-safe, as is the client behind it. Lives beside the client, so the annotations' package
 * depends on nothing.
 */
final class DeclarativeProxy {
  private DeclarativeProxy() {}

  /** Implements {@code api} on {@code client}. */
  static <T> T create(Class<T> api, HttpServiceClient client) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(client, "client");
    if (!api.isInterface()) {
      throw new IllegalArgumentException(api.getName() + " is not an interface");
    }
    Map<Method, MethodModel> models = new HashMap<>();
    for (Method m : api.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || isClose(m)) {
        continue;
      }
      models.put(m, MethodModel.parse(m));
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "toString" -> api.getSimpleName() + "[" + client + "]";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        };
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      if (isClose(method)) {
        client.close();
        return null;
      }
      return models.get(method).invoke(client, args == null ? new Object[0] : args);
    };
    return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
  }

  private static boolean isClose(Method m) {
    return m.getName().equals("close") && m.getParameterCount() == 0 && m.getReturnType() == void.class;
  }
}
