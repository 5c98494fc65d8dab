-- Completed requests past the retention, with their audit rows (insurer_exchange has no foreign key to
-- cascade them: see V4) and, by the foreign key's cascade, their insurer rows. Returns how many of each.
with expired as (
    delete from quote_request
     where status = 'COMPLETED' and completed_at < :cutoff
 returning request_id
), audit as (
    delete from insurer_exchange e
     using expired
     where e.request_id = expired.request_id
 returning 1
)
select (select count(*) from expired) as requests, (select count(*) from audit) as audit_rows
