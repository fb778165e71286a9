package dev.chorus.bench.micro;

/**
 * Twitch chat lines in the documented format, weighted like a busy channel (written for Chorus).
 */
final class IrcCorpus {

  static final int SIZE = 20;

  private static final String TAGS =
      "@badge-info=subscriber/%d;badges=%s;client-nonce=%s;color=#%s;display-name=%s;emotes=%s;"
          + "first-msg=0;flags=;id=%s;mod=%d;returning-chatter=0;room-id=71092938;"
          + "subscriber=%d;tmi-sent-ts=%d;turbo=0;user-id=%d;user-type=";

  static final String[] LINES = {
    privmsg(8, "subscriber/6,premium/1", "Ronni", "", 0, 1, "Kappa Keepo Kappa"),
    privmsg(0, "", "alice_w", "", 0, 0, "hello chat, first time here"),
    privmsg(
        26,
        "moderator/1,subscriber/24,sub-gifter/50",
        "ModBob",
        "25:0-4",
        1,
        1,
        "Kappa please keep it civil in here, thanks everyone"),
    privmsg(3, "subscriber/3", "Smörgås", "", 0, 1, "!uptime"),
    privmsg(0, "", "carol", "", 0, 0, "what game is this?"),
    privmsg(
        14,
        "vip/1,subscriber/12",
        "Dave",
        "",
        0,
        1,
        "that play was insane, clip it! PogChamp PogChamp PogChamp"),
    privmsg(1, "subscriber/0", "erin", "", 0, 1, "lol"),
    privmsg(0, "glhf-pledge/1", "frank_", "", 0, 0, "@Ronni are you streaming tomorrow?"),
    privmsg(5, "subscriber/3,bits/1000", "Gina\\sG", "", 0, 1, "!so @frank_"),
    privmsg(0, "", "henk", "", 0, 0, "こんにちは、配信ありがとう！"),
    privmsg(2, "subscriber/0", "ivy", "", 0, 1, "gg"),
    privmsg(0, "", "jon", "", 0, 0, "\u0001ACTION dances\u0001"),
    privmsg(9, "subscriber/6", "kim", "", 0, 1, "the boss has a second phase btw"),
    "@badge-info=subscriber/15;badges=subscriber/12;color=#9ACD32;display-name=Lou;emotes=;"
        + "flags=;id=db25007f-7a18-43eb-9379-80131e44d633;login=lou;mod=0;msg-id=resub;"
        + "msg-param-cumulative-months=15;msg-param-months=0;msg-param-multimonth-duration=0;"
        + "msg-param-multimonth-tenure=0;msg-param-should-share-streak=1;"
        + "msg-param-streak-months=2;msg-param-sub-plan-name=Channel\\sSubscription\\s(ronni);"
        + "msg-param-sub-plan=1000;msg-param-was-gifted=false;room-id=71092938;subscriber=1;"
        + "system-msg=Lou\\ssubscribed\\sat\\sTier\\s1.\\sThey've\\ssubscribed\\sfor\\s15\\smonths,"
        + "\\scurrently\\son\\sa\\s2\\smonth\\sstreak!;tmi-sent-ts=1700000000400;user-id=44332211;"
        + "user-type=;vip=0 :tmi.twitch.tv USERNOTICE #ronni :15 months already, love this channel",
    "@badge-info=;badges=sub-gifter/50;color=;display-name=TWW2;emotes=;flags=;"
        + "id=e9176cd8-5e22-4684-ad40-ce53c2561c5e;login=tww2;mod=0;msg-id=subgift;"
        + "msg-param-gift-months=1;msg-param-months=1;msg-param-origin-id=1234567890;"
        + "msg-param-recipient-display-name=Mr_Woodchuck;msg-param-recipient-id=55554444;"
        + "msg-param-recipient-user-name=mr_woodchuck;msg-param-sub-plan-name=House\\sof\\sNyoro~n;"
        + "msg-param-sub-plan=1000;room-id=71092938;subscriber=0;"
        + "system-msg=TWW2\\sgifted\\sa\\sTier\\s1\\ssub\\sto\\sMr_Woodchuck!;"
        + "tmi-sent-ts=1700000000500;user-id=13405587;user-type= :tmi.twitch.tv USERNOTICE #ronni",
    "PING :tmi.twitch.tv",
    "@ban-duration=600;room-id=71092938;target-user-id=87654321;tmi-sent-ts=1700000000600"
        + " :tmi.twitch.tv CLEARCHAT #ronni :spammer42",
    "@login=spammer42;room-id=71092938;target-msg-id=94e6c7ff-bf98-4faa-af5d-7ad633a158a9;"
        + "tmi-sent-ts=1700000000700 :tmi.twitch.tv CLEARMSG #ronni :buy followers at example.com",
    "@emote-only=0;followers-only=10;r9k=0;room-id=71092938;slow=0;subs-only=0"
        + " :tmi.twitch.tv ROOMSTATE #ronni",
    "@badge-info=;badges=moderator/1;color=#FF4500;display-name=ChorusBot;emote-sets=0,300374282;"
        + "id=7eb848c9-1060-4e5e-9f4c-612877982e79;mod=1;subscriber=0;user-type=mod"
        + " :tmi.twitch.tv USERSTATE #ronni",
  };

  private IrcCorpus() {}

  private static String privmsg(
      int months, String badges, String name, String emotes, int mod, int sub, String text) {
    int n = name.hashCode() & 0x7fffffff;
    String login = name.toLowerCase().replace("\\s", "_");
    String tags =
        String.format(
            TAGS,
            months,
            badges,
            Integer.toHexString(n) + "c0ffee",
            String.format("%06X", n & 0xFFFFFF),
            name,
            emotes,
            String.format("%08x-%04x-4%03x-8%03x-%012x", n, n & 0xFFFF, n & 0xFFF, n & 0xFFF, n),
            mod,
            sub,
            1_700_000_000_000L + n % 100_000,
            10_000_000 + n % 1_000_000);
    return tags
        + " :"
        + login
        + "!"
        + login
        + "@"
        + login
        + ".tmi.twitch.tv PRIVMSG #ronni :"
        + text;
  }
}
