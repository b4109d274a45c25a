-- SMTP TLS reports (RFC 8460; docs/mail-authentication.md): the relay's outbound sessions, counted per
-- day, recipient domain, policy and result, and the reports sent. A policy is keyed by its digest
-- (its text may be long); successful sessions have empty receiving_* and sending_ip columns.
create table tls_observation (
    day            date         not null,
    policy_domain  varchar(255) not null,
    policy_type    varchar(20)  not null,
    policy_digest  varchar(64)  not null,
    policy_string  text         not null,
    mx_host        text         not null,
    result         varchar(40)  not null,
    receiving_mx   varchar(255) not null,
    receiving_ip   varchar(45)  not null,
    sending_ip     varchar(45)  not null,
    sessions       integer      not null,
    primary key (day, policy_domain, policy_type, policy_digest, result, receiving_mx, receiving_ip, sending_ip)
);

create table tls_report_sent (
    day           date         not null,
    policy_domain varchar(255) not null,
    report_id     varchar(64)  not null,
    recipients    integer      not null,
    sent_at       timestamptz  not null default now(),
    primary key (day, policy_domain)
);
