-- app_oauth_states (authorizations in flight: service_role only) and app_threads (where an app keeps a
-- conversation's follow-ups: members read, service_role writes).
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(22);

select tests.as_service();
insert into public.app_oauth_states (state, store_id, app, user_id, code_verifier_encrypted, redirect_uri)
values (repeat('s', 43), tests.store_id('A'), 'slack', tests.user_id('owner'), 'v1.x.y', 'http://cb');
insert into public.app_threads (store_id, app, session_id, place, thread) values
  (tests.store_id('A'), 'slack', tests.row_id('session', 'A'), 'C0SUPPORT01', '1712345678.000100'),
  (tests.store_id('B'), 'slack', tests.row_id('session', 'B'), 'C0SUPPORT01', '1712345678.000200');

-- anon
select tests.as_anon();
select throws_ok($$ select state from public.app_oauth_states $$, '42501', null, 'anon cannot select oauth states');
select throws_ok($$ select thread from public.app_threads $$, '42501', null, 'anon cannot select threads');
select throws_ok($$ insert into public.app_threads (store_id, app, session_id, place, thread)
  values (tests.store_id('A'), 'slack', tests.row_id('session', 'A'), 'C1', '1') $$, '42501', null, 'anon cannot insert threads');

-- outsider
select tests.as_user('outsider');
select throws_ok($$ select state from public.app_oauth_states $$, '42501', null, 'outsider cannot select oauth states');
select is(tests.count('public.app_threads'), 0::bigint, 'outsider sees no thread');

-- agent of A
select tests.as_user('agent');
select throws_ok($$ select state from public.app_oauth_states $$, '42501', null, 'agent cannot select oauth states');
select is(tests.seen('public.app_threads'), 'A', 'agent sees store A threads');
select throws_ok($$ update public.app_threads set thread = '2' $$, '42501', null, 'agent cannot update threads');

-- admin of A
select tests.as_user('admin');
select throws_ok($$ select state from public.app_oauth_states $$, '42501', null, 'admin cannot select oauth states');
select throws_ok($$ insert into public.app_oauth_states (state, store_id, app, user_id, code_verifier_encrypted, redirect_uri)
  values (repeat('t', 43), tests.store_id('A'), 'slack', tests.user_id('admin'), 'v', 'http://cb') $$, '42501', null,
  'admin cannot start an authorization by inserting');
select throws_ok($$ delete from public.app_oauth_states $$, '42501', null, 'admin cannot delete oauth states');
select is(tests.seen('public.app_threads'), 'A', 'admin sees store A threads only');
select throws_ok($$ delete from public.app_threads $$, '42501', null, 'admin cannot delete threads');

-- owner of A
select tests.as_user('owner');
select throws_ok($$ update public.app_oauth_states set redirect_uri = 'http://evil' $$, '42501', null,
  'owner cannot change an authorization');
select is((select count(*) from public.app_oauth_states where app = 'slack'), 1::bigint,
  'owner sees their own authorization in flight');
select tests.as_user('admin');
select is((select count(*) from public.app_oauth_states where app = 'slack'), 0::bigint,
  'admin does not see the owner''s authorization');
select tests.as_user('owner');
select is(tests.seen('public.app_threads'), 'A', 'owner sees store A threads only');
select throws_ok($$ insert into public.app_threads (store_id, app, session_id, place, thread)
  values (tests.store_id('A'), 'slack', tests.row_id('session', 'A'), 'C2', '1') $$, '42501', null, 'owner cannot insert threads');

-- service_role
select tests.as_service();
select is((select count(*) from public.app_oauth_states), 1::bigint, 'service_role reads authorizations');
select is(tests.affected($$ delete from public.app_oauth_states where state = repeat('s', 43) $$), 1::bigint,
  'service_role spends an authorization (the callback deletes it)');
select throws_ok($$ insert into public.app_threads (store_id, app, session_id, place, thread)
  values (tests.store_id('A'), 'slack', tests.row_id('session', 'A'), 'C0SUPPORT01', '9') $$, '23505', null,
  'one thread per conversation and channel');
select is(tests.affected($$ delete from public.app_threads $$), 2::bigint, 'service_role deletes threads');

select * from finish();
rollback;
