package dev.chorus.collector.discord;

/** Discord Gateway opcodes Chorus uses (the {@code op} field of every payload). */
public final class GatewayOp {

  /** Server → client: an event, named by {@code t}, numbered by {@code s}. */
  public static final int DISPATCH = 0;

  /** Both ways: client heartbeats every {@code heartbeat_interval}; server may ask for one now. */
  public static final int HEARTBEAT = 1;

  public static final int IDENTIFY = 2;
  public static final int RESUME = 6;

  /** Server asks the client to reconnect and resume. */
  public static final int RECONNECT = 7;

  /** {@code d} is true when the session may be resumed, false when the client must identify. */
  public static final int INVALID_SESSION = 9;

  /** First payload after connecting; {@code d.heartbeat_interval} in milliseconds. */
  public static final int HELLO = 10;

  public static final int HEARTBEAT_ACK = 11;

  private GatewayOp() {}
}
