package dev.chorus.moderation.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.ContextKeys.Analysis;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryAnalyzerTest {

  private final QueryAnalyzer analyzer = new QueryAnalyzer("!", List.of("Chorus", "bonebot"));

  private Analysis a(String text) {
    return analyzer.analyze(text, null);
  }

  @Test
  void commandsAreCommands() {
    assertEquals("command", a("!ask when is the stream").intent());
    assertEquals("command", a("!ping").intent());
    assertEquals("chat", a("! nope").intent(), "a lone prefix is not a command");
    assertEquals("chat", a("!!!").intent());
  }

  @Test
  void theBotIsAddressedByMentionNameOrReply() {
    assertEquals("mention", a("hey @chorus what's the schedule?").addressedBy());
    assertEquals("mention", a("@BoneBot are you there").addressedBy());
    assertNull(a("email me at x@chorusland.com").addressedBy(), "a mention is a whole name");
    assertEquals("name", a("chorus, when does marrow stream?").addressedBy());
    assertEquals("name", a("thanks chorus").addressedBy());
    assertEquals("name", a("hey bonebot what's up").addressedBy());
    assertNull(a("the chorus of that song slaps").addressedBy());
    assertEquals("reply", analyzer.analyze("and on weekends?", "chorus").addressedBy());
    assertNull(analyzer.analyze("and on weekends?", "marrow").addressedBy());
  }

  @Test
  void intents() {
    assertEquals("question_to_bot", a("chorus when is the next stream?").intent());
    assertEquals("question_to_bot", a("hey chorus what game is this").intent());
    assertEquals("greeting", a("hi chorus").intent());
    assertEquals("greeting", a("hello everyone").intent());
    assertFalse(a("hello everyone").addressed());
    assertEquals("greeting", a("good morning chat").intent());
    assertEquals("chat", a("when is the next stream?").intent(), "a question to chat, not the bot");
    assertEquals("chat", a("").intent());
    assertTrue(a("chorus tell me a joke").addressed());
  }

  @Test
  void languageIsGuessedOnlyWithEnoughEvidence() {
    assertEquals("en", a("what is the name of this game and how do you play it").language());
    assertEquals("de", a("wie heißt das spiel und ist es gut").language());
    assertEquals("es", a("hola que tal, cómo está el stream").language());
    assertEquals("fr", a("bonjour, c'est quoi le jeu et pour qui").language());
    assertEquals("und", a("PogChamp").language());
    assertEquals("und", a("lol").language(), "one word is not enough");
  }

  @Test
  void sentimentTellsHypeFromAnger() {
    assertTrue(a("this stream is awesome, love it").sentiment() > 0.5);
    assertTrue(a("this is boring and the game sucks").sentiment() < -0.5);
    assertTrue(a("not bad at all").sentiment() > 0, "negation flips");
    assertEquals(0.0, a("the map is called dust").sentiment());
  }

  @Test
  void hugeInputStaysBounded() {
    String flood = "chorus ".repeat(50_000) + "?";
    Analysis big = a(flood);
    assertTrue(big.addressed());
    assertEquals("question_to_bot", big.intent());
  }
}
