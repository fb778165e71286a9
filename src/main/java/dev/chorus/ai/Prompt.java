package dev.chorus.ai;

import java.util.List;

/**
 * What the model is sent: the system message (the community's persona and Chorus's fixed rules —
 * never any user text), one data message (speaker, facts with ids, recent chat, as JSON: quoted as
 * data, not instructions), and the question itself as the last user message.
 *
 * @param factIds the ids of the facts in the data message, for reading citations back
 */
public record Prompt(String system, String data, String question, List<String> factIds) {

  public Prompt {
    factIds = factIds == null ? List.of() : List.copyOf(factIds);
  }

  /** Characters in all three messages (for the token estimate when a provider reports none). */
  public int chars() {
    return system.length() + data.length() + question.length();
  }
}
