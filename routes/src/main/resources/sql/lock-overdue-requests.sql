-- OPEN requests whose deadline is before :dueBy (now plus osago.completion.ahead), oldest first, whichever
-- instance accepted them. SKIP LOCKED: one being completed elsewhere (another instance, or early by a batch
-- of answers) is left to that one.
select request_id, event_seq
  from quote_request
 where status = 'OPEN'
   and deadline <= :dueBy
 order by deadline
 limit :limit
   for no key update skip locked
