-- Look-alike keys of display names (decision 081): an account whose name folds to another person's
-- key is flagged in the identity audit. Accounts from before get their key when next seen.
ALTER TABLE platform_accounts ADD COLUMN name_key VARCHAR(128);
CREATE INDEX platform_accounts_name_key ON platform_accounts (community, name_key);
