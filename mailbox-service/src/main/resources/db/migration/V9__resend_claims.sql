-- Re-sends after a lost 250 (docs/smtp-gateway.md): per ResendDigest (Message-ID, reverse-path,
-- recipients, content) the first queue id that carried it and when the gateway accepted it. A
-- later queue id with the same digest accepted within mail.resend-suppression.window is filed
-- (or relayed) once only. Rows are deleted a day after their window has passed.
create table resend_claim (
    digest      char(64)    primary key,
    queue_id    varchar(64) not null,
    received_at timestamptz not null
);

create index resend_claim_received_at on resend_claim (received_at);
