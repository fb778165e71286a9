package dev.chorus.command.template;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of one expansion, shared by the nested calls it makes: how deep calls may nest, how
 * many placeholders may be evaluated in all, until when, and the chain of commands being expanded
 * (to refuse recursion with the chain as the reason).
 */
public final class Budget {

  public static final int MAX_DEPTH = 4;
  public static final int MAX_STEPS = 200;
  public static final int MAX_OUTPUT = 500;
  public static final long MAX_NANOS = 250_000_000L;

  private final long deadline;
  private final int[] steps;
  private final List<String> chain;

  private Budget(long deadline, int[] steps, List<String> chain) {
    this.deadline = deadline;
    this.steps = steps;
    this.chain = chain;
  }

  /** A fresh budget for expanding command {@code name}. */
  public static Budget start(String name) {
    return new Budget(System.nanoTime() + MAX_NANOS, new int[1], List.of(name));
  }

  /** The budget of a nested call into {@code name}; refuses recursion and excess depth. */
  public Budget enter(String name) {
    if (chain.contains(name)) {
      throw new TemplateException("recursion refused: " + describe(name));
    }
    if (chain.size() >= MAX_DEPTH) {
      throw new TemplateException("calls nest at most " + MAX_DEPTH + " deep: " + describe(name));
    }
    List<String> next = new ArrayList<>(chain);
    next.add(name);
    return new Budget(deadline, steps, List.copyOf(next));
  }

  /** Counts one evaluated placeholder; fails when the step or time bound is spent. */
  public void step() {
    if (++steps[0] > MAX_STEPS) {
      throw new TemplateException("expansion takes at most " + MAX_STEPS + " steps");
    }
    if (System.nanoTime() - deadline > 0) {
      throw new TemplateException("expansion took too long");
    }
  }

  public int depth() {
    return chain.size();
  }

  private String describe(String name) {
    StringBuilder out = new StringBuilder();
    for (String c : chain) {
      out.append('!').append(c).append(" → ");
    }
    return out.append('!').append(name).toString();
  }
}
