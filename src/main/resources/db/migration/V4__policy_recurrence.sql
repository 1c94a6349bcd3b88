-- The policy's inputs and outputs recorded on the incident: how often the symptom recurred, and the format.
alter table am_incident add column recurrence integer;
alter table am_incident add column postmortem_format varchar(20);
create index am_incident_resolved on am_incident (resolved_at);
