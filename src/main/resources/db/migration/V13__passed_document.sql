-- The last version of the post-mortem document that passed the quality gate (issue 21): what the mails quote, so a
-- version the gate sent back is never mailed. Null until a version passes.
alter table am_postmortem add column passed_document varchar(1000000);
