-- The moderation and AI stages' decision records (system.moderation, system.ai rows) were stored as
-- kind 'event' and so counted as accepted events; they are rows of their own kind now (decision
-- 115). Rows written before this keep in_reply_to empty: raw.eventId in the payload names the event.
UPDATE interactions SET kind = 'record'
 WHERE kind = 'event' AND type IN ('system.moderation', 'system.ai');
