-- Look-alike keys of display names (cluster profile, same shape as db/h2/V80__name_keys.sql).
ALTER TABLE platform_accounts ADD COLUMN name_key text;
CREATE INDEX platform_accounts_name_key ON platform_accounts (community, name_key);
