package dev.chorus.command.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The template language on its own: parsing, every placeholder, and the bounds. */
class TemplateTest {

  /** A scope whose {@code ${call}} expands {@code callee}. */
  static Scope scope(Template callee) {
    return new Scope() {
      @Override
      public String user() {
        return "Ann";
      }

      @Override
      public String pronouns() {
        return "he/him";
      }

      @Override
      public String args() {
        return "@Bob x";
      }

      @Override
      public List<String> argList() {
        return List.of("@Bob", "x");
      }

      @Override
      public String channel() {
        return "room";
      }

      @Override
      public Future<Long> count() {
        return Future.succeededFuture(3L);
      }

      @Override
      public String uptime() {
        return "5 min";
      }

      @Override
      public long random(long lo, long hi) {
        return hi;
      }

      @Override
      public Future<String> call(String name, String args, Budget budget) {
        return TemplateEngine.expand(callee, this, budget);
      }
    };
  }

  static String expand(String text, Template callee) {
    Future<String> out =
        TemplateEngine.expand(Template.parse(text), scope(callee), Budget.start("t"));
    if (out.failed()) {
      throw (RuntimeException) out.cause();
    }
    return out.result();
  }

  @Test
  void placeholders() {
    Template hi = Template.parse("hi");
    assertEquals(
        "Ann he him his himself @Bob x @Bob x Bob room 3 3 10 c 5 min hi $ ${",
        expand(
            "${user} ${pronoun.subject} ${pronoun.object} ${pronoun.possessive}"
                + " ${pronoun.reflexive} ${args} ${arg1} ${arg2} ${target} ${channel} ${count}"
                + " ${count} ${random 1-10} ${pick a|b|c} ${uptime} ${call hi} $$ $${",
            hi));
    assertEquals("", expand("${arg16}", hi));
    assertEquals(Set.of("a", "b"), Template.parse("${call a} ${call !B x} ${call a}").calls());
  }

  @Test
  void refusalsSayWhy() {
    assertEquals(
        "unknown variable ${who}",
        assertThrows(TemplateException.class, () -> Template.parse("${who}")).getMessage());
    assertTrue(
        assertThrows(TemplateException.class, () -> Template.parse("a ${user"))
            .getMessage()
            .contains("unclosed"));
    for (String bad :
        List.of(
            "${random 9-1}",
            "${random x}",
            "${pick}",
            "${pick " + "a|".repeat(60) + "}",
            "${user extra}",
            "${arg17}",
            "${call}",
            "${}",
            "x".repeat(Template.MAX_LENGTH + 1),
            "${user}".repeat(Template.MAX_NODES + 1))) {
      assertThrows(TemplateException.class, () -> Template.parse(bad), bad);
    }
  }

  @Test
  void boundsHoldWhateverIsStored() {
    Template self = Template.parse("${call self}");
    TemplateException recursion =
        assertThrows(TemplateException.class, () -> expand("${call self}", self));
    assertEquals("recursion refused: !t → !self → !self", recursion.getMessage());
    Template big = Template.parse("y".repeat(400));
    assertEquals(
        Budget.MAX_OUTPUT, expand("${call a}${call b}${call c}", big).length(), "output is cut");
    Budget deep = Budget.start("a").enter("b").enter("c").enter("d");
    assertThrows(TemplateException.class, () -> deep.enter("e"), "calls nest at most 4 deep");
    Budget steps = Budget.start("s");
    for (int i = 0; i < Budget.MAX_STEPS; i++) {
      steps.step();
    }
    assertThrows(TemplateException.class, steps::step);
  }
}
