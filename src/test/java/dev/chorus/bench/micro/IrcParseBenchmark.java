package dev.chorus.bench.micro;

import com.github.twitch4j.chat.events.channel.IRCMessageEvent;
import com.github.twitch4j.chat.util.MessageParser;
import dev.chorus.collector.twitch.irc.IrcMessage;
import dev.chorus.collector.twitch.irc.IrcParser;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Twitch IRC line parsing: Chorus's {@link IrcParser} against twitch4j's {@code MessageParser} (the
 * parser behind its chat client, called with the channel caches it keeps, so neither side allocates
 * set-up per line) on the same corpus of real-shaped lines, weighted like a busy channel: mostly
 * PRIVMSG with full tags, some USERNOTICE, PING, CLEARCHAT, CLEARMSG, ROOMSTATE, USERSTATE, NOTICE.
 *
 * <p>{@code parse*} only parses (each library does what it does eagerly); {@code parseAndRead*}
 * also reads what the normalizer needs (command, channel, text, and the id, user-id, display-name
 * and tmi-sent-ts tag values, unescaped), which is the fair comparison of the work a collector does
 * per line. Scores are lines per microsecond.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IrcParseBenchmark {

  static final String[] CORPUS = IrcCorpus.LINES;

  private final Map<String, String> idToName = new ConcurrentHashMap<>();
  private final Map<String, String> nameToId = new ConcurrentHashMap<>();

  @Benchmark
  @OperationsPerInvocation(IrcCorpus.SIZE)
  public void parseChorus(Blackhole bh) {
    for (String line : CORPUS) {
      bh.consume(IrcParser.parse(line));
    }
  }

  @Benchmark
  @OperationsPerInvocation(IrcCorpus.SIZE)
  public void parseTwitch4j(Blackhole bh) {
    for (String line : CORPUS) {
      bh.consume(MessageParser.parse(line, idToName, nameToId, null));
    }
  }

  @Benchmark
  @OperationsPerInvocation(IrcCorpus.SIZE)
  public void parseAndReadChorus(Blackhole bh) {
    for (String line : CORPUS) {
      IrcMessage m = IrcParser.parse(line);
      bh.consume(m.command());
      bh.consume(m.param(0));
      bh.consume(m.trailing());
      bh.consume(m.tag("id"));
      bh.consume(m.tag("user-id"));
      bh.consume(m.tag("display-name"));
      bh.consume(m.tag("tmi-sent-ts"));
    }
  }

  @Benchmark
  @OperationsPerInvocation(IrcCorpus.SIZE)
  public void parseAndReadTwitch4j(Blackhole bh) {
    for (String line : CORPUS) {
      IRCMessageEvent e = MessageParser.parse(line, idToName, nameToId, null);
      bh.consume(e.getCommandType());
      bh.consume(e.getChannelName());
      bh.consume(e.getMessage());
      bh.consume(e.getTagValue("id"));
      bh.consume(e.getTagValue("user-id"));
      bh.consume(e.getTagValue("display-name"));
      bh.consume(e.getTagValue("tmi-sent-ts"));
    }
  }
}
