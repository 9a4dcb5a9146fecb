-- The job registry and the queue's rules (migration *_jobs.sql): who may touch the registry, enqueue
-- (unknown topics refused, key and coalesce templates), lanes and `after`, the result protocol (done,
-- retry with dead letters, wait without spending an attempt), jobs dying with the job they wait behind
-- and coming back with it when an owner retries, the circuit breaker functions, the suspension trigger.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(68);

-- ---------------------------------------------------------------------------------------------
-- private.job_topics and private.outbox_health: no API role reads or writes them
select tests.as_anon();
select throws_ok($$ select * from private.job_topics $$, '42501', null, 'anon cannot select job topics');
select tests.as_user('owner');
select throws_ok($$ select * from private.job_topics $$, '42501', null, 'an owner cannot select job topics');
select throws_ok($$ insert into private.job_topics (topic, title, destination, max_attempts) values ('x.y', 'x', 'x', 1) $$,
  '42501', null, 'an owner cannot insert job topics');
select throws_ok($$ update private.job_topics set title = 'x' $$, '42501', null, 'an owner cannot update job topics');
select throws_ok($$ delete from private.job_topics $$, '42501', null, 'an owner cannot delete job topics');
select throws_ok($$ select * from private.outbox_health $$, '42501', null, 'an owner cannot read the outbox health');
select tests.as_service();
select throws_ok($$ select * from private.job_topics $$, '42501', null, 'service_role cannot select job topics');
select throws_ok($$ insert into private.job_topics (topic, title, destination, max_attempts) values ('x.y', 'x', 'x', 1) $$,
  '42501', null, 'service_role cannot insert job topics');
select throws_ok($$ update private.job_topics set title = 'x' $$, '42501', null, 'service_role cannot update job topics');
select throws_ok($$ delete from private.job_topics $$, '42501', null, 'service_role cannot delete job topics');
select throws_ok($$ select * from private.outbox_health $$, '42501', null, 'service_role cannot read the outbox health directly');
reset role;
select ok((select count(*) from private.job_topics where destination = 'chatwoot') >= 9,
  'the generated migration registered the Chatwoot jobs');

-- grants on the dispatcher's functions
select ok(not has_function_privilege('authenticated', 'public.claim_outbox_jobs(int, int)', 'execute'), 'authenticated cannot claim jobs');
select ok(not has_function_privilege('anon', 'public.claim_outbox_jobs(int, int)', 'execute'), 'anon cannot claim jobs');
select ok(not has_function_privilege('authenticated', 'public.record_outbox_result(bigint, text, text, double precision, jsonb)', 'execute'),
  'authenticated cannot record results');
select ok(not has_function_privilege('authenticated', 'public.next_outbox_job_due()', 'execute'), 'authenticated cannot peek at the queue');
select ok(not has_function_privilege('authenticated', 'public.enqueue_outbox(uuid, text, jsonb)', 'execute'), 'authenticated cannot enqueue');
select ok(not has_function_privilege('anon', 'public.enqueue_outbox(uuid, text, jsonb)', 'execute'), 'anon cannot enqueue');
select ok(has_function_privilege('service_role', 'public.record_outbox_result(bigint, text, text, double precision, jsonb)', 'execute'),
  'service_role records results');
select ok(not has_function_privilege('anon', 'public.retry_outbox_job(bigint)', 'execute'), 'anon cannot retry jobs');
select ok(has_function_privilege('authenticated', 'public.retry_outbox_job(bigint)', 'execute'), 'authenticated may call retry (checked inside)');
select ok(not has_function_privilege('anon', 'public.job_title(public.outbox)', 'execute'), 'anon cannot read job titles');
select ok(not has_function_privilege('authenticated', 'public.get_circuit_breaker(text)', 'execute'), 'circuit breakers are not readable by users');
select ok(not has_function_privilege('authenticated', 'public.set_circuit_breaker(text, jsonb)', 'execute'), 'users cannot set circuit breakers');
select ok(not has_function_privilege('anon', 'public.set_circuit_breaker(text, jsonb)', 'execute'), 'anon cannot set circuit breakers');
select tests.as_service();
select lives_ok($$ select public.set_circuit_breaker('test', '{"status":"open","failures":5}') $$, 'service_role saves a breaker');
select is(public.get_circuit_breaker('test') ->> 'status', 'open', 'and reads it back');

