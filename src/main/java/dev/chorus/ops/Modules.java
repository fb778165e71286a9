package dev.chorus.ops;

import dev.chorus.config.ConfigKeys;
import dev.chorus.module.ChorusModule;
import dev.chorus.ops.config.CoreKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** Finds the modules on the class path and puts them in deployment order. */
public final class Modules {

  private Modules() {}

  /**
   * Every module listed in {@code META-INF/services/dev.chorus.module.ChorusModule}, by phase then
   * name.
   */
  public static List<ChorusModule<?>> discovered() {
    List<ChorusModule<?>> found = new ArrayList<>();
    for (ChorusModule<?> module : ServiceLoader.load(ChorusModule.class)) {
      found.add(module);
    }
    return ordered(found);
  }

  /** {@code modules} by phase then name; two modules with one name fail. */
  public static List<ChorusModule<?>> ordered(List<? extends ChorusModule<?>> modules) {
    Set<String> names = new HashSet<>();
    for (ChorusModule<?> module : modules) {
      if (!module.name().matches("[a-z][a-z0-9-]{0,31}")) {
        throw new IllegalStateException("module name must be lower case: " + module.name());
      }
      if (!names.add(module.name())) {
        throw new IllegalStateException("two modules are named " + module.name());
      }
    }
    List<ChorusModule<?>> sorted = new ArrayList<>(modules);
    sorted.sort(
        Comparator.<ChorusModule<?>, Integer>comparing(m -> m.phase().ordinal())
            .thenComparing(ChorusModule::name));
    return List.copyOf(sorted);
  }

  /** Every key a process with the discovered modules accepts. */
  public static ConfigKeys keys() {
    return CoreKeys.with(discovered());
  }

  /** The discovered modules plus {@code extra} (a test's own processors). */
  public static List<ChorusModule<?>> with(List<? extends ChorusModule<?>> extra) {
    List<ChorusModule<?>> all = new ArrayList<>(discovered());
    all.addAll(extra);
    return ordered(all);
  }
}
