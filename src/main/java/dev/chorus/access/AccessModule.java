package dev.chorus.access;

import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Access as a role: the key store's check that every HTTP instance asks ({@link AccessVerticle}),
 * the keys API ({@code /api/v1/keys}), the routes of web-chat and overlay tokens (keys of scope
 * {@code chat} and {@code overlay}) and the dashboard sign-in ({@code /api/v1/session}). The check
 * itself runs in front of every {@code /api/v1} route ({@code ops.http.AdminAuth}) from the scope
 * each operation declares in the OpenAPI document.
 */
public final class AccessModule implements ChorusModule<AccessModule.Options> {

  /**
   * @param bootstrapKey the configured admin key ({@code admin.key}), or {@code null}
   */
  public record Options(String bootstrapKey) {}

  @Override
  public String name() {
    return "access";
  }

  @Override
  public String description() {
    return "API keys with scopes: the key check, /api/v1/keys, dashboard sessions";
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(ApiKeys.class, StateStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings settings) {
    String key = settings.string("admin.key");
    return new Options(key == null || key.isEmpty() ? null : key);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    ApiKeys keys = context.port(ApiKeys.class);
    Sessions sessions = new Sessions(context.port(StateStore.class), new SecureRandom());
    context.http(new KeysApi(keys));
    context.http(new OverlayKeysApi(keys));
    context.http(new WebChatKeysApi(keys));
    context.http(new SessionApi(new KeyCheck(keys, options.bootstrapKey()), sessions));
    return context.deploy(1, () -> new AccessVerticle(keys, sessions, options.bootstrapKey()));
  }
}