-- ---------------------------------------------------------------------------------------------
-- test topics, a clean queue
reset role;
delete from public.outbox;
insert into private.job_topics (topic, title, destination, key_template, coalesce_template, lane_template, after_template, max_attempts) values
  ('test.setup', 'Set things up', 'test', 'setup:{store_id}', null, 'setup:{store_id}', null, 2),
  ('test.keyed', 'A keyed job', 'test', 'item:{item}', null, 'thing:{thing}', 'setup:{store_id}', 3),
  ('test.synced', 'Sync the current state', 'test', null, 'thing:{thing}', 'thing:{thing}', 'setup:{store_id}', 3);
create temp table ids (name text primary key, id bigint);
grant all on ids to service_role, authenticated;

select tests.as_service();
select throws_ok($$ select public.enqueue_outbox(tests.store_id('A'), 'test.nope', '{}') $$, '22023',
  'unknown job topic "test.nope"', 'an unknown topic is refused with its name');
insert into ids values ('setup', public.enqueue_outbox(tests.store_id('A'), 'test.setup',
  jsonb_build_object('store_id', tests.store_id('A'))));
select results_eq($$ select idempotency_key, lane, after_lane from public.outbox where id = (select id from ids where name = 'setup') $$,
  $$ values ('setup:' || tests.store_id('A'), 'setup:' || tests.store_id('A'), null::text) $$,
  'the key and the lane come from the templates');
insert into ids values ('k1', public.enqueue_outbox(tests.store_id('A'), 'test.keyed',
  jsonb_build_object('store_id', tests.store_id('A'), 'item', 1, 'thing', 't1')));
select is(public.enqueue_outbox(tests.store_id('A'), 'test.keyed', jsonb_build_object('store_id', tests.store_id('A'), 'item', 1, 'thing', 't1')),
  null, 'the same key again enqueues nothing');
insert into ids values ('s1', public.enqueue_outbox(tests.store_id('A'), 'test.synced',
  jsonb_build_object('store_id', tests.store_id('A'), 'thing', 't1')));
select is(public.enqueue_outbox(tests.store_id('A'), 'test.synced', jsonb_build_object('store_id', tests.store_id('A'), 'thing', 't1')),
  null, 'a second sync of the same thing while one waits is coalesced');
insert into ids values ('loose', public.enqueue_outbox(tests.store_id('A'), 'test.keyed',
  jsonb_build_object('store_id', tests.store_id('A'), 'item', 2)));
select is((select lane from public.outbox where id = (select id from ids where name = 'loose')), null,
  'a template whose field is missing gives no lane');

-- lanes and after: only the setup runs first
select results_eq($$ select id from public.claim_outbox_jobs(10, 60) $$, $$ select id from ids where name = 'setup' $$,
  'jobs that come after the setup lane wait for it');
select results_eq($$ select status, attempts, runs from public.outbox where id = (select id from ids where name = 'setup') $$,
  $$ values ('processing'::text, 1, 1) $$, 'claimed: processing, attempt 1, run 1');
select is((select count(*) from public.claim_outbox_jobs(10, 60)), 0::bigint, 'a claimed job is leased, nothing else is free');
select is(public.record_outbox_result((select id from ids where name = 'setup'), 'done', null, null, '{"ok": true}'), 'done',
  'the setup is done');
select results_eq($$ select id from public.claim_outbox_jobs(10, 60) order by id $$,
  $$ select id from ids where name in ('k1', 'loose') order by id $$,
  'then the first job of each lane runs; the second of the thing lane waits');
