package dev.chorus.command.template;

import io.vertx.core.Future;
import java.util.List;

/** What a template's variables read: the speaker, the invocation, the channel, and the engine. */
public interface Scope {

  /** How the speaker is addressed ({@code ${user}}). */
  String user();

  /** The speaker's pronouns as set ({@code she/her}), or {@code null}. */
  String pronouns();

  /** The argument text as typed ({@code ${args}}). */
  String args();

  /** The split arguments ({@code ${arg1}} …). */
  List<String> argList();

  /** The channel's name ({@code ${channel}}). */
  String channel();

  /** Increments this command's counter and returns it ({@code ${count}}, once per expansion). */
  Future<Long> count();

  /** How long the stream has been live ({@code ${uptime}}). */
  String uptime();

  /** A uniformly chosen number in {@code [lo, hi]}. */
  long random(long lo, long hi);

  /**
   * The expansion of another command's response ({@code ${call name args}}), within {@code budget};
   * fails with a {@link TemplateException} when there is no such command.
   */
  Future<String> call(String name, String args, Budget budget);
}
