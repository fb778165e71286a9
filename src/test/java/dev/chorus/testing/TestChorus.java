package dev.chorus.testing;

import dev.chorus.module.ChorusModule;
import dev.chorus.ops.Chorus;
import dev.chorus.ops.Modules;
import dev.chorus.ops.config.ChorusConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a whole Chorus process in the test JVM: embedded profile, a free HTTP port, the given data
 * directory.
 */
public final class TestChorus {

  public static final String ADMIN_KEY = "test-admin-key-0123456789";

  /**
   * The communities the tests' processes create on first start: an event for any other community is
   * refused as {@code unknown_community}.
   */
  public static final String COMMUNITIES =
      "demo,e2e,load,resend,metrics,admin,resume,a,b,stuck,kill,restart,roles,multi,cluster,gw,kit,"
          + "example,smoke,bench,api,shadow,content,bad,deny,e2eai,dl,three,bchat,bdash,leak";

  private TestChorus() {}

  /**
   * Web-chat client limits high enough for load from few connections and users (the defaults are a
   * person's; WebChatGuardTest tests them), and a WebSocket cap per address that loopback load does
   * not reach (every test client has the same address; HttpHardeningTest tests the cap). Applied
   * before a test's own settings.
   */
  public static final Map<String, String> LOAD_LIMITS =
      Map.of(
          "gateway.ratePerConnection", "100000",
          "gateway.burstPerConnection", "100000",
          "gateway.ratePerPerson", "100000",
          "gateway.burstPerPerson", "100000",
          "http.maxConnectionsPerAddress", "100000");

  /** {@link #LOAD_LIMITS} as environment variables, for a Chorus in another process. */
  public static Map<String, String> loadLimitsEnv() {
    Map<String, String> env = new HashMap<>();
    LOAD_LIMITS.forEach(
        (key, value) ->
            env.put(
                "CHORUS_"
                    + key.replaceAll("([a-z])([A-Z])", "$1_$2")
                        .replace('.', '_')
                        .toUpperCase(java.util.Locale.ROOT),
                value));
    return env;
  }

  /**
   * Starts Chorus with the discovered modules plus {@code extraModules} (a test's own processors).
   */
  public static Chorus start(
      Path dataDir, Map<String, String> overrides, List<? extends ChorusModule<?>> extraModules)
      throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("http.port", "0");
    settings.put("http.host", "127.0.0.1");
    settings.put("data.dir", dataDir.toString());
    settings.put("router.routes", "conf/routes.yaml");
    settings.put("admin.key", ADMIN_KEY);
    settings.put("shutdown.drainMs", "5000");
    settings.putAll(LOAD_LIMITS);
    settings.put("community.seed", COMMUNITIES);
    // The spam detector costs seconds of CPU at start; tests that need it switch it on.
    settings.put("moderation.detector", "false");
    settings.putAll(overrides);
    Chorus chorus = new Chorus(ChorusConfig.of(settings, Modules.with(extraModules)));
    return chorus.start().await(60, TimeUnit.SECONDS);
  }

  public static Chorus start(Path dataDir, Map<String, String> overrides) throws Exception {
    return start(dataDir, overrides, List.of());
  }

  public static Chorus start(Path dataDir) throws Exception {
    return start(dataDir, Map.of());
  }
}