select is(public.enqueue_outbox(tests.store_id('A'), 'test.synced', jsonb_build_object('store_id', tests.store_id('A'), 'thing', 't1')),
  null, 'the waiting sync still absorbs new ones');

-- the result protocol
select is(public.record_outbox_result((select id from ids where name = 'k1'), 'wait', 'not yet', 30, null), 'pending',
  'a wait goes back to pending');
select results_eq($$ select attempts, last_error, next_attempt_at > now() + interval '29 s' from public.outbox where id = (select id from ids where name = 'k1') $$,
  $$ values (0, 'not yet'::text, true) $$, 'without spending the attempt, after the wait');
update public.outbox set next_attempt_at = now() - interval '1 s' where id = (select id from ids where name = 'k1');
select is((select count(*) from public.claim_outbox_jobs(1, 60) where id = (select id from ids where name = 'k1')), 1::bigint, 'claimed again');
select is(public.record_outbox_result((select id from ids where name = 'k1'), 'retry', 'Chatwoot could not be reached', 12.5, null), 'pending',
  'a retryable failure goes back to pending');
select results_eq($$ select attempts, runs, next_attempt_at between now() + interval '12 s' and now() + interval '13 s'
  from public.outbox where id = (select id from ids where name = 'k1') $$,
  $$ values (1, 2, true) $$, 'the attempt is spent; the next one comes after the delay asked for');

-- a dead job takes the jobs behind it along, named after it
update public.outbox set next_attempt_at = now() - interval '1 s', attempts = 2 where id = (select id from ids where name = 'k1');
select is((select count(*) from public.claim_outbox_jobs(1, 60) where id = (select id from ids where name = 'k1')), 1::bigint, 'the last attempt');
select is(public.record_outbox_result((select id from ids where name = 'k1'), 'retry', 'Chatwoot could not be reached', 5, null), 'dead',
  'a failure on the last attempt is dead');
select is((select last_error from public.outbox where id = (select id from ids where name = 'k1')),
  'Gave up after 3 attempts: Chatwoot could not be reached', 'the owner reads why');
select results_eq($$ select status, held_by, last_error from public.outbox where id = (select id from ids where name = 's1') $$,
  $$ select 'dead'::text, (select id from ids where name = 'k1'),
    format('Held behind job #%s (A keyed job), which failed: Gave up after 3 attempts: Chatwoot could not be reached',
      (select id from ids where name = 'k1')) $$,
  'the job waiting behind it dies with it, with a reason naming it');
insert into ids values ('late', public.enqueue_outbox(tests.store_id('A'), 'test.keyed',
  jsonb_build_object('store_id', tests.store_id('A'), 'item', 3, 'thing', 't1')));
select results_eq($$ select status, held_by from public.outbox where id = (select id from ids where name = 'late') $$,
  $$ select 'dead'::text, (select id from ids where name = 'k1') $$, 'a job enqueued behind a dead one is dead at once');
insert into ids values ('other', public.enqueue_outbox(tests.store_id('A'), 'test.keyed',
  jsonb_build_object('store_id', tests.store_id('A'), 'item', 4, 'thing', 't2')));
select results_eq($$ select id from public.claim_outbox_jobs(10, 60) $$, $$ select id from ids where name = 'other' $$,
  'other lanes go on');

-- an owner's retry revives the head and everything that died with it, in order
reset role;
-- refusals are PT404 (PostgREST: 404), one wording whether the job is someone else's, not failed or unknown
select tests.as_user('agent');
select throws_ok($$ select public.retry_outbox_job((select id from ids where name = 'late')) $$, 'PT404',
  format('no failed job %s in your stores', (select id from ids where name = 'late')), 'an agent cannot retry');
select tests.as_user('other_owner');
select throws_ok($$ select public.retry_outbox_job((select id from ids where name = 'late')) $$, 'PT404',
  format('no failed job %s in your stores', (select id from ids where name = 'late')),
  'another store''s owner cannot retry');
