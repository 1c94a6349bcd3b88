-- Insights (read model): the scheduled start of the review meeting, so that "hours from resolution to the meeting"
-- is a column rather than a field inside the JSON document; and an index for "items due in the period".
alter table am_postmortem add column meeting_start timestamp with time zone;
create index am_action_item_due on am_action_item (due_date);
