-- Mail outbox (issue 9): every mail is recorded here in the engine's transaction and delivered after the commit by
-- notification.MailDispatcher on any node; one delivery row per (step, recipient), never re-sent once SENT.

-- What a step mails: rendered once, shared by its deliveries.
create table am_mail_message (
    id          varchar(64)   not null primary key,
    step        varchar(300)  not null,
    business_key varchar(250),
    subject     varchar(1000) not null,
    to_header   text          not null,
    text_body   text          not null,
    html_body   text          not null,
    created_at  timestamp with time zone not null
);

create table am_mail_attachment (
    message_id   varchar(64)  not null,
    position     integer      not null,
    filename     varchar(300) not null,
    content_type varchar(300) not null,
    content_b64  text         not null,
    primary key (message_id, position)
);

-- One row per recipient. idem_key is stable per (step, recipient): the Message-ID is derived from it.
-- status: PENDING (due at next_attempt_at), SENDING (claimed by a node until claimed_until), SENT, FAILED.
create table am_mail_delivery (
    id              varchar(64)   not null primary key,
    message_id      varchar(64)   not null,
    idem_key        varchar(64)   not null,
    user_id         varchar(200),
    address         varchar(320)  not null,
    display_name    varchar(300),
    status          varchar(20)   not null,
    attempts        integer       not null,
    next_attempt_at timestamp with time zone not null,
    claimed_by      varchar(200),
    claimed_until   timestamp with time zone,
    sent_at         timestamp with time zone,
    last_error      varchar(2000),
    created_at      timestamp with time zone not null,
    constraint am_mail_delivery_idem unique (idem_key)
);
create index am_mail_delivery_due on am_mail_delivery (status, next_attempt_at);
create index am_mail_delivery_message on am_mail_delivery (message_id);
