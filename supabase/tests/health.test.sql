-- What the health function reads (migration *_health.sql): outbox_health() for the service role only, and
-- store_health(store) for members of that store (jobs for owners and admins only) and the service role.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(31);

-- A known queue: store A has a job waiting (due 30 s ago), one failing and one dead; store B one dead.
reset role;
delete from public.outbox;
delete from private.circuit_breakers where key = 'chatwoot';
insert into public.outbox (store_id, topic, payload, status, next_attempt_at, last_error) values
  (tests.store_id('A'), 'chatwoot.sync_contact', '{}', 'pending', now() - interval '30 seconds', null),
  (tests.store_id('A'), 'chatwoot.sync_contact', '{}', 'pending', now() + interval '1 hour', 'Chatwoot could not be reached'),
  (tests.store_id('A'), 'chatwoot.handoff', '{}', 'dead', now(), 'Chatwoot refused the contact'),
  (tests.store_id('A'), 'chatwoot.handoff', '{}', 'done', now(), null),
  (tests.store_id('B'), 'chatwoot.handoff', '{}', 'dead', now(), 'Store B''s own failure');
insert into private.circuit_breakers (key, state) values ('chatwoot', '{"status": "open", "failures": 5}');

-- ---------------------------------------------------------------------------------------------
-- outbox_health(): the service role's view of every destination
select ok(not has_function_privilege('anon', 'public.outbox_health()', 'execute'), 'anon cannot read the outbox health');
select ok(not has_function_privilege('authenticated', 'public.outbox_health()', 'execute'),
  'signed-in users cannot read the outbox health');
select tests.as_user('owner');
select throws_ok($$ select * from public.outbox_health() $$, '42501', null, 'an owner cannot call outbox_health');
select tests.as_service();
select results_eq(
  $$ select destination, backlog, dead, breaker ->> 'status' from public.outbox_health() where destination = 'chatwoot' $$,
  $$ values ('chatwoot'::text, 2::bigint, 2::bigint, 'open'::text) $$,
  'per destination: the backlog of every store, the dead letters and the breaker');
select is((select count(*) from public.outbox_health() where destination <> 'chatwoot' and (backlog > 0 or dead > 0)),
  0::bigint, 'a destination with no jobs shows an empty backlog and no dead letters');
select ok((select oldest_due_seconds between 29 and 600 from public.outbox_health() where destination = 'chatwoot'),
  'how long the oldest due job has waited, from the database clock');
select ok((select oldest_due_at < now() from public.outbox_health() where destination = 'chatwoot'),
  'and since when');
select is((select last_error from public.outbox_health() where destination = 'chatwoot'), 'Store B''s own failure',
  'the newest failing job''s reason');

-- ---------------------------------------------------------------------------------------------
-- store_health(store): who may ask
select ok(not has_function_privilege('anon', 'public.store_health(uuid)', 'execute'), 'anon cannot call store_health');
select tests.as_anon();
select throws_ok(format('select public.store_health(%L)', tests.store_id('A')), '42501', null,
  'anon is refused');
select tests.as_user('visitor');
select throws_ok(format('select public.store_health(%L)', tests.store_id('A')), 'P0002', null,
  'a website visitor of store A is no member of it');
select tests.as_user('outsider');
select throws_ok(format('select public.store_health(%L)', tests.store_id('A')), 'P0002', null,
  'a user without a membership is refused');
select tests.as_user('other_owner');
select throws_ok(format('select public.store_health(%L)', tests.store_id('A')), 'P0002',
  format('no store %s among yours', tests.store_id('A')), 'the owner of store B is refused for store A');
select throws_ok(format('select public.store_health(%L)', gen_random_uuid()), 'P0002', null,
  'a store that does not exist reads the same as someone else''s');

-- what an owner sees
select tests.as_user('owner');
select is(public.store_health(tests.store_id('A')) ->> 'role', 'owner', 'the owner''s role');
select is(public.store_health(tests.store_id('A')) -> 'chatwoot' ->> 'status', 'active', 'the Chatwoot account''s status');
select ok(public.store_health(tests.store_id('A')) -> 'chatwoot' ? 'last_error', 'and its last error');
select is((public.store_health(tests.store_id('A')) -> 'jobs' ->> 'backlog')::int, 2, 'the store''s own backlog');
select is((public.store_health(tests.store_id('A')) -> 'jobs' ->> 'failing')::int, 1, 'the failing jobs');
select is((public.store_health(tests.store_id('A')) -> 'jobs' ->> 'dead')::int, 1,
  'the dead jobs, not store B''s');
select ok((public.store_health(tests.store_id('A')) -> 'jobs' ->> 'oldest_due_seconds')::float between 29 and 600,
  'how long its oldest due job has waited');

-- an admin sees the jobs too; an agent only the Chatwoot account
select tests.as_user('admin');
select is((public.store_health(tests.store_id('A')) -> 'jobs' ->> 'dead')::int, 1, 'an admin sees the dead jobs');
select tests.as_user('agent');
select is(public.store_health(tests.store_id('A')) ->> 'role', 'agent', 'the agent''s role');
select is(public.store_health(tests.store_id('A')) -> 'chatwoot' ->> 'status', 'active', 'an agent sees the account status');
select is(public.store_health(tests.store_id('A')) -> 'jobs', 'null'::jsonb, 'but not the jobs');

-- the service role sees any store, with no role of its own
select tests.as_service();
select is((public.store_health(tests.store_id('B')) -> 'jobs' ->> 'dead')::int, 1, 'the service role sees store B''s jobs');
select is(public.store_health(tests.store_id('B')) -> 'role', 'null'::jsonb, 'as no member');
select throws_ok(format('select public.store_health(%L)', gen_random_uuid()), 'P0002', null,
  'a store that does not exist is refused to the service role too');

-- a store with nothing queued
reset role;
delete from public.outbox where store_id = tests.store_id('B');
select tests.as_user('other_owner');
select is((public.store_health(tests.store_id('B')) -> 'jobs' ->> 'backlog')::int, 0, 'an empty queue has no backlog');
select is(public.store_health(tests.store_id('B')) -> 'jobs' -> 'oldest_due_seconds', 'null'::jsonb,
  'and no oldest due job');

-- the index that finds the newest failing job
reset role;
select has_index('public', 'outbox', 'outbox_failing_idx', 'failing jobs are indexed');

select * from finish();
rollback;
