package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundled pages work under their Content-Security-Policy ({@link SecurityHeaders}): no inline
 * script, style block, style attribute or event-handler attribute, and every script they load is
 * one of theirs.
 */
class WebrootPagesTest {

  private static final Path WEBROOT = Path.of("src/main/resources/webroot");
  private static final Pattern SCRIPT =
      Pattern.compile("<script([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern INLINE =
      Pattern.compile(
          "<style|\\sstyle\\s*=|\\son[a-z]+\\s*=|javascript:", Pattern.CASE_INSENSITIVE);

  @Test
  void pagesHaveNothingInlineThePolicyWouldBlock() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Path> pages;
    try (Stream<Path> files = Files.walk(WEBROOT)) {
      pages = files.filter(f -> f.toString().endsWith(".html")).toList();
    }
    assertFalse(pages.isEmpty());
    for (Path page : pages) {
      String html = Files.readString(page);
      Matcher script = SCRIPT.matcher(html);
      while (script.find()) {
        Matcher src = Pattern.compile("src=\"(/[^\"]+)\"").matcher(script.group(1));
        if (!src.find()) {
          problems.add(page + ": inline <script>");
        } else if (!Files.isRegularFile(WEBROOT.resolve(src.group(1).substring(1)))) {
          problems.add(page + ": loads " + src.group(1) + ", which is not in webroot");
        }
      }
      Matcher inline = INLINE.matcher(html);
      while (inline.find()) {
        problems.add(page + ": inline " + inline.group().trim());
      }
    }
    assertEquals(List.of(), problems);
  }
}
