-- Overlay tokens become overlay keys of api_keys (decision 124): the stored SHA-256 is the same
-- function of the same token, so every overlay URL in use keeps working.
INSERT INTO api_keys (id, key_hash, scope, community, label, created_at)
SELECT gen_random_uuid()::text, token_hash, 'overlay', community, 'overlay token', rotated_at
FROM overlay_tokens;
DROP TABLE overlay_tokens;
