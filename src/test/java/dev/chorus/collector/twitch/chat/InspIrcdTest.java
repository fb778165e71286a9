package dev.chorus.collector.twitch.chat;

import static dev.chorus.collector.Waits.awaitTrue;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chorus.state.inprocess.InProcessStateStore;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Twitch chat collector against a real IRC server, Debian's inspircd, when it is installed
 * (skipped otherwise; it must run as the {@code irc} user, so the test needs root for {@code
 * runuser}). inspircd refuses the {@code twitch.tv/*} capabilities (NAK): the collector must carry
 * on, register, join, answer the server's pings and say its replies in the channel, where a second
 * plain IRC client reads them.
 */
class InspIrcdTest {

  static final Path INSPIRCD = Path.of("/usr/sbin/inspircd");
  Path dir;
  int port;
  Process ircd;
  ChatNode node;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(INSPIRCD), "inspircd is not installed");
    assumeTrue("root".equals(System.getProperty("user.name")), "runuser needs root");
    dir = Files.createTempDirectory("inspircd");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort(); // inspircd cannot bind port 0 and report it
    }
    Path conf = dir.resolve("inspircd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "<server name=\"irc.chorus.test\" description=\"Chorus test\" network=\"ChorusTest\">",
            "<admin name=\"test\" nick=\"test\" email=\"test@localhost\">",
            "<bind address=\"127.0.0.1\" port=\"" + port + "\" type=\"clients\">",
            "<connect allow=\"*\" timeout=\"60\" pingfreq=\"2\" hardsendq=\"1M\" softsendq=\"100K\""
                + " recvq=\"64K\" threshold=\"1000\" commandrate=\"100000\" fakelag=\"no\""
                + " localmax=\"100\" globalmax=\"100\" limit=\"100\" useident=\"no\">",
            "<pid file=\"" + dir.resolve("inspircd.pid") + "\">",
            "<log method=\"file\" type=\"* -USERINPUT -USEROUTPUT\" level=\"default\" target=\""
                + dir.resolve("ircd.log")
                + "\">",
            "<dns timeout=\"1\">",
            "<module name=\"cap\">",
            "<module name=\"ircv3\">",
            "<module name=\"ircv3_msgid\">",
            "<module name=\"ircv3_servertime\">",
            ""));
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    ircd =
        new ProcessBuilder(
                "runuser",
                "-u",
                "irc",
                "--",
                INSPIRCD.toString(),
                "--config",
                conf.toString(),
                "--nofork")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    awaitTrue("inspircd listening", this::listening);
    node = new ChatNode(null, v -> new InProcessStateStore("i"));
    node.link("c1", "1001", "streamer");
  }

  private boolean listening() {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (ircd != null) {
      Path pid = dir.resolve("inspircd.pid");
      if (Files.exists(pid)) {
        new ProcessBuilder("kill", Files.readString(pid).trim()).start().waitFor();
      }
      ircd.destroy();
      ircd.waitFor();
    }
  }

  @Test
  void carriesOnWithoutTheTwitchCapabilitiesJoinsAnswersPingsAndSpeaks() throws Exception {
    node.start(ChatNode.options(port));
    List<String> seen = new CopyOnWriteArrayList<>();
    NetSocket alice = await(node.vertx.createNetClient().connect(port, "127.0.0.1"));
    alice.handler(
        RecordParser.newDelimited(
            "\n",
            line -> {
              String l = line.toString().trim();
              seen.add(l);
              if (l.startsWith("PING ")) {
                alice.write("PONG " + l.substring(5) + "\r\n");
              }
            }));
    alice.write("NICK alice\r\nUSER alice 0 * :Alice\r\n");
    awaitTrue("alice registered", () -> seen.stream().anyMatch(l -> l.contains(" 001 alice ")));
    alice.write("JOIN #streamer\r\n");
    awaitTrue(
        "the bot in #streamer",
        () -> {
          alice.write("NAMES #streamer\r\n");
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return seen.stream().anyMatch(l -> l.contains(" 353 ") && l.contains("chorusbot"));
        });
    Thread.sleep(5000); // more than two of the server's 2 s ping intervals: unanswered, it drops us
    node.reply("1001", "hello from chorus");
    awaitTrue(
        "the reply in the channel",
        () ->
            seen.stream()
                .anyMatch(
                    l ->
                        l.startsWith(":chorusbot!")
                            && l.endsWith("PRIVMSG #streamer :hello from chorus")));
    assertTrue(seen.stream().noneMatch(l -> l.startsWith(":chorusbot!") && l.contains(" QUIT ")));
  }
}
