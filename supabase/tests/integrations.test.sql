-- integrations: owners and admins manage their store's integrations (provider and config); the encrypted
-- credentials and the connection status are written by edge functions (service_role) only, and no API
-- role but service_role can ever select the credentials.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(39);

-- anon
select tests.as_anon();
select throws_ok($$ select id from public.integrations $$, '42501', null, 'anon cannot select integrations');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'stripe') $$,
  '42501', null, 'anon cannot insert integrations');
select throws_ok($$ update public.integrations set config = '{}' $$, '42501', null, 'anon cannot update integrations');
select throws_ok($$ delete from public.integrations $$, '42501', null, 'anon cannot delete integrations');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.integrations'), 0::bigint, 'outsider sees no integration');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'stripe') $$,
  '42501', null, 'outsider cannot add an integration to A');
select is(tests.affected($$ update public.integrations set config = '{}' $$), 0::bigint, 'outsider updates no integration');
select is(tests.affected($$ delete from public.integrations $$), 0::bigint, 'outsider deletes no integration');

-- agent of A: integrations are store settings
select tests.as_user('agent');
select is(tests.count('public.integrations'), 0::bigint, 'agent sees no integration');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'stripe') $$,
  '42501', null, 'agent cannot add an integration');
select is(tests.affected($$ update public.integrations set config = '{}' $$), 0::bigint, 'agent cannot change integrations');
select is(tests.affected($$ delete from public.integrations $$), 0::bigint, 'agent cannot delete integrations');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.integrations'), 'A', 'admin sees store A integrations only');
select results_eq($$ select provider, status, config from public.integrations $$,
  $$ values ('slack'::text, 'connected'::public.integration_status, '{"channel": "#a"}'::jsonb) $$, 'admin reads provider, status and config');
select throws_ok($$ select credentials_encrypted from public.integrations $$, '42501', null,
  'admin cannot select the credentials');
select throws_ok($$ select * from public.integrations $$, '42501', null, 'select * is refused because it includes the credentials');
select lives_ok($$ insert into public.integrations (store_id, provider, config) values (tests.store_id('A'), 'hubspot', '{"portal": 1}') $$,
  'admin adds an integration');
select throws_ok($$ insert into public.integrations (store_id, provider, credentials_encrypted)
  values (tests.store_id('A'), 'stripe', 'plain') $$, '42501', null, 'admin cannot write credentials');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('B'), 'stripe') $$,
  '42501', null, 'admin of A cannot add an integration to B');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'slack') $$,
  '23505', null, 'one integration per provider and store');
select is(tests.affected($$ update public.integrations set config = '{"channel": "#support"}' where provider = 'slack' $$),
  1::bigint, 'admin changes an integration''s config');
select throws_ok($$ update public.integrations set status = 'connected' $$, '42501', null,
  'admin cannot set the status (edge functions do)');
select is(tests.affected($$ update public.integrations set config = '{}' where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot change integrations of B');
select is(tests.affected($$ delete from public.integrations where provider = 'hubspot' $$), 1::bigint,
  'admin deletes an integration');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.integrations'), 'B', 'owner of B sees store B integrations only');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'stripe') $$,
  '42501', null, 'owner of B cannot add an integration to A');
select is(tests.affected($$ update public.integrations set config = '{}' where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot change integrations of A');
select is(tests.affected($$ delete from public.integrations where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot delete integrations of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.integrations'), 'A', 'owner sees store A integrations only');
select throws_ok($$ select credentials_encrypted from public.integrations $$, '42501', null,
  'owner cannot select the credentials');
select lives_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'stripe') $$,
  'owner adds an integration');
select is(tests.affected($$ update public.integrations set config = '{"mode": "test"}' where provider = 'stripe' $$),
  1::bigint, 'owner changes an integration');
select is(tests.affected($$ delete from public.integrations where provider = 'stripe' $$), 1::bigint,
  'owner deletes an integration');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.integrations'), 'A,B', 'service_role sees every integration');
select is((select credentials_encrypted from public.integrations where store_id = tests.store_id('A')), 'enc:secret-a',
  'service_role reads the credentials');
select lives_ok($$ insert into public.integrations (store_id, provider, credentials_encrypted)
  values (tests.store_id('B'), 'slack', 'enc:x') $$, 'service_role adds an integration with credentials');
select is(tests.affected($$ update public.integrations set status = 'error' where store_id = tests.store_id('B') $$),
  2::bigint, 'service_role sets statuses');
select is(tests.affected($$ delete from public.integrations where store_id = tests.store_id('B') $$), 2::bigint,
  'service_role deletes integrations');

-- nobody but service_role has a privilege on the credentials
reset role;
select ok(not has_column_privilege('authenticated', 'public.integrations', 'credentials_encrypted', 'select')
  and not has_column_privilege('anon', 'public.integrations', 'credentials_encrypted', 'select')
  and not has_column_privilege('authenticated', 'public.integrations', 'credentials_encrypted', 'update'),
  'the API roles have no privilege on credentials_encrypted');

select * from finish();
rollback;
