-- Requests already open when expiry jobs shipped get theirs too (after the topic is registered).
select private.enqueue_payment_expiry(r) from public.payment_requests r where r.status = 'open';
