package dev.chorus.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files as shipped: they run under a Content-Security-Policy without inline script
 * or style, talk HTTP in one place (where a session or CSRF header goes), never turn API text into
 * HTML, and name only elements the page has. The browser tests show the screens work.
 */
class DashboardPageTest {

  static String resource(String name) throws IOException {
    try (InputStream in =
        DashboardPageTest.class.getClassLoader().getResourceAsStream("webroot/dashboard/" + name)) {
      assertNotNull(in, "webroot/dashboard/" + name + " is on the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void thePageHasNoInlineScriptOrStyle() throws IOException {
    String page = resource("index.html");
    assertFalse(page.contains("<style"), "a <style> element");
    assertFalse(Pattern.compile("\\sstyle\\s*=").matcher(page).find(), "a style attribute");
    Matcher handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(page);
    assertFalse(handler.find(), "an inline event handler");
    Matcher script = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
    int scripts = 0;
    while (script.find()) {
      scripts++;
      assertTrue(script.group(1).contains("src="), "a script without src: " + script.group());
      assertEquals("", script.group(2).trim(), "a script with a body: " + script.group());
    }
    assertTrue(scripts > 0);
  }

  @Test
  void everyFileThePageLoadsIsServedAndEveryServedFileIsLoaded() throws IOException {
    String page = resource("index.html");
    Set<String> loaded = matches(Pattern.compile("(?:src|href)=\"/dashboard/([^\"]+)\""), page);
    assertEquals(new TreeSet<>(DashboardModule.FILES.keySet()), loaded);
    for (String file : loaded) {
      assertFalse(resource(file).isBlank(), file);
    }
  }

  @Test
  void onlyTheRequestHelperFetchesAndNoScriptWritesHtml() throws IOException {
    int fetches = 0;
    for (String file : DashboardModule.FILES.keySet()) {
      if (!file.endsWith(".js")) {
        continue;
      }
      String js = resource(file);
      int here = js.split("\\bfetch\\(", -1).length - 1;
      if (!file.equals("dashboard.js")) {
        assertEquals(0, here, file + " calls fetch itself instead of ChorusDashboard.request");
      }
      fetches += here;
      for (String sink : new String[] {"innerHTML", "outerHTML", "insertAdjacentHTML", "eval("}) {
        assertFalse(js.contains(sink), file + " uses " + sink + ": API text must stay text");
      }
      assertFalse(js.contains(".style."), file + " sets a style: use a class");
    }
    assertEquals(1, fetches, "one fetch, in request()");
  }

  @Test
  void everyElementTheScriptsNameIsOnThePage() throws IOException {
    Set<String> ids = matches(Pattern.compile("\\sid=\"([^\"]+)\""), resource("index.html"));
    Set<String> missing = new TreeSet<>();
    for (String file : DashboardModule.FILES.keySet()) {
      if (file.endsWith(".js")) {
        for (String id : matches(Pattern.compile("\\$\\('([A-Za-z0-9_-]+)'\\)"), resource(file))) {
          if (!ids.contains(id)) {
            missing.add(file + ": " + id);
          }
        }
      }
    }
    assertEquals(Set.of(), missing);
  }
}
