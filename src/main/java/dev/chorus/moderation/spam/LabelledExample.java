package dev.chorus.moderation.spam;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A chat message labelled spam or ham, as in the detector's examples and the evaluation set. */
public record LabelledExample(String text, boolean spam) {

  /** Where the examples shipped with Chorus live on the class path. */
  public static final String BUNDLED = "/moderation/examples.tsv";

  public LabelledExample {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("example text is required");
    }
  }

  /** The examples shipped with Chorus. */
  public static List<LabelledExample> bundled() {
    return load(BUNDLED);
  }

  /**
   * Reads a class-path resource of {@code label<TAB>text} lines ({@code spam} or {@code ham});
   * blank lines and lines starting with {@code #} are skipped. A bad line fails with its number.
   */
  public static List<LabelledExample> load(String resource) {
    InputStream in = LabelledExample.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("no resource " + resource);
    }
    List<LabelledExample> examples = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String label = tab < 0 ? "" : line.substring(0, tab);
        if (!label.equals("spam") && !label.equals("ham")) {
          throw new IllegalStateException(
              resource + ":" + number + ": expected spam<TAB>text or ham<TAB>text");
        }
        examples.add(new LabelledExample(line.substring(tab + 1), label.equals("spam")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(examples);
  }
}
