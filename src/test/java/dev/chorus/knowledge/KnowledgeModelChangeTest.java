package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.config.ConfigException;
import dev.chorus.config.Settings;
import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.ops.Modules;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index made by one model is re-embedded by another; the provider is chosen by configuration.
 */
class KnowledgeModelChangeTest {

  @TempDir Path dir;

  @Test
  void anotherModelReEmbedsEveryFact() throws Exception {
    Vertx vertx = Vertx.vertx();
    SqlFixture db = SqlFixture.h2();
    try {
      FactStore store = new SqlFactStore(db.open(vertx));
      GatedEmbedder first = new GatedEmbedder("first/1", 64);
      KnowledgeNode a = new KnowledgeNode(vertx, store, first, dir);
      a.mod("demo", "!remember Quillbeast guards the castle");
      a.mod("demo", "!remember Raids go to small artists");
      a.close();
      KnowledgeNode same = new KnowledgeNode(vertx, store, new GatedEmbedder("first/1", 64), dir);
      same.sync();
      assertFalse(same.knowledge.follower().index().startedEmpty());
      same.close();

      GatedEmbedder second = new GatedEmbedder("second/1", 32);
      KnowledgeNode b = new KnowledgeNode(vertx, store, second, dir);
      b.sync();
      assertTrue(b.knowledge.follower().index().startedEmpty(), "vectors of another model");
      assertEquals(2, b.knowledge.follower().index().size());
      assertTrue(second.calls.get() >= 2, "every fact embedded again");
      assertTrue(b.viewer("demo", "!ask quillbeast").startsWith("Quillbeast"));
      b.close();
    } finally {
      db.close();
      await(vertx.close());
    }
  }

  private static KnowledgeModule.Options options(Map<String, String> overrides) {
    return new KnowledgeModule().options(Settings.of(Modules.keys(), overrides));
  }

  @Test
  void theProviderAndItsSettingsComeFromConfiguration() {
    KnowledgeModule.Options defaults = options(Map.of());
    assertEquals("minilm", defaults.provider().kind());
    assertEquals("all-minilm-l6-v2/1", KnowledgeModule.embedder(defaults.provider()).modelId());
    KnowledgeModule.Options openai =
        options(
            Map.of(
                "knowledge.embedding.provider", "openai",
                "knowledge.openai.baseUrl", "http://127.0.0.1:9/v1",
                "knowledge.openai.model", "tiny",
                "knowledge.openai.dimensions", "256"));
    assertEquals(
        "openai:http://127.0.0.1:9/v1/tiny/256",
        KnowledgeModule.embedder(openai.provider()).modelId());
    assertEquals(256, KnowledgeModule.embedder(openai.provider()).dimensions());
    for (Map<String, String> bad :
        new Map[] {
          Map.of("knowledge.embedding.provider", "word2vec"),
          Map.of("knowledge.embedding.provider", "openai", "knowledge.openai.baseUrl", "ftp://x"),
          Map.of("knowledge.embedding.provider", "openai", "knowledge.openai.dimensions", "4096"),
          Map.of("knowledge.search.minSimilarity", "1.5"),
          Map.of("knowledge.search.keywordWeight", "lots"),
          Map.of("knowledge.botNames", "chorus,bad name"),
          Map.of("knowledge.embedding.queue", "0")
        }) {
      ConfigException e =
          org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> options(bad));
      assertTrue(e.getMessage().contains("knowledge."), e.getMessage());
    }
  }
}
