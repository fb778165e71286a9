-- A fact's optional subject; see db/pg/V50__fact_subject.sql.
ALTER TABLE facts ADD COLUMN subject VARCHAR(200);
