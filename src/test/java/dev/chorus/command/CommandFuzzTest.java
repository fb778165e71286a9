package dev.chorus.command;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chorus.command.template.Budget;
import dev.chorus.command.template.Scope;
import dev.chorus.command.template.Template;
import dev.chorus.command.template.TemplateEngine;
import dev.chorus.command.template.TemplateException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz targets: the command parser never throws and keeps its bounds; a template either parses or
 * is refused with a {@link TemplateException}, and a parsed one expands — calling itself, so the
 * recursion bound is exercised — to at most {@link Budget#MAX_OUTPUT} characters or a reasoned
 * refusal, synchronously (nothing can hang).
 */
class CommandFuzzTest {

  @FuzzTest(maxDuration = "150s")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (String prefix : List.of("!", "?", ">>")) {
      CommandInvocation.parse(text, prefix)
          .ifPresent(
              inv -> {
                if (inv.args().size() > CommandInvocation.MAX_ARGS
                    || inv.rest().length() > CommandInvocation.MAX_REST
                    || inv.name().isEmpty()
                    || inv.name().codePoints().anyMatch(Character::isWhitespace)) {
                  throw new IllegalStateException("bounds broken for " + inv);
                }
                inv.restAfter(2);
                inv.arg(3);
              });
    }
  }

  @FuzzTest(maxDuration = "150s")
  void template(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Template template;
    try {
      template = Template.parse(text);
    } catch (TemplateException e) {
      return;
    }
    Future<String> out =
        TemplateEngine.expand(template, new SelfCallingScope(template), Budget.start("fuzz"));
    if (!out.isComplete()) {
      throw new IllegalStateException("a synchronous expansion did not complete");
    }
    if (out.failed() && !(out.cause() instanceof TemplateException)) {
      throw new IllegalStateException("unexpected failure", out.cause());
    }
    if (out.succeeded() && out.result().length() > Budget.MAX_OUTPUT) {
      throw new IllegalStateException("output over the bound: " + out.result().length());
    }
  }

  /** Answers every variable at once; {@code ${call}} expands the same template again. */
  private record SelfCallingScope(Template template) implements Scope {
    @Override
    public String user() {
      return "ann";
    }

    @Override
    public String pronouns() {
      return "xe/xem";
    }

    @Override
    public String args() {
      return "a b";
    }

    @Override
    public List<String> argList() {
      return List.of("a", "b");
    }

    @Override
    public String channel() {
      return "room";
    }

    @Override
    public Future<Long> count() {
      return Future.succeededFuture(7L);
    }

    @Override
    public String uptime() {
      return "1 h";
    }

    @Override
    public long random(long lo, long hi) {
      return lo + (hi - lo) / 2;
    }

    @Override
    public Future<String> call(String name, String args, Budget budget) {
      return TemplateEngine.expand(template, this, budget);
    }
  }
}
