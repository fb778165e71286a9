-- A fact's optional subject (a person's login or a topic, lower case), used to boost facts about
-- the speaker or the person asked about.
ALTER TABLE facts ADD COLUMN subject text;
