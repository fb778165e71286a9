-- Web-chat sign-in and overlay tokens become API keys (scopes chat and overlay, decision 124).
-- A chat key names the person its holder speaks as and their permission level; other keys leave
-- both empty.
ALTER TABLE api_keys ADD COLUMN user_name VARCHAR(64);
ALTER TABLE api_keys ADD COLUMN level VARCHAR(16);
CREATE INDEX api_keys_chat_name ON api_keys (community, user_name);
