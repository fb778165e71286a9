package dev.chorus.collector.twitch.eventsub;

/** EventSub bodies in the documented shapes (written for these tests). */
final class EventSubFixtures {

  static final String SECRET = "s3cr3t-for-tests";

  static final String FOLLOW =
      """
      {"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","type":"channel.follow",\
      "version":"2","status":"enabled","cost":0,\
      "condition":{"broadcaster_user_id":"1337","moderator_user_id":"1337"},\
      "transport":{"method":"webhook","callback":"https://example.com/webhooks/twitch"},\
      "created_at":"2019-11-16T10:11:12.634234626Z"},\
      "event":{"user_id":"1234","user_login":"cool_user","user_name":"Cool_User",\
      "broadcaster_user_id":"1337","broadcaster_user_login":"cooler_user",\
      "broadcaster_user_name":"Cooler_User","followed_at":"2020-07-15T18:16:11.17106713Z"}}""";

  static final String ONLINE =
      """
      {"subscription":{"id":"o1","type":"stream.online","version":"1","status":"enabled",\
      "cost":0,"condition":{"broadcaster_user_id":"1337"},"created_at":"2019-11-16T10:11:12Z"},\
      "event":{"id":"9001","broadcaster_user_id":"1337","broadcaster_user_login":"cooler_user",\
      "broadcaster_user_name":"Cooler_User","type":"live","started_at":"2020-10-11T10:11:12.123Z"}}""";

  static final String OFFLINE =
      """
      {"subscription":{"id":"o2","type":"stream.offline","version":"1","status":"enabled",\
      "cost":0,"condition":{"broadcaster_user_id":"1337"},"created_at":"2019-11-16T10:11:12Z"},\
      "event":{"broadcaster_user_id":"1337","broadcaster_user_login":"cooler_user",\
      "broadcaster_user_name":"Cooler_User"}}""";

  static final String SUBSCRIBE =
      """
      {"subscription":{"id":"s1","type":"channel.subscribe","version":"1","status":"enabled",\
      "cost":0,"condition":{"broadcaster_user_id":"1337"},"created_at":"2019-11-16T10:11:12Z"},\
      "event":{"user_id":"1234","user_login":"cool_user","user_name":"Cool_User",\
      "broadcaster_user_id":"1337","broadcaster_user_login":"cooler_user",\
      "broadcaster_user_name":"Cooler_User","tier":"1000","is_gift":false}}""";

  static final String GIFT =
      """
      {"subscription":{"id":"g1","type":"channel.subscription.gift","version":"1",\
      "status":"enabled","cost":0,"condition":{"broadcaster_user_id":"1337"}},\
      "event":{"user_id":null,"user_login":null,"user_name":null,\
      "broadcaster_user_id":"1337","broadcaster_user_login":"cooler_user",\
      "broadcaster_user_name":"Cooler_User","total":2,"tier":"1000","cumulative_total":null,\
      "is_anonymous":true}}""";

  static final String RESUB =
      """
      {"subscription":{"id":"m1","type":"channel.subscription.message","version":"1",\
      "status":"enabled","cost":0,"condition":{"broadcaster_user_id":"1337"}},\
      "event":{"user_id":"1234","user_login":"cool_user","user_name":"Cool_User",\
      "broadcaster_user_id":"1337","broadcaster_user_login":"cooler_user",\
      "broadcaster_user_name":"Cooler_User","tier":"1000",\
      "message":{"text":"Love the stream! FevziGG",\
      "emotes":[{"begin":23,"end":30,"id":"302976485"}]},\
      "cumulative_months":15,"streak_months":1,"duration_months":6}}""";

  static final String RAID =
      """
      {"subscription":{"id":"r1","type":"channel.raid","version":"1","status":"enabled",\
      "cost":0,"condition":{"to_broadcaster_user_id":"1337"}},\
      "event":{"from_broadcaster_user_id":"1234","from_broadcaster_user_login":"cool_user",\
      "from_broadcaster_user_name":"Cool_User","to_broadcaster_user_id":"1337",\
      "to_broadcaster_user_login":"cooler_user","to_broadcaster_user_name":"Cooler_User",\
      "viewers":9001}}""";

  static final String CHEER =
      """
      {"subscription":{"id":"c1","type":"channel.cheer","version":"1","status":"enabled",\
      "cost":0,"condition":{"broadcaster_user_id":"1337"}},\
      "event":{"is_anonymous":false,"user_id":"1234","user_login":"cool_user",\
      "user_name":"Cool_User","broadcaster_user_id":"1337",\
      "broadcaster_user_login":"cooler_user","broadcaster_user_name":"Cooler_User",\
      "message":"pogchamp","bits":1000}}""";

  static final String REDEMPTION =
      """
      {"subscription":{"id":"p1","type":"channel.channel_points_custom_reward_redemption.add",\
      "version":"1","status":"enabled","cost":0,"condition":{"broadcaster_user_id":"1337"}},\
      "event":{"id":"17fa2df1-ad76-4804-bfa5-a40ef63efe63","broadcaster_user_id":"1337",\
      "broadcaster_user_login":"cool_user","broadcaster_user_name":"Cool_User",\
      "user_id":"9001","user_login":"cooler_user","user_name":"Cooler_User",\
      "user_input":"pogchamp","status":"unfulfilled",\
      "reward":{"id":"92af127c-7326-4483-a52b-b0da0be61c01","title":"title","cost":100,\
      "prompt":"reward prompt"},"redeemed_at":"2020-07-15T17:16:03.17106713Z"}}""";

  static final String VERIFICATION =
      """
      {"challenge":"pogchamp-kappa-360noscope-vohiyo",\
      "subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":\
      "webhook_callback_verification_pending","type":"channel.follow","version":"2","cost":1,\
      "condition":{"broadcaster_user_id":"12826"},\
      "transport":{"method":"webhook","callback":"https://example.com/webhooks/twitch"},\
      "created_at":"2019-11-16T10:11:12.634234626Z"}}""";

  static final String REVOCATION =
      """
      {"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":\
      "authorization_revoked","type":"channel.follow","version":"2","cost":1,\
      "condition":{"broadcaster_user_id":"12826"},\
      "transport":{"method":"webhook","callback":"https://example.com/webhooks/twitch"},\
      "created_at":"2019-11-16T10:11:12.634234626Z"}}""";

  private EventSubFixtures() {}
}
