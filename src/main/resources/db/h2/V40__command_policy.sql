-- Per-command policy beyond permission and global cooldown (command engine).
ALTER TABLE custom_commands ADD COLUMN person_cooldown_seconds INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE custom_commands ADD COLUMN channel_limit INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE custom_commands ADD COLUMN channel_window_seconds INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE custom_commands ADD COLUMN platforms VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE custom_commands ADD COLUMN response_mode VARCHAR(16) DEFAULT 'reply' NOT NULL;
ALTER TABLE custom_commands ADD COLUMN shadow BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE custom_commands ADD COLUMN description VARCHAR(200) DEFAULT '' NOT NULL;
