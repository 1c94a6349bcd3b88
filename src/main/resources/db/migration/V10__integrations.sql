-- Integrations (issue 11): Jira issues for action items, Confluence pages for post-mortems, PagerDuty link-back.

-- The Jira issue key of an item (its URL stays in "ticket"); the webhook finds the item by it.
alter table am_action_item add column ticket_key varchar(100);
create index am_action_item_ticket_key on am_action_item (ticket_key);

-- What was sent to the tracker, once per intent (a comment per ladder step, a due date, a transition).
create table am_ticket_sync (
    item_id    varchar(250) not null,
    intent     varchar(200) not null,
    sent_at    timestamp with time zone not null,
    primary key (item_id, intent)
);

-- Jira webhook deliveries already applied (a replay changes nothing twice).
create table am_jira_delivery (
    delivery_id varchar(300) not null primary key,
    received_at timestamp with time zone not null
);

-- The wiki page of a published post-mortem: updated in place (version + 1), never duplicated.
create table am_wiki_page (
    incident_id  varchar(200) not null primary key,
    page_id      varchar(100) not null,
    url          varchar(2000),
    version      integer not null,
    content_hash varchar(64),
    updated_at   timestamp with time zone not null
);

-- The PagerDuty incident an incident came from, and the note that links it to the post-mortem (added once).
alter table am_incident add column pagerduty_incident_id varchar(200);
update am_incident set pagerduty_incident_id = id where created_by = 'pagerduty';
create table am_pagerduty_note (
    incident_id           varchar(200) not null primary key,
    pagerduty_incident_id varchar(200) not null,
    note_id               varchar(100),
    created_at            timestamp with time zone not null
);
