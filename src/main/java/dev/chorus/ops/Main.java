package dev.chorus.ops;

import dev.chorus.config.ConfigException;
import dev.chorus.module.ChorusModule;
import dev.chorus.ops.config.ChorusConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Entry point: {@code java -jar chorus.jar [--config conf/chorus.yaml] [--roles …] [--http-port
 * …]}, or {@code java -jar chorus.jar keys …} to make, list and revoke API keys ({@link
 * KeysCommand}).
 *
 * <p>Exit codes: 0 after a graceful stop (SIGTERM or SIGINT), 2 for invalid configuration, 1 when
 * start-up fails.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    List<ChorusModule<?>> modules = Modules.discovered();
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(Help.text(modules));
      System.exit(0);
      return;
    }
    if (args.length > 0 && args[0].equals("keys")) {
      System.exit(KeysCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), modules));
      return;
    }
    ChorusConfig config;
    try {
      config = ChorusConfig.load(args, System.getenv(), modules);
    } catch (ConfigException e) {
      System.err.println("chorus: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Before the first logger exists: logback.xml reads these.
    System.setProperty("chorus.logging.format", config.logging().format());
    System.setProperty(
        "chorus.logging.level", config.logging().level().toUpperCase(java.util.Locale.ROOT));
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    Logger log = LoggerFactory.getLogger(Main.class);

    Chorus chorus = new Chorus(config);
    try {
      chorus.start().await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
      log.error("Chorus failed to start: {}", cause.getMessage());
      log.debug("start-up failure", cause);
      System.exit(1);
      return;
    }

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            log.info("Stopping: draining in-flight events and flushing the interaction log");
            chorus.stop().onComplete(ar -> stopped.countDown());
          }
        };
    Signal.handle(new Signal("TERM"), signal -> stop.run());
    Signal.handle(new Signal("INT"), signal -> stop.run());
    stopped.await();
    System.exit(0);
  }
}
