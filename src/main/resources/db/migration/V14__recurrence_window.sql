-- Where the recurrence window of an incident began (the policy counted every occurrence resolved after it, up to
-- this incident's resolution): the count shown to a person is recounted over the same window with only the incidents
-- that person may see.
alter table am_incident add column recurrence_since timestamp with time zone;
