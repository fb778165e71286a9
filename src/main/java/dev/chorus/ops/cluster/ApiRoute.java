package dev.chorus.ops.cluster;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One admin route a process serves, as its presence entry lists it: {@code "PUT
 * /api/v1/communities/:community/timers/:name"} — the method and the Vert.x route path, whose
 * {@code :name} segments match any one path segment.
 */
record ApiRoute(String method, Pattern path) {

  /** The route of {@code text}; empty when it is not {@code "METHOD /path"}. */
  static Optional<ApiRoute> parse(String text) {
    int space = text.indexOf(' ');
    if (space <= 0 || space == text.length() - 1 || text.charAt(space + 1) != '/') {
      return Optional.empty();
    }
    String method = text.substring(0, space).toUpperCase(Locale.ROOT);
    StringBuilder regex = new StringBuilder();
    for (String segment : text.substring(space + 1).split("/", -1)) {
      if (regex.length() > 0 || !segment.isEmpty()) {
        regex.append('/');
      }
      regex.append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Optional.of(new ApiRoute(method, Pattern.compile(regex.toString())));
  }

  boolean matches(String method, String path) {
    return this.method.equalsIgnoreCase(method) && this.path.matcher(path).matches();
  }
}
