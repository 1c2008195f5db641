package dev.switchboard.config.internal;

import java.util.Locale;

/**
 * Relaxed configuration names: the spellings that must mean the same key. A name's uniform form
 * is lower case without dashes and underscores, segment by segment ({@code retry.maxAttempts},
 * {@code retry.max-attempts} and {@code retry.max_attempts} are all {@code retry.maxattempts}),
 * as Spring Boot compares names. The environment form also drops the dots, since an environment
 * variable has only underscores ({@code RETRY_MAX_ATTEMPTS} and {@code RETRY_MAXATTEMPTS} are
 * both {@code retrymaxattempts}). Stateless.
 */
public final class Names {
  private Names() {}

  /** Lower case, dots kept, dashes and underscores removed. */
  public static String uniform(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '-' && c != '_') {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }

  /** {@link #uniform} without the dots. */
  public static String environmentUniform(String name) {
    return uniform(name).replace(".", "");
  }

  /** {@code max-attempts} becomes {@code maxAttempts}. */
  public static String camel(String kebab) {
    StringBuilder sb = new StringBuilder(kebab.length());
    boolean upper = false;
    for (int i = 0; i < kebab.length(); i++) {
      char c = kebab.charAt(i);
      if (c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  /** An environment variable's words as a dotted-name segment: {@code USER_SERVICE} is {@code user-service}. */
  public static String fromEnvironmentWords(String words) {
    return words.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Levenshtein distance, for "did you mean". */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
