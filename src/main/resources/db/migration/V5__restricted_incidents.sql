-- Restricted post-mortems (security incidents or restricted: true in the closure payload) and the people who took
-- part in an incident. A restricted incident is visible only to its participants, the group "security" and admins.
alter table am_incident add column restricted boolean default false not null;
alter table am_incident add column restricted_reason varchar(500);

create table am_incident_participant (
    incident_id varchar(200) not null,
    user_id     varchar(100) not null,
    role        varchar(40)  not null,
    primary key (incident_id, user_id, role)
);
create index am_incident_participant_user on am_incident_participant (user_id);
