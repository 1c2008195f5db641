package dev.switchboard.http;

import dev.switchboard.http.declarative.Body;
import dev.switchboard.http.declarative.Delete;
import dev.switchboard.http.declarative.Get;
import dev.switchboard.http.declarative.Header;
import dev.switchboard.http.declarative.Idempotent;
import dev.switchboard.http.declarative.Patch;
import dev.switchboard.http.declarative.Path;
import dev.switchboard.http.declarative.Post;
import dev.switchboard.http.declarative.Put;
import dev.switchboard.http.declarative.Query;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One validated method of a declarative interface (annotations in
 * {@link dev.switchboard.http.declarative}): verb, path template, parameter bindings and return
 * shape. Immutable.
 */
final class MethodModel {
  private static final Pattern VARIABLE = Pattern.compile("\\{([^/{}]+)}");

  private enum Binding { PATH, QUERY, HEADER, BODY }

  private enum Shape { VALUE, FUTURE, VOID }

  private final String verb;
  private final String template;
  private final Binding[] bindings;
  private final String[] names;
  private final Shape shape;
  private final Type valueType;
  private final boolean idempotent;

  private MethodModel(String verb, String template, Binding[] bindings, String[] names, Shape shape,
      Type valueType, boolean idempotent) {
    this.verb = verb;
    this.template = template;
    this.bindings = bindings;
    this.names = names;
    this.shape = shape;
    this.valueType = valueType;
    this.idempotent = idempotent;
  }

  static MethodModel parse(Method m) {
    String where = m.getDeclaringClass().getSimpleName() + "." + m.getName();
    String verb = null;
    String template = null;
    for (Annotation a : m.getAnnotations()) {
      String[] vt = verbOf(a);
      if (vt != null) {
        if (verb != null) {
          throw bad(where, "has more than one HTTP verb annotation");
        }
        verb = vt[0];
        template = vt[1];
      }
    }
    if (verb == null) {
      throw bad(where, "has no @Get, @Post, @Put, @Delete or @Patch annotation");
    }
    if (!template.startsWith("/")) {
      throw bad(where, "path \"" + template + "\" must start with '/'");
    }
    Set<String> variables = new LinkedHashSet<>();
    Matcher matcher = VARIABLE.matcher(template);
    while (matcher.find()) {
      if (!variables.add(matcher.group(1))) {
        throw bad(where, "path variable {" + matcher.group(1) + "} appears twice");
      }
    }
    Parameter[] params = m.getParameters();
    Binding[] bindings = new Binding[params.length];
    String[] names = new String[params.length];
    Set<String> bound = new LinkedHashSet<>();
    boolean body = false;
    for (int i = 0; i < params.length; i++) {
      Parameter p = params[i];
      int found = 0;
      if (p.isAnnotationPresent(Path.class)) {
        found++;
        bindings[i] = Binding.PATH;
        names[i] = p.getAnnotation(Path.class).value();
        if (!variables.contains(names[i])) {
          throw bad(where, "@Path(\"" + names[i] + "\") has no {" + names[i] + "} in \"" + template + "\"");
        }
        if (!bound.add(names[i])) {
          throw bad(where, "path variable {" + names[i] + "} is bound twice");
        }
      }
      if (p.isAnnotationPresent(Query.class)) {
        found++;
        bindings[i] = Binding.QUERY;
        names[i] = p.getAnnotation(Query.class).value();
      }
      if (p.isAnnotationPresent(Header.class)) {
        found++;
        bindings[i] = Binding.HEADER;
        names[i] = p.getAnnotation(Header.class).value();
      }
      if (p.isAnnotationPresent(Body.class)) {
        found++;
        bindings[i] = Binding.BODY;
        if (body) {
          throw bad(where, "has two @Body parameters");
        }
        if (verb.equals("GET")) {
          throw bad(where, "is a GET and cannot have a @Body");
        }
        body = true;
      }
      if (found != 1) {
        throw bad(where, "parameter " + (i + 1) + " (" + p.getType().getSimpleName()
            + ") needs exactly one of @Path, @Query, @Header or @Body");
      }
    }
    for (String v : variables) {
      if (!bound.contains(v)) {
        throw bad(where, "path variable {" + v + "} in \"" + template + "\" is not bound by any @Path parameter");
      }
    }
    Shape shape;
    Type valueType;
    Type ret = m.getGenericReturnType();
    if (ret == void.class) {
      shape = Shape.VOID;
      valueType = Void.class;
    } else if (m.getReturnType() == CompletableFuture.class) {
      if (!(ret instanceof ParameterizedType pt)) {
        throw bad(where, "returns a raw CompletableFuture; declare its type argument");
      }
      shape = Shape.FUTURE;
      valueType = pt.getActualTypeArguments()[0];
    } else {
      shape = Shape.VALUE;
      valueType = ret;
    }
    boolean idempotent = m.isAnnotationPresent(Idempotent.class);
    return new MethodModel(verb, template, bindings, names, shape, valueType, idempotent);
  }

  Object invoke(HttpServiceClient client, Object[] args) {
    String path = template;
    for (int i = 0; i < args.length; i++) {
      if (bindings[i] == Binding.PATH) {
        if (args[i] == null) {
          throw new NullPointerException("path variable \"" + names[i] + "\" is null");
        }
        path = path.replace("{" + names[i] + "}", PathTemplate.encodeSegment(args[i].toString()));
      }
    }
    HttpCall call = client.request(verb, path);
    for (int i = 0; i < args.length; i++) {
      switch (bindings[i]) {
        case QUERY -> call.query(names[i], args[i]);
        case HEADER -> {
          if (args[i] != null) {
            call.header(names[i], args[i].toString());
          }
        }
        case BODY -> {
          if (args[i] == null) {
            throw new NullPointerException("@Body argument is null");
          }
          call.body(args[i]);
        }
        default -> { }
      }
    }
    if (idempotent) {
      call.idempotent();
    }
    CompletableFuture<Object> future = valueType == Response.class
        ? call.exchangeAsync().thenApply(r -> r)
        : sendAsync(call, valueType);
    return switch (shape) {
      case FUTURE -> future;
      case VOID -> {
        CallPipeline.await(future);
        yield null;
      }
      case VALUE -> CallPipeline.await(future);
    };
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<Object> sendAsync(HttpCall call, Type type) {
    return (CompletableFuture<Object>) (CompletableFuture<?>) call.sendAsync(
        new com.fasterxml.jackson.core.type.TypeReference<Object>() {
          @Override
          public Type getType() {
            return type;
          }
        });
  }

  private static String[] verbOf(Annotation a) {
    if (a instanceof Get g) {
      return new String[] {"GET", g.value()};
    } else if (a instanceof Post p) {
      return new String[] {"POST", p.value()};
    } else if (a instanceof Put p) {
      return new String[] {"PUT", p.value()};
    } else if (a instanceof Delete d) {
      return new String[] {"DELETE", d.value()};
    } else if (a instanceof Patch p) {
      return new String[] {"PATCH", p.value()};
    }
    return null;
  }

  private static IllegalArgumentException bad(String where, String why) {
    return new IllegalArgumentException("invalid declarative client method " + where + ": " + why);
  }

  @Override
  public String toString() {
    return verb + " " + template + " -> " + valueType.getTypeName();
  }
}
