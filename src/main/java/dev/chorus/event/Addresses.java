package dev.chorus.event;

/**
 * Every event-bus address Chorus uses. No other class may spell an address as a string literal.
 *
 * <p>{@code docs/events.md} lists each address with its producer, consumer, delivery mode and
 * payload.
 */
public final class Addresses {

  /** Collectors send accepted envelopes here; the router consumes (send). */
  public static final String INGRESS = "chorus.ingress";

  /** Prefix of stage request/reply addresses: {@code chorus.stage.<name>}. */
  public static final String STAGE_PREFIX = "chorus.stage.";

  /** Prefix of per-platform delivery addresses: {@code chorus.egress.<platform>[.<origin>]}. */
  public static final String EGRESS_PREFIX = "chorus.egress.";

  /** Overlay feed (publish): envelopes that finished their slip. */
  public static final String OVERLAY = "chorus.overlay";

  /** The interaction log writer (request/reply: the reply means "journaled"). */
  public static final String INTERACTIONS = "chorus.interactions";

  /** Envelopes that could not finish their slip, with the reason in a header (send). */
  public static final String DEAD_LETTER = "chorus.deadletter";

  /**
   * Prefix of change notifications (publish) used for cache invalidation: {@code
   * chorus.changed.<kind>}.
   */
  public static final String CHANGED_PREFIX = "chorus.changed.";

  /**
   * Two people of a community became one (publish): {@code {"community", "from", "into"}}, the
   * merged person's id and the survivor's. Every store that keeps data by person id moves the
   * merged person's data to the survivor; handling it twice changes nothing.
   */
  public static final String PERSON_MERGED = CHANGED_PREFIX + "person";

  /**
   * Overlay frames (publish): each finished envelope as numbered frames, one per chat line, alert
   * or bot reply ({@code docs/events.md}, "Overlay frames"). Every overlay feed and web-chat room
   * in the cluster consumes it.
   */
  public static final String OVERLAY_FRAMES = "chorus.overlay.frames";

  /** Header carrying the dead-letter reason. */
  public static final String HEADER_REASON = "chorus-reason";

  /** Header carrying the interaction kind on {@link #INTERACTIONS} (event, reply, record …). */
  public static final String HEADER_KIND = "chorus-kind";

  /** {@link #HEADER_KIND} value: the body is an accepted event to journal. */
  public static final String KIND_EVENT = "event";

  /** {@link #HEADER_KIND} value: journal the replies the body carries. */
  public static final String KIND_REPLY = "reply";

  /**
   * {@link #HEADER_KIND} value: the body is a stage's record about an event ({@code
   * system.<stage>}, {@code raw.eventId} naming the event), logged as a row of its own kind — not
   * an event, never routed or resumed. Replies {@code {"new": true|false}}.
   */
  public static final String KIND_RECORD = "record";

  /**
   * {@link #HEADER_KIND} value: the event whose id is the body (a string) finished its slip; the
   * journal stops resuming it (send, no reply).
   */
  public static final String KIND_FINISHED = "finished";

  /**
   * Header on {@link #INTERACTIONS} events: the idempotency key, scoped by its source (absent: the
   * event id is the key).
   */
  public static final String HEADER_KEY = "chorus-key";

  /** Header on {@link #INGRESS}: how many times the journal has routed this event again. */
  public static final String HEADER_ATTEMPT = "chorus-attempt";

  /** Failure code of a request whose input can never be stored (permanent data error). */
  public static final int FAILURE_INVALID = 400;

  /** Failure code of a request refused because the consumer's queue is full (retry later). */
  public static final int FAILURE_OVERLOADED = 429;

  /** Failure code of a request whose consumer's dependency (a store) failed. */
  public static final int FAILURE_UNAVAILABLE = 503;

  /**
   * The community directory (request/reply): body a community id (string), reply {@code
   * {"known":true|false}}. Collectors ask it, through their cache, before journaling an event.
   */
  public static final String COMMUNITY_LOOKUP = "chorus.community.lookup";

