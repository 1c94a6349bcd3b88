-- Aftermath's own tables (Camunda manages its ACT_* tables itself).
create table am_incident (
    id                     varchar(200) not null primary key,
    title                  varchar(500),
    service                varchar(200),
    severity               varchar(10)  not null,
    started_at             timestamp with time zone,
    detected_at            timestamp with time zone,
    acknowledged_at        timestamp with time zone,
    mitigated_at           timestamp with time zone,
    resolved_at            timestamp with time zone not null,
    commander              varchar(100),
    responders             varchar(2000),
    users_affected         bigint,
    users_affected_percent double precision,
    customer_impact        varchar(10000),
    symptom                varchar(500),
    data_loss              boolean not null default false,
    security_incident      boolean not null default false,
    sla_breached           boolean not null default false,
    near_miss              boolean not null default false,
    timeline               varchar(100000),
    author                 varchar(100),
    facilitator            varchar(100),
    requirement            varchar(30),
    reason                 varchar(2000),
    publish_deadline       timestamp with time zone,
    meeting_deadline       timestamp with time zone,
    state                  varchar(40) not null,
    process_instance_id    varchar(64),
    created_at             timestamp with time zone not null,
    created_by             varchar(100)
);
create index am_incident_service_symptom on am_incident (service, symptom);

create table am_postmortem (
    incident_id     varchar(200) not null primary key references am_incident (id),
    status          varchar(20)  not null,
    document        varchar(1000000) not null,
    review_rounds   integer not null default 0,
    markdown        varchar(1000000),
    html            varchar(1000000),
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    published_at    timestamp with time zone
);
