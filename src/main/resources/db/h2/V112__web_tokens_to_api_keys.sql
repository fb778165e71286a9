-- Web-chat sign-in tokens become chat keys of api_keys (decision 124): same id, same SHA-256,
-- same name, level, label and life, so signed-in links in use keep working and a revoked token
-- stays revoked.
INSERT INTO api_keys (id, key_hash, scope, community, label, created_at, revoked_at, user_name, level)
SELECT id, token_hash, 'chat', community, label, created_at, revoked_at, user_name, level
FROM web_tokens;
DROP TABLE web_tokens;
