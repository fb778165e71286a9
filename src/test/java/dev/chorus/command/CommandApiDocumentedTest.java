package dev.chorus.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chorus.command.api.CommandApi;
import dev.chorus.command.builtin.Builtins;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every route the command API mounts is in the OpenAPI document, with its method. */
class CommandApiDocumentedTest {

  @Test
  void everyRouteIsDocumented() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      new CommandApi(null, new CommandDefinitions(null, new Builtins()), Clock.systemUTC())
          .mount(vertx, router);
      JsonNode paths;
      try (InputStream in = getClass().getResourceAsStream("/openapi/openapi.yaml")) {
        paths = new ObjectMapper(new YAMLFactory()).readTree(in).get("paths");
      }
      List<String> missing = new ArrayList<>();
      int checked = 0;
      for (Route route : router.getRoutes()) {
        if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null) {
          continue; // the body handler
        }
        String path = route.getPath().replaceAll(":([a-z]+)", "{$1}");
        for (HttpMethod method : route.methods()) {
          checked++;
          JsonNode operation = paths.path(path).path(method.name().toLowerCase(Locale.ROOT));
          if (operation.isMissingNode() || !operation.has("responses")) {
            missing.add(method + " " + path);
          }
        }
      }
      assertEquals(List.of(), missing);
      assertTrue(checked >= 15, "routes checked: " + checked);
    } finally {
      vertx.close().await();
    }
  }
}
