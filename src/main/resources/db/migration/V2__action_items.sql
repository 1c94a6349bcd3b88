-- Action items of published post-mortems: one row per item (id = <incidentId>/AI-<n>), kept up to date by the steps
-- of processes/action-item.bpmn. state and escalation_level are set by the ladder steps, never computed from the clock.
create table am_action_item (
    id                  varchar(250)  not null primary key,
    incident_id         varchar(200)  not null references am_incident (id),
    item_number         integer       not null,
    title               varchar(1000) not null,
    owner               varchar(100)  not null,
    priority            varchar(10),
    due_date            date          not null,
    state               varchar(10)   not null,
    escalation_level    integer       not null default 0,
    ticket              varchar(2000),
    resolution          varchar(10000),
    rationale           varchar(10000),
    history             varchar(1000000) not null,
    process_instance_id varchar(64),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    ended_at            timestamp with time zone
);
create index am_action_item_incident on am_action_item (incident_id);
create index am_action_item_state on am_action_item (state);
create index am_action_item_owner on am_action_item (owner);
