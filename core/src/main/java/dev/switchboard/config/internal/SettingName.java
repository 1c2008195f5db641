package dev.switchboard.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A raw setting name split against a prefix: the client name, the key below it and, for an
 * indexed list item ({@code retry-on[1]}), the index. Immutable.
 *
 * @param client the client's name as written ({@code users}; {@code user-service} for the
 *     environment's {@code USER_SERVICE})
 * @param key the key below the client, dotted ({@code retry.max-attempts}); for an environment
 *     name, its words joined by dots ({@code retry.max.attempts})
 * @param index the list index, or -1
 */
public record SettingName(String client, String key, int index) {

  /**
   * Splits a dotted name ({@code switchboard.clients.users.retry-on[0]}, brackets allowed around
   * any segment) under {@code prefix}; null when it is not under the prefix.
   */
  public static SettingName dotted(String name, String prefix) {
    List<String> segments = new ArrayList<>();
    int index = -1;
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (cur.length() > 0) {
          segments.add(cur.toString());
          cur.setLength(0);
        }
      } else if (c == '[') {
        int end = name.indexOf(']', i);
        if (end < 0) {
          return null;
        }
        if (cur.length() > 0) {
          segments.add(cur.toString());
          cur.setLength(0);
        }
        String inside = name.substring(i + 1, end);
        if (end == name.length() - 1 && inside.matches("\\d{1,6}")) {
          index = Integer.parseInt(inside);
        } else {
          segments.add(inside);
        }
        i = end;
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      segments.add(cur.toString());
    }
    String[] p = prefix.split("\\.");
    if (segments.size() <= p.length) {
      return null;
    }
    for (int i = 0; i < p.length; i++) {
      if (!Names.uniform(segments.get(i)).equals(Names.uniform(p[i]))) {
        return null;
      }
    }
    String client = segments.get(p.length);
    String key = String.join(".", segments.subList(p.length + 1, segments.size()));
    return new SettingName(client, key, index);
  }

  /**
   * The words of an environment variable name after {@code prefix}, or null when it is not
   * under the prefix ({@code SWITCHBOARD_CLIENTS_USERS_RETRY_MAXATTEMPTS} gives
   * {@code [USERS, RETRY, MAXATTEMPTS]}).
   */
  public static List<String> environmentWords(String name, String prefix) {
    String[] words = name.split("_");
    String[] p = prefix.split("\\.");
    if (words.length <= p.length) {
      return null;
    }
    for (int i = 0; i < p.length; i++) {
      if (!words[i].toLowerCase(Locale.ROOT).equals(Names.uniform(p[i]))) {
        return null;
      }
    }
    List<String> rest = new ArrayList<>();
    for (int i = p.length; i < words.length; i++) {
      if (!words[i].isEmpty()) {
        rest.add(words[i]);
      }
    }
    return rest;
  }
}