select tests.as_user('admin');
select is((select public.job_title(o) from public.outbox o where o.id = (select id from ids where name = 'late')), 'A keyed job',
  'the admin reads the job''s title');
select lives_ok($$ select public.retry_outbox_job((select id from ids where name = 'late')) $$,
  'the admin retries a job held behind another');
select throws_ok($$ select public.retry_outbox_job((select id from ids where name = 'late')) $$, 'PT404',
  format('no failed job %s in your stores', (select id from ids where name = 'late')),
  'retrying it again (no longer failed) is refused the same way');
select throws_ok($$ select public.retry_outbox_job(-1) $$, 'PT404', 'no failed job -1 in your stores',
  'and so is a job that does not exist');
reset role;
select results_eq($$ select status, attempts, held_by, last_error from public.outbox
  where id in (select id from ids where name in ('k1', 's1', 'late')) order by id $$,
  $$ values ('pending'::text, 0, null::bigint, null::text), ('pending', 0, null, null), ('pending', 0, null, null) $$,
  'the job it was held behind and every job that died with it are pending again');
select tests.as_service();
select results_eq($$ select id from public.claim_outbox_jobs(10, 60) $$, $$ select id from ids where name = 'k1' $$,
  'in their order: the head first');
select is(public.record_outbox_result((select id from ids where name = 'k1'), 'done', null, null, null), 'done', 'done');
select results_eq($$ select id from public.claim_outbox_jobs(10, 60) $$, $$ select id from ids where name = 's1' $$, 'then the next');
select is(public.record_outbox_result((select id from ids where name = 's1'), 'dead', 'Chatwoot refused the contact: bad e-mail', null, null),
  'dead', 'a refusal is dead at once');
select is((select held_by from public.outbox where id = (select id from ids where name = 'late')), (select id from ids where name = 's1'),
  'and takes the next one with it again');

-- the setup lane dying takes everything after it along
reset role;
delete from public.outbox where id in (select id from ids where name in ('k1', 's1', 'late', 'loose', 'other'));
select tests.as_service();
insert into ids values ('setup_b', public.enqueue_outbox(tests.store_id('B'), 'test.setup',
  jsonb_build_object('store_id', tests.store_id('B'))));
insert into ids values ('after_b', public.enqueue_outbox(tests.store_id('B'), 'test.keyed',
  jsonb_build_object('store_id', tests.store_id('B'), 'item', 10, 'thing', 'tb')));
insert into ids values ('next_b', public.enqueue_outbox(tests.store_id('B'), 'test.keyed',
  jsonb_build_object('store_id', tests.store_id('B'), 'item', 11, 'thing', 'tb')));
select results_eq($$ select id from public.claim_outbox_jobs(10, 60) $$, $$ select id from ids where name = 'setup_b' $$,
  'only the setup of B runs');
select is(public.record_outbox_result((select id from ids where name = 'setup_b'), 'dead', 'Chatwoot refused the account', null, null),
  'dead', 'it is refused');
select results_eq($$ select status, held_by from public.outbox where id in (select id from ids where name in ('after_b', 'next_b')) order by id $$,
  $$ select 'dead'::text, (select id from ids where name = 'setup_b') union all select 'dead', (select id from ids where name = 'setup_b') $$,
  'the jobs that come after it, and those behind them, die with it');
select is(public.next_outbox_job_due(), null, 'nothing is waiting to run');

-- outcomes the protocol does not know, jobs not (or no longer) ours
select throws_ok($$ select public.record_outbox_result(1, 'maybe', null, null, null) $$, '22023', null, 'an unknown outcome is refused');
select is(public.record_outbox_result((select id from ids where name = 'next_b'), 'done', null, null, null), null,
  'a job that is not processing is left alone');

-- suspension enqueues the account suspension
reset role;
update public.stores set status = 'suspended' where id = tests.store_id('A');
select is((select payload ->> 'suspended' from public.outbox where topic = 'chatwoot.suspend_account'), 'true',
  'suspending a store enqueues chatwoot.suspend_account');
select * from finish();
rollback;
