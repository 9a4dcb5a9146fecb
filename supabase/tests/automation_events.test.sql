-- automation_events: what happened in conversations, for the worker and the dry run. Owners and admins read
-- (dry runs replay them); agents and everyone else do not; only triggers and the worker write.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(28);

-- rows of both stores, as the worker writes them
-- (the fixtures' visitor messages already emitted message.received events in both stores)

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.automation_events $$, '42501', null, 'anon cannot select automation_events');
select throws_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('A'), 'conversation.started') $$, '42501', null, 'anon cannot insert automation_events');
select throws_ok($$ update public.automation_events set processed_at = now() $$, '42501', null, 'anon cannot update automation_events');
select throws_ok($$ delete from public.automation_events $$, '42501', null, 'anon cannot delete automation_events');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.automation_events'), 0::bigint, 'outsider sees no automation_events row');
select throws_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('A'), 'conversation.started') $$, '42501', null, 'outsider cannot insert automation_events');
select throws_ok($$ update public.automation_events set processed_at = now() $$, '42501', null, 'outsider cannot update automation_events');
select throws_ok($$ delete from public.automation_events $$, '42501', null, 'outsider cannot delete automation_events');

-- agent of A
select tests.as_user('agent');
select is(tests.count('public.automation_events'), 0::bigint, 'agent sees no automation_events row');
select throws_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('A'), 'conversation.started') $$, '42501', null, 'agent cannot insert automation_events');
select throws_ok($$ update public.automation_events set processed_at = now() $$, '42501', null, 'agent cannot update automation_events');
select throws_ok($$ delete from public.automation_events $$, '42501', null, 'agent cannot delete automation_events');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.automation_events'), 'A', 'admin sees store A rows only');
select throws_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('A'), 'conversation.started') $$, '42501', null, 'admin cannot insert automation_events');
select throws_ok($$ update public.automation_events set processed_at = now() $$, '42501', null, 'admin cannot update automation_events');
select throws_ok($$ delete from public.automation_events $$, '42501', null, 'admin cannot delete automation_events');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.automation_events'), 'B', 'owner of B sees store B rows only');
select throws_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('B'), 'conversation.started') $$, '42501', null, 'owner of B cannot insert automation_events');
select throws_ok($$ update public.automation_events set processed_at = now() $$, '42501', null, 'owner of B cannot update automation_events');
select throws_ok($$ delete from public.automation_events $$, '42501', null, 'owner of B cannot delete automation_events');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.automation_events'), 'A', 'owner sees store A rows only');
select throws_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('A'), 'conversation.started') $$, '42501', null, 'owner cannot insert automation_events');
select throws_ok($$ update public.automation_events set processed_at = now() $$, '42501', null, 'owner cannot update automation_events');
select throws_ok($$ delete from public.automation_events $$, '42501', null, 'owner cannot delete automation_events');

-- service_role (the worker)
select tests.as_service();
select is(tests.seen_fixtures('public.automation_events'), 'A,B', 'service_role sees every automation_events row');
select lives_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('B'), 'conversation.started') $$, 'service_role inserts automation_events');
select is((select count(*) from public.automation_events where type = 'message.received' and store_id = tests.store_id('A')), 1::bigint, 'a visitor''s message emitted one message.received event');
select throws_ok($$ insert into public.automation_events (store_id, type) values (tests.store_id('B'), 'Not A Type') $$, '23514', null, 'event types look like area.event');

select * from finish();
rollback;
