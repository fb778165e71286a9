package dev.chorus.access;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code keys} subcommand of the jar, against the configured store:
 *
 * <pre>
 * java -jar chorus.jar keys create --scope owner --community demo [--label "…"] [--config …]
 * java -jar chorus.jar keys create --scope chat --community demo --name Streamer --level owner
 * java -jar chorus.jar keys list [--community demo]
 * java -jar chorus.jar keys revoke &lt;id&gt;
 * </pre>
 *
 * {@code create} prints the secret once. A revocation from here reaches running processes when
 * their cached verdict expires ({@link AccessCache#TTL}); the API's revocation is immediate.
 */
public final class KeysCli {

  /** What the command line asks for; {@link #rest} are the process's own options. */
  public record Request(
      String action,
      Scope scope,
      String community,
      String label,
      String name,
      String level,
      String id,
      List<String> rest) {}

  /** Exit codes: 0 done, 1 the store failed or the key is unknown, 2 a usage error. */
  public static final String USAGE =
      "usage: keys create --scope admin|owner|moderator|read|chat|overlay [--community <id>]\n"
          + "                   [--label <text>] [--name <sign-in name> --level <level>] (chat)\n"
          + "       keys list [--community <id>]\n"
          + "       keys revoke <id>\n"
          + "       (followed by the usual options, e.g. --config conf/cluster.yaml)\n";

  private KeysCli() {}

  /** Parses {@code args} (after {@code keys}); fails with {@link IllegalArgumentException}. */
  public static Request parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("an action is required");
    }
    String action = args[0];
    Scope scope = null;
    String community = null;
    String label = "";
    String name = null;
    String level = null;
    String id = null;
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--scope" -> {
          String v = value(args, ++i, a);
          scope =
              Scope.parse(v).orElseThrow(() -> new IllegalArgumentException("unknown scope: " + v));
        }
        case "--community" -> community = value(args, ++i, a);
        case "--label" -> label = value(args, ++i, a);
        case "--name" -> name = value(args, ++i, a);
        case "--level" -> level = value(args, ++i, a);
        default -> {
          if (!a.startsWith("-") && id == null && action.equals("revoke")) {
            id = a;
          } else {
            rest.add(a);
          }
        }
      }
    }
    switch (action) {
      case "create" -> {
        if (scope == null) {
          throw new IllegalArgumentException("create needs --scope");
        }
        if (scope == Scope.CHAT && level == null) {
          level = "moderator";
        }
        String invalid = ApiKeys.invalid(scope, community, label, name, level);
        if (invalid != null) {
          throw new IllegalArgumentException(invalid);
        }
      }
      case "revoke" -> {
        if (id == null) {
          throw new IllegalArgumentException("revoke needs the key's id");
        }
      }
      case "list" -> {}
      default -> throw new IllegalArgumentException("unknown action: " + action);
    }
    return new Request(action, scope, community, label, name, level, id, List.copyOf(rest));
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  /** Runs {@code request} against {@code keys}, printing to {@code out}; the exit code. */
  public static Future<Integer> run(Request request, ApiKeys keys, PrintStream out) {
    return switch (request.action()) {
      case "create" ->
          keys.issue(
                  request.scope(),
                  request.community(),
                  request.label(),
                  request.name(),
                  request.level(),
                  new SecureRandom(),
                  Instant.now())
              .map(
                  issued -> {
                    ApiKey k = issued.key();
                    out.println("id:        " + k.id());
                    out.println("scope:     " + k.scope().wire());
                    out.println("community: " + (k.community() == null ? "-" : k.community()));
                    if (k.name() != null) {
                      out.println("name:      " + k.name() + " (" + k.level() + ")");
                    }
                    out.println("key:       " + issued.secret());
                    out.println("The key is shown this once; only its hash is stored.");
                    return 0;
                  });
      case "list" ->
          keys.list(request.community())
              .map(
                  list -> {
                    for (ApiKey k : list) {
                      out.println(
                          String.join(
                              "\t",
                              k.id(),
                              k.scope().wire(),
                              k.community() == null ? "-" : k.community(),
                              k.active() ? "active" : "revoked " + k.revokedAt(),
                              k.createdAt().toString(),
                              k.label()));
                    }
                    return 0;
                  });
      default ->
          keys.get(request.id())
              .compose(
                  (Optional<ApiKey> found) -> {
                    if (found.isEmpty()) {
                      out.println("no such key: " + request.id());
                      return Future.succeededFuture(1);
                    }
                    return keys.revoke(request.id(), Instant.now())
                        .map(
                            changed -> {
                              out.println(
                                  changed
                                      ? "revoked "
                                          + request.id()
                                          + "; running processes refuse it within "
                                          + AccessCache.TTL.toSeconds()
                                          + " s"
                                      : request.id() + " was revoked already");
                              return 0;
                            });
                  });
    };
  }
}
