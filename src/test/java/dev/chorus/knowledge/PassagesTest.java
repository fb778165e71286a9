package dev.chorus.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassagesTest {

  @Test
  void paragraphsAreTitledWithTheirHeadings() {
    String doc =
        """
        # Channel rules

        Be kind to each other.

        ## Emotes
        Emotes were drawn by Pixelfox.
        They unlock at tier two.

        ## Links
        Only moderators may post links.
        """;
    List<Passages.Passage> p = Passages.split("rules.md", doc);
    assertEquals(3, p.size(), p.toString());
    assertEquals(new Passages.Passage("Channel rules", "Be kind to each other."), p.get(0));
    assertEquals("Channel rules › Emotes", p.get(1).title());
    assertEquals("Emotes were drawn by Pixelfox. They unlock at tier two.", p.get(1).text());
    assertEquals("Channel rules › Links", p.get(2).title());
  }

  @Test
  void plainTextWithoutHeadingsUsesTheDocumentName() {
    List<Passages.Passage> p = Passages.split("faq.txt", "First line.\n\nSecond paragraph.");
    assertEquals(1, p.size(), "short neighbours are joined");
    assertEquals("faq.txt", p.get(0).title());
    assertEquals("First line.\nSecond paragraph.", p.get(0).text());
  }

  @Test
  void longParagraphsAreCutAtSentencesAndNothingIsLost() {
    String sentence = "This sentence is about the stream and nothing else. ";
    String doc = sentence.repeat(100);
    List<Passages.Passage> p = Passages.split("long.md", doc);
    assertTrue(p.size() >= 5);
    int total = 0;
    for (Passages.Passage x : p) {
      assertTrue(x.text().length() <= Passages.MAX);
      assertTrue(x.text().endsWith("."), x.text());
      total += x.text().replace(" ", "").length();
    }
    assertEquals(doc.replace(" ", "").length(), total);
    assertEquals(1, Passages.cut("x".repeat(2500)).stream().filter(s -> s.length() == 500).count());
  }

  @Test
  void headingsInsideCodeFencesAreCodeAndGarbageDoesNotBreakIt() {
    List<Passages.Passage> p = Passages.split("c.md", "```\n# not a heading\n```\n");
    assertEquals(1, p.size());
    assertTrue(p.get(0).text().contains("# not a heading"));
    assertEquals(List.of(), Passages.split("e.md", "\n\n  \n"));
    assertEquals(List.of(), Passages.split("h.md", "# only\n## headings\n"));
    assertEquals(1, Passages.split("x.md", "#hashtag is not a heading").size());
  }
}
