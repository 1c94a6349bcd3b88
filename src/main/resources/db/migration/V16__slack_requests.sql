-- Slack requests already acted on (issue 25, actions from Slack): a replayed interactivity request or slash command
-- (same signature, trigger_id or action_ts) changes nothing a second time. Rows older than the signature's
-- five-minute window (kept ten minutes) are deleted as new requests arrive: a request that old fails its signature
-- check anyway.
create table am_slack_request (
    request_key varchar(300)             not null primary key,
    received_at timestamp with time zone not null
);
create index am_slack_request_received_at on am_slack_request (received_at);
