-- DMARC aggregate reports (RFC 7489 §7.2; docs/mail-authentication.md): what the MX observed, counted
-- per day and report row, the policy each domain published that day, and the reports sent.
create table dmarc_observation (
    day            date         not null,
    policy_domain  varchar(255) not null,
    source_ip      varchar(45)  not null,
    header_from    varchar(255) not null,
    envelope_from  varchar(255) not null,
    disposition    varchar(10)  not null,
    dkim_aligned   varchar(4)   not null,
    spf_aligned    varchar(4)   not null,
    dkim_domain    varchar(255) not null,
    dkim_result    varchar(10)  not null,
    spf_domain     varchar(255) not null,
    spf_scope      varchar(5)   not null,
    spf_result     varchar(10)  not null,
    messages       integer      not null,
    primary key (day, policy_domain, source_ip, header_from, envelope_from, disposition, dkim_aligned, spf_aligned,
                 dkim_domain, dkim_result, spf_domain, spf_scope, spf_result)
);

create table dmarc_policy (
    day           date         not null,
    policy_domain varchar(255) not null,
    p             varchar(10)  not null,
    sp            varchar(10)  not null,
    pct           integer      not null,
    adkim         varchar(1)   not null,
    aspf          varchar(1)   not null,
    rua           text         not null,
    primary key (day, policy_domain)
);

create table dmarc_report_sent (
    day           date         not null,
    policy_domain varchar(255) not null,
    report_id     varchar(64)  not null,
    recipients    integer      not null,
    sent_at       timestamptz  not null default now(),
    primary key (day, policy_domain)
);
