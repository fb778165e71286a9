package dev.chorus.community;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.StoreContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CommunityStore} adapter must do. One subclass per adapter. */
public abstract class CommunityStoreContract extends StoreContract<CommunityStore> {

  private String id;
  private String channel;

  @BeforeEach
  void fresh() {
    id = "c-" + UUID.randomUUID();
    channel = "ch-" + UUID.randomUUID();
  }

  @Test
  void createOnlyWhenAbsent() {
    Community created = await(store.create(id, "First")).orElseThrow();
    assertEquals("First", created.name());
    assertEquals(Optional.empty(), await(store.create(id, "Second")));
    assertEquals("First", await(store.get(id)).orElseThrow().name());
  }

  @Test
  void upsertCreatesThenRenames() {
    assertEquals(Optional.empty(), await(store.get(id)));
    Community created = await(store.upsert(id, "Demo"));
    assertEquals("Demo", created.name());
    Community renamed = await(store.upsert(id, "Demo Stream"));
    assertEquals("Demo Stream", renamed.name());
    assertEquals(created.createdAt(), renamed.createdAt());
    assertEquals(Optional.of(renamed), await(store.get(id)));
    assertTrue(await(store.list()).contains(renamed));
  }

  @Test
  void channelsBelongToOneCommunity() {
    await(store.upsert(id, "A"));
    String other = "x" + id;
    await(store.upsert(other, "B"));
    ChannelLink link = await(store.link(id, "twitch", channel, "demo"));
    assertEquals(new ChannelLink(id, "twitch", channel, "demo"), link);
    assertEquals(
        new ChannelLink(id, "twitch", channel, "demo_renamed"),
        await(store.link(id, "twitch", channel, "demo_renamed")));
    Throwable taken = awaitFailure(store.link(other, "twitch", channel, "demo"));
    assertInstanceOf(ChannelTakenException.class, taken);
    assertTrue(taken.getMessage().contains(id), taken.getMessage());
    assertEquals(
        Optional.of(new ChannelLink(id, "twitch", channel, "demo_renamed")),
        await(store.channel("twitch", channel)));
    assertEquals(Optional.empty(), await(store.channel("discord", channel)));
    await(store.link(id, "discord", channel, "general"));
    assertEquals(
        List.of("discord", "twitch"),
        await(store.channels(id)).stream().map(ChannelLink::platform).toList());
    assertTrue(await(store.unlink("twitch", channel)));
    assertFalse(await(store.unlink("twitch", channel)));
    assertEquals(
        new ChannelLink(other, "twitch", channel, "demo"),
        await(store.link(other, "twitch", channel, "demo")));
  }

  @Test
  void settingsPerCommunity() {
    await(store.upsert(id, "A"));
    assertEquals(Optional.empty(), await(store.setting(id, "ai.enabled")));
    await(store.putSetting(id, "ai.enabled", "true"));
    await(store.putSetting(id, "command.prefix", "!"));
    await(store.putSetting(id, "ai.enabled", "false"));
    assertEquals(Optional.of("false"), await(store.setting(id, "ai.enabled")));
    assertEquals(Map.of("ai.enabled", "false", "command.prefix", "!"), await(store.settings(id)));
    assertTrue(await(store.removeSetting(id, "ai.enabled")));
    assertFalse(await(store.removeSetting(id, "ai.enabled")));
    assertEquals(Map.of("command.prefix", "!"), await(store.settings(id)));
  }

  @Test
  void settingsNeedAnExistingCommunity() {
    awaitFailure(store.putSetting("missing-" + id, "k", "v"));
  }

  @Test
  void deleteTakesChannelsAndSettingsAlong() {
    await(store.upsert(id, "A"));
    await(store.link(id, "web", channel, "room"));
    await(store.putSetting(id, "k", "v"));
    assertTrue(await(store.delete(id)));
    assertFalse(await(store.delete(id)));
    assertEquals(Optional.empty(), await(store.channel("web", channel)));
    assertEquals(Map.of(), await(store.settings(id)));
  }
}
