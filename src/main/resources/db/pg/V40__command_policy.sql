-- Per-command policy beyond permission and global cooldown (command engine).
ALTER TABLE custom_commands ADD COLUMN person_cooldown_seconds integer NOT NULL DEFAULT 0;
ALTER TABLE custom_commands ADD COLUMN channel_limit integer NOT NULL DEFAULT 0;
ALTER TABLE custom_commands ADD COLUMN channel_window_seconds integer NOT NULL DEFAULT 0;
ALTER TABLE custom_commands ADD COLUMN platforms text NOT NULL DEFAULT '';
ALTER TABLE custom_commands ADD COLUMN response_mode text NOT NULL DEFAULT 'reply';
ALTER TABLE custom_commands ADD COLUMN shadow boolean NOT NULL DEFAULT false;
ALTER TABLE custom_commands ADD COLUMN description text NOT NULL DEFAULT '';
