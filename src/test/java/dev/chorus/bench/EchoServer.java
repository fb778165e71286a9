package dev.chorus.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Baseline (b): the least a {@code /ws/chat} server can do on bare Vert.x. It parses each frame as
 * JSON (as any server must), acknowledges it at once (no journal) and answers with a reply frame
 * right after, so the ack and reply latencies of the same load generator have a floor to compare
 * with. Same port layout as Chorus ({@code /ws/chat}, {@code /health/ready}), one HTTP verticle
 * instance like Chorus's default.
 *
 * <p>{@code java -cp … dev.chorus.bench.EchoServer --port 8090 [--instances 1]}; stops on SIGTERM.
 */
public final class EchoServer extends VerticleBase {

  private final int port;

  public EchoServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .webSocketHandler(
            ws -> {
              if (!"/ws/chat".equals(ws.path())) {
                ws.close((short) 1008);
                return;
              }
              ws.textMessageHandler(
                  text -> {
                    JsonObject frame = new JsonObject(text);
                    String id = frame.getString("id");
                    if (id == null) {
                      id = UUID.randomUUID().toString();
                    }
                    ws.writeTextMessage(new JsonObject().put("type", "ack").put("id", id).encode());
                    ws.writeTextMessage(
                        new JsonObject()
                            .put("type", "reply")
                            .put("id", UUID.randomUUID().toString())
                            .put("inReplyTo", id)
                            .put("channel", frame.getString("channel"))
                            .put("text", "pong")
                            .encode());
                  });
            })
        .requestHandler(
            req ->
                req.response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"UP\"}"))
        .listen();
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Vertx vertx = Vertx.vertx();
    int port = args.integer("port", 8090);
    vertx
        .deployVerticle(
            () -> new EchoServer(port),
            new DeploymentOptions().setInstances(args.integer("instances", 1)))
        .await(30, TimeUnit.SECONDS);
    System.out.println("echo server on " + port);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vertx.close().await();
                  stop.countDown();
                }));
    stop.await();
  }
}
