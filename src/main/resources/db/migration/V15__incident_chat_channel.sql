-- The incident's own chat channel (issue 25): from the closure's chatChannel or the PagerDuty webhook.
alter table am_incident add column chat_channel varchar(100);
