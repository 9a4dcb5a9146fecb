-- outbox: owners and admins of a store read its jobs (the dashboard shows dead letters); only service_role
-- (the outbox worker) and security-definer triggers write.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(35);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.outbox $$, '42501', null, 'anon cannot select outbox jobs');
select throws_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('A'), 'test.job') $$, '42501', null, 'anon cannot insert outbox jobs');
select throws_ok($$ update public.outbox set status = 'dead' $$, '42501', null, 'anon cannot update outbox jobs');
select throws_ok($$ delete from public.outbox $$, '42501', null, 'anon cannot delete outbox jobs');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.outbox'), 0::bigint, 'outsider sees no outbox job');
select throws_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('A'), 'test.job') $$, '42501', null, 'outsider cannot insert outbox jobs');
select throws_ok($$ update public.outbox set status = 'dead' $$, '42501', null, 'outsider cannot update outbox jobs');
select throws_ok($$ delete from public.outbox $$, '42501', null, 'outsider cannot delete outbox jobs');

-- agent of A
select tests.as_user('agent');
select is(tests.count('public.outbox'), 0::bigint, 'agent sees no outbox job');
select throws_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('A'), 'test.job') $$, '42501', null, 'agent cannot insert outbox jobs');
select throws_ok($$ update public.outbox set status = 'dead' $$, '42501', null, 'agent cannot update outbox jobs');
select throws_ok($$ delete from public.outbox $$, '42501', null, 'agent cannot delete outbox jobs');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.outbox'), 'A', 'admin sees store A outbox jobs only');
select throws_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('A'), 'test.job') $$, '42501', null, 'admin cannot insert outbox jobs');
select throws_ok($$ update public.outbox set status = 'dead' $$, '42501', null, 'admin cannot update outbox jobs');
select throws_ok($$ delete from public.outbox $$, '42501', null, 'admin cannot delete outbox jobs');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.outbox'), 'B', 'owner of B sees store B outbox jobs only');
select throws_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('B'), 'test.job') $$, '42501', null, 'owner of B cannot insert outbox jobs');
select throws_ok($$ update public.outbox set status = 'dead' $$, '42501', null, 'owner of B cannot update outbox jobs');
select throws_ok($$ delete from public.outbox $$, '42501', null, 'owner of B cannot delete outbox jobs');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.outbox'), 'A', 'owner sees store A outbox jobs only');
select throws_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('A'), 'test.job') $$, '42501', null, 'owner cannot insert outbox jobs');
select throws_ok($$ update public.outbox set status = 'dead' $$, '42501', null, 'owner cannot update outbox jobs');
select throws_ok($$ delete from public.outbox $$, '42501', null, 'owner cannot delete outbox jobs');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.outbox'), 'A,B', 'service_role sees every outbox job');
select lives_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('B'), 'test.job') $$, 'service_role inserts outbox jobs');
select is(tests.affected($$ update public.outbox set status = 'dead' where store_id = tests.store_id('B') $$) > 0, true,
  'service_role updates outbox jobs');
select is(tests.affected($$ delete from public.outbox where store_id = tests.store_id('B') $$) > 0, true,
  'service_role deletes outbox jobs');

-- the store trigger enqueues Chatwoot provisioning
reset role;
select results_eq($$ select topic, payload ->> 'slug', idempotency_key, status, attempts from public.outbox
  where store_id = tests.store_id('A') and topic like 'chatwoot.%_account' $$,
  $$ values ('chatwoot.provision_account'::text, 'store-a'::text, 'store:' || tests.store_id('A'),
    'pending'::text, 0) $$,
  'creating a store enqueued chatwoot.provision_account once, pending, with an idempotency key');
select lives_ok($$ insert into public.outbox (store_id, topic, idempotency_key)
  values (tests.store_id('A'), 'chatwoot.sync_contact', 'k-1') $$, 'a job with an idempotency key');
select throws_ok($$ insert into public.outbox (store_id, topic, idempotency_key)
  values (tests.store_id('A'), 'chatwoot.sync_contact', 'k-1') $$, '23505', null, 'the same idempotency key twice is refused');
select lives_ok($$ insert into public.outbox (store_id, topic, idempotency_key)
  values (tests.store_id('A'), 'chatwoot.erase_contact', 'k-1') $$, 'keys are per topic');
select throws_ok($$ insert into public.outbox (store_id, topic) values (tests.store_id('A'), 'Not A Topic') $$, '23514', null,
  'topics look like area.action');
delete from public.stores where id = tests.store_id('A');
select results_eq($$ select store_id, payload ->> 'store_id' from public.outbox where topic = 'chatwoot.delete_account' $$,
  $$ values (null::uuid, tests.store_id('A')::text) $$,
  'deleting a store enqueues the deletion of its Chatwoot account (the job outlives the store)');
select results_eq($$ select store_id, status, last_error from public.outbox where payload ->> 'store_id' = tests.store_id('A')::text
  and topic = 'chatwoot.provision_account' $$, $$ values (null::uuid, 'cancelled'::text, 'Cancelled: the store was deleted'::text) $$,
  'the store''s unfinished jobs survive with store_id cleared, cancelled');
select * from finish();
rollback;
