-- Chat outbox (issue 25): one row per (intent, channel), recorded in the engine's transaction by chat.ChatNotifier and
-- posted after the commit by chat.ChatDispatcher on any node (Slack chat.postMessage or a Teams Workflows webhook).
-- idem_key = SHA-256 of the mail's intent and the target: a committed step records its message once per channel.
-- status: PENDING (due at next_attempt_at), SENDING (claimed until claimed_until), SENT, FAILED.
-- uncertain: the last attempt's answer was lost (timeout, reset, 5xx); before posting again the dispatcher looks for
-- the message in the channel (Slack: conversations.history, by the intent in the message metadata).
create table am_chat_delivery (
    id              varchar(64)   not null primary key,
    idem_key        varchar(64)   not null,
    intent          varchar(300)  not null,
    template        varchar(200)  not null,
    business_key    varchar(250),
    kind            varchar(10)   not null,
    channel_name    varchar(100)  not null,
    address         varchar(200)  not null,
    text_body       text          not null,
    payload         text          not null,
    status          varchar(20)   not null,
    attempts        integer       not null,
    uncertain       boolean       not null,
    next_attempt_at timestamp with time zone not null,
    first_attempt_at timestamp with time zone,
    claimed_by      varchar(200),
    claimed_until   timestamp with time zone,
    sent_at         timestamp with time zone,
    message_ts      varchar(64),
    last_error      varchar(2000),
    created_at      timestamp with time zone not null,
    constraint am_chat_delivery_idem unique (idem_key)
);
create index am_chat_delivery_due on am_chat_delivery (status, next_attempt_at);