  /**
   * The web-chat sign-in check (request/reply): body {@code {"community":…,"token":…}}, reply the
   * signed-in user {@code {"user":…,"name":…,"level":…}} or failure 401.
   */
  public static final String IDENTITY_SIGN_IN = "chorus.identity.signin";

  /**
   * Moderation's judgement of a text without acting (request/reply, JSON {@code {community,
   * platform, text}} → the decision as JSON): the AI stage checks each model reply here.
   */
  public static final String MODERATION_CHECK = "chorus.moderation.check";

  /**
   * The API-key and dashboard-session check (request/reply): body {@code {"key": <sha-256 hex>}} or
   * {@code {"session": <sha-256 hex>}}, reply the principal {@code {id, scope, community, csrf}} or
   * failure 401 (unknown, revoked or expired). The access role answers; every HTTP instance asks
   * through its cache.
   */
  public static final String ACCESS_VERIFY = "chorus.access.verify";

  /**
   * A failed bearer authentication (request/reply): body {@code {"client": <address>}}, reply
   * {@code {"failures": n}}, the client's failures in the current window, counted in the state
   * store by the access role (so every process shares the count).
   */
  public static final String ACCESS_FAILED = "chorus.access.failed";

  /**
   * A key or token was revoked, or a session ended (publish): {@code {"key": id}} or {@code
   * {"session": <sha-256 hex>}}. Every process's access cache evicts it; every web-chat gateway
   * closes the connections signed in with that token id.
   */
  public static final String API_KEY_CHANGED = CHANGED_PREFIX + "api-key";

  /**
   * Prefix of the admin-API forwarding address of one process ({@link #api(String)}): a process
   * that does not serve an admin route sends the request to a process that does.
   */
  public static final String API_PREFIX = "chorus.api.";

  private Addresses() {}

  /** Address of a stage: {@code chorus.stage.<name>}. */
  public static String stage(String name) {
    return STAGE_PREFIX + name;
  }

  /**
   * Address where replies for {@code platform} are delivered. When the collector instance that
   * accepted the event ({@code origin}) is known, the reply goes to that instance only, because it
   * holds the connection the event came in on.
   */
  public static String egress(String platform, String origin) {
    return origin == null || origin.isEmpty()
        ? EGRESS_PREFIX + platform
        : EGRESS_PREFIX + platform + "." + origin;
  }

  /**
   * The admin-API forwarding address of the process whose cluster node id is {@code node}
   * (request/reply): body {@code {method, uri, headers: [[name, value]…], body: base64}}, reply
   * {@code {status, headers, body}}.
   */
  public static String api(String node) {
    return API_PREFIX + node;
  }

  /** Change notifications for one kind of record, e.g. {@code chorus.changed.identity}. */
  public static String changed(String kind) {
    return CHANGED_PREFIX + kind;
  }

  /**
   * {@link #HEADER_KIND} value on {@link #INTERACTIONS} and {@link #INGRESS}: a health probe, not
   * an event. The log writer answers when it is writing (fails with {@link #FAILURE_UNAVAILABLE}
   * when its store is failing or stalled); the router answers at once. Sent by collectors'
   * readiness and fast refusal ({@code collector.IngestHealth}).
   */
  public static final String KIND_PROBE = "probe";

  // Command modules (command stage; external modules reach them through the event-bus bridge).

  /**
   * Command modules announce a command here (publish, every few seconds while they run): {@code
   * {name, description, permission, globalCooldown, personCooldown}}.
   */
  public static final String COMMAND_REGISTER = "chorus.command.register";

  /**
   * Prefix of the request/reply address of a module's command: {@code
   * chorus.command.module.<name>}.
   */
  public static final String COMMAND_MODULE_PREFIX = "chorus.command.module.";

  /** The address a module answers its command {@code name} on. */
  public static String commandModule(String name) {
    return COMMAND_MODULE_PREFIX + name;
  }
}
