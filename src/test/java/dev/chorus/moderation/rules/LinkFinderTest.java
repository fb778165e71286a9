package dev.chorus.moderation.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.moderation.rules.LinkFinder.Link;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkFinderTest {

  private static List<Link> hidden(String host) {
    return List.of(new Link(host, true));
  }

  @Test
  void plainLinksAreFoundWithOrWithoutScheme() {
    assertEquals(
        List.of(new Link("www.youtube.com", false)),
        LinkFinder.find("look https://www.youtube.com/watch?v=x"));
    assertEquals(List.of(new Link("bigfollows.com", false)), LinkFinder.find("bigfollows.com"));
    assertEquals(List.of(new Link("t.me", false)), LinkFinder.find("join t.me/somegroup"));
    assertEquals(
        List.of(new Link("example.internal", false)), LinkFinder.find("http://example.internal/x"));
    assertEquals(
        List.of(new Link("203.0.113.9", false)),
        LinkFinder.find("free skins http://203.0.113.9/login"));
  }

  @Test
  void obfuscatedLinksAreFoundAndMarked() {
    assertEquals(hidden("bigfollows.com"), LinkFinder.find("bigfollows . com"));
    assertEquals(hidden("bigfollows.com"), LinkFinder.find("bigfollows dot com"));
    assertEquals(hidden("bigfollows.com"), LinkFinder.find("bigfollows(dot)com"));
    assertEquals(hidden("bigfollows.com"), LinkFinder.find("bigfollows [dot] com"));
    assertEquals(hidden("bigfollows.com"), LinkFinder.find("bigfollows[.]com"));
    assertEquals(hidden("site.com"), LinkFinder.find("s i t e . c o m"));
    assertEquals(hidden("streamlift.net"), LinkFinder.find("ｓｔｒｅａｍｌｉｆｔ．ｎｅｔ"));
    assertEquals(hidden("viewboost.com"), LinkFinder.find("viewboost。com"));
    assertEquals(hidden("viewboost.com"), LinkFinder.find("vіewboost.com")); // Cyrillic і
    assertEquals(hidden("growfast.net"), LinkFinder.find("go to growfast DOT net now"));
  }

  @Test
  void speechAboutDotComIsNotALink() {
    assertEquals(List.of(), LinkFinder.find("the dot com bubble was wild"));
    assertEquals(List.of(), LinkFinder.find("I work at a dot com startup"));
    assertEquals(List.of(), LinkFinder.find("it's dot com not dot net"));
    assertEquals(List.of(), LinkFinder.find("my dad says \"dot com\" a lot"));
  }

  @Test
  void numbersSentencesAndAddressesAreNotLinks() {
    assertEquals(List.of(), LinkFinder.find("version 1.2.3 fixed it"));
    assertEquals(List.of(), LinkFinder.find("I was done. live streams are hard"));
    assertEquals(List.of(), LinkFinder.find("ok.so what now"));
    assertEquals(List.of(), LinkFinder.find("mail me at someone@example.com"));
    assertEquals(List.of(), LinkFinder.find("no links here at all"));
  }

  @Test
  void aDomainCoversItsSubdomainsOnly() {
    assertTrue(LinkFinder.under("clips.twitch.tv", "twitch.tv"));
    assertTrue(LinkFinder.under("twitch.tv", "twitch.tv"));
    assertFalse(LinkFinder.under("nottwitch.tv", "twitch.tv"));
    assertFalse(LinkFinder.under("twitch.tv.evil.com", "twitch.tv"));
  }
}
