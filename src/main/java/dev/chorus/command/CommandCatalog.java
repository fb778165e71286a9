package dev.chorus.command;

import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/** Every command a community has — built-in, custom, alias, module — for help and listings. */
public interface CommandCatalog {

  /**
   * @param kind {@code builtin}, {@code custom}, {@code alias} or {@code module}
   * @param about the usage line, description, response or alias target
   */
  record Entry(
      String name, String kind, PermissionLevel level, Set<String> platforms, String about) {

    public boolean usableBy(Caller caller) {
      return caller.level().atLeast(level)
          && (platforms.isEmpty() || platforms.contains(caller.platform()));
    }
  }

  /** The community's commands, built-ins first, then by name. */
  Future<List<Entry>> entries(String community);
}
