-- The dispatcher's functions: claim (skip locked), complete, fail with backoff and dead letters, release,
-- enqueue_outbox; retry_outbox_job for owners/admins; the circuit breaker functions; the suspension trigger.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(32);

-- grants
select ok(not has_function_privilege('authenticated', 'public.claim_outbox_jobs(int, int)', 'execute'), 'authenticated cannot claim jobs');
select ok(not has_function_privilege('anon', 'public.claim_outbox_jobs(int, int)', 'execute'), 'anon cannot claim jobs');
select ok(not has_function_privilege('authenticated', 'public.complete_outbox_job(bigint)', 'execute'), 'authenticated cannot complete jobs');
select ok(not has_function_privilege('authenticated', 'public.fail_outbox_job(bigint, text, boolean, int)', 'execute'), 'authenticated cannot fail jobs');
select ok(not has_function_privilege('authenticated', 'public.release_outbox_job(bigint, int)', 'execute'), 'authenticated cannot release jobs');
select ok(not has_function_privilege('authenticated', 'public.enqueue_outbox(uuid, text, jsonb, text)', 'execute'), 'authenticated cannot enqueue');
select ok(not has_function_privilege('anon', 'public.retry_outbox_job(bigint)', 'execute'), 'anon cannot retry jobs');
select ok(has_function_privilege('authenticated', 'public.retry_outbox_job(bigint)', 'execute'), 'authenticated may call retry (checked inside)');
select ok(has_function_privilege('service_role', 'public.claim_outbox_jobs(int, int)', 'execute'), 'service_role claims jobs');
select ok(not has_function_privilege('authenticated', 'public.get_circuit_breaker(text)', 'execute'), 'circuit breakers are not readable by users');

select ok(not has_function_privilege('authenticated', 'public.set_circuit_breaker(text, jsonb)', 'execute'), 'users cannot set circuit breakers');
select ok(not has_function_privilege('anon', 'public.set_circuit_breaker(text, jsonb)', 'execute'), 'anon cannot set circuit breakers');
select tests.as_service();
select lives_ok($$ select public.set_circuit_breaker('test:x', '{"status":"open","failures":5}') $$, 'service_role saves a breaker');
select is(public.get_circuit_breaker('test:x') ->> 'status', 'open', 'and reads it back');

-- a clean queue with one job for A
reset role;
delete from public.outbox;
select tests.as_service();
select lives_ok($$ select public.enqueue_outbox(tests.store_id('A'), 'test.job', '{"n":1}', 'k-dispatch') $$, 'service_role enqueues');
select lives_ok($$ select public.enqueue_outbox(tests.store_id('A'), 'test.job', '{"n":2}', 'k-dispatch') $$, 'the same key again is a no-op');
select is((select count(*) from public.outbox), 1::bigint, 'one job queued');

select is((select count(*) from public.claim_outbox_jobs(10, 60)), 1::bigint, 'claim returns the due job');
select is((select count(*) from public.claim_outbox_jobs(10, 60)), 0::bigint, 'a claimed job is leased, not claimed twice');
select results_eq($$ select status, attempts from public.outbox $$, $$ values ('processing'::text, 1) $$, 'claimed: processing, attempt 1');

select is(public.fail_outbox_job((select id from public.outbox), 'boom', true, null), 'pending', 'a retryable failure goes back to pending');
select ok((select next_attempt_at between now() + interval '4 s' and now() + interval '6 s' from public.outbox), 'first backoff is 5 s');
update public.outbox set next_attempt_at = now() - interval '1 s';
select is((select count(*) from public.claim_outbox_jobs(10, 60)), 1::bigint, 'due again after the backoff');
select is(public.fail_outbox_job((select id from public.outbox), 'slow down', true, 42), 'pending', 'retry_after honoured');
select ok((select next_attempt_at between now() + interval '41 s' and now() + interval '43 s' from public.outbox), 'next attempt after 42 s');

update public.outbox set attempts = 7, next_attempt_at = now() - interval '1 s';
select is((select attempts from public.claim_outbox_jobs(10, 60)), 8, 'the eighth attempt');
select is(public.fail_outbox_job((select id from public.outbox), 'still broken', true, null), 'dead', 'eight failures: dead');

-- retry: agents and other stores cannot, admins can
select tests.as_user('agent');
select throws_ok($$ select public.retry_outbox_job((select id from public.outbox where topic = 'test.job' limit 1)) $$, 'P0002', null, 'an agent cannot retry');
select tests.as_user('other_owner');
select throws_ok($$ select public.retry_outbox_job(1) $$, 'P0002', null, 'another store''s owner cannot retry');
reset role;
create temp table job as select id from public.outbox where topic = 'test.job';
grant select on job to authenticated;
select tests.as_user('admin');
select lives_ok($$ select public.retry_outbox_job((select id from job)) $$, 'the admin retries a dead job');
reset role;
select results_eq($$ select status, attempts from public.outbox where topic = 'test.job' $$, $$ values ('pending'::text, 0) $$, 'retried: pending, attempts reset');

-- suspension enqueues the account suspension
update public.stores set status = 'suspended' where id = tests.store_id('A');
select is((select payload ->> 'suspended' from public.outbox where topic = 'chatwoot.suspend_account'), 'true', 'suspending a store enqueues chatwoot.suspend_account');
select * from finish();
rollback;
