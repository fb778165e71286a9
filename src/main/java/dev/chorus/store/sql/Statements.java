package dev.chorus.store.sql;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SQL of one store, by name, for one dialect.
 *
 * <p>{@code db/statements/<store>.yaml} maps each statement name to SQL both dialects run; {@code
 * <store>.<dialect>.yaml} (e.g. {@code community.h2.yaml}) replaces single statements where that
 * dialect's SQL differs. An override must name a statement of the base file and bind the same
 * number of parameters in the same order, so the adapter's code is the same for every dialect; both
 * rules are checked when the statements are loaded, so a typo fails start-up, not a request.
 *
 * <p>Statements use JDBC's {@code ?} parameters; for the PostgreSQL client they are numbered {@code
 * $1 … $n} at load time ({@code ?} inside quotes or comments is left alone).
 */
public final class Statements {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String DIR = "db/statements/";

  private final String store;
  private final Map<String, String> sql;

  private Statements(String store, Map<String, String> sql) {
    this.store = store;
    this.sql = Map.copyOf(sql);
  }

  /** Loads the base file of {@code store} with {@code dialect}'s overrides. */
  public static Statements load(String store, Dialect dialect) {
    String basePath = DIR + store + ".yaml";
    Map<String, String> base = read(basePath);
    if (base == null) {
      throw new IllegalArgumentException("no statements file " + basePath);
    }
    Map<String, String> merged = new LinkedHashMap<>(base);
    String overridePath = DIR + store + "." + dialect.fileSuffix() + ".yaml";
    Map<String, String> overrides = read(overridePath);
    if (overrides != null) {
      for (Map.Entry<String, String> o : overrides.entrySet()) {
        String original = base.get(o.getKey());
        if (original == null) {
          throw new IllegalArgumentException(
              overridePath + " overrides '" + o.getKey() + "', which " + basePath + " lacks");
        }
        if (parameterCount(original) != parameterCount(o.getValue())) {
          throw new IllegalArgumentException(
              overridePath
                  + ": '"
                  + o.getKey()
                  + "' binds "
                  + parameterCount(o.getValue())
                  + " parameters, the base statement "
                  + parameterCount(original));
        }
        merged.put(o.getKey(), o.getValue());
      }
    }
    if (dialect.numberedParameters()) {
      merged.replaceAll((name, text) -> numbered(text));
    }
    return new Statements(store, merged);
  }

  /** The statement called {@code name}. */
  public String get(String name) {
    String text = sql.get(name);
    if (text == null) {
      throw new IllegalArgumentException("no statement '" + name + "' in " + DIR + store + ".yaml");
    }
    return text;
  }

  /**
   * Runs the statement called {@code name} on {@code client} (the pool, or a connection inside a
   * transaction) with {@code args} bound in order.
   */
  public Future<RowSet<Row>> run(SqlClient client, String name, Tuple args) {
    return client.preparedQuery(get(name)).execute(args);
  }

  /** {@code ?} → {@code $1 … $n}, outside string literals, quoted identifiers and comments. */
  static String numbered(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    Scanner s = new Scanner(sql);
    while (s.hasNext()) {
      int start = s.pos;
      if (s.nextIsParameter()) {
        out.append('$').append(++n);
      } else {
        out.append(sql, start, s.pos);
      }
    }
    return out.toString();
  }

  /** How many {@code ?} parameters the statement binds. */
  static int parameterCount(String sql) {
    int n = 0;
    Scanner s = new Scanner(sql);
    while (s.hasNext()) {
      if (s.nextIsParameter()) {
        n++;
      }
    }
    return n;
  }

  /** Steps over SQL one token at a time: a parameter, a quoted run, a comment or one character. */
  private static final class Scanner {
    private final String sql;
    private int pos;

    Scanner(String sql) {
      this.sql = sql;
    }

    boolean hasNext() {
      return pos < sql.length();
    }

    /** Advances past the next token; true when it was a {@code ?} parameter. */
    boolean nextIsParameter() {
      char c = sql.charAt(pos);
      if (c == '?') {
        pos++;
        return true;
      }
      if (c == '\'' || c == '"') {
        // A doubled quote inside the run is an escaped quote: the loop just continues past it.
        int end = sql.indexOf(c, pos + 1);
        pos = end < 0 ? sql.length() : end + 1;
      } else if (c == '-' && sql.startsWith("--", pos)) {
        int end = sql.indexOf('\n', pos);
        pos = end < 0 ? sql.length() : end + 1;
      } else {
        pos++;
      }
      return false;
    }
  }

  private static Map<String, String> read(String path) {
    try (InputStream in = Statements.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        return null;
      }
      Map<String, String> map =
          YAML.readValue(in, new TypeReference<LinkedHashMap<String, String>>() {});
      return map == null ? Map.of() : map;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
