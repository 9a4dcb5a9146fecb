-- integrations: a store's connected apps. Every member sees each app's status and health; owners and admins
-- change its settings (config); connecting and disconnecting go through the apps function (service_role),
-- the only reader and writer of the credentials and refresh tokens.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(48);

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
select throws_ok($$ delete from public.integrations $$, '42501', null, 'outsider cannot delete integrations');

-- agent of A: sees status and health, changes nothing
select tests.as_user('agent');
select is(tests.seen('public.integrations'), 'A', 'agent sees store A integrations (status only)');
select results_eq($$ select provider, status from public.integrations $$,
  $$ values ('slack'::text, 'connected'::public.integration_status) $$, 'agent reads the status');
select throws_ok($$ select credentials_encrypted from public.integrations $$, '42501', null,
  'agent cannot select the credentials');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'stripe') $$,
  '42501', null, 'agent cannot add an integration');
select is(tests.affected($$ update public.integrations set config = '{}' $$), 0::bigint, 'agent cannot change integrations');
select throws_ok($$ delete from public.integrations $$, '42501', null, 'agent cannot delete integrations');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.integrations'), 'A', 'admin sees store A integrations only');
select results_eq($$ select provider, status, config, last_success_at, failing_since from public.integrations $$,
  $$ values ('slack'::text, 'connected'::public.integration_status, '{"channel": "#a"}'::jsonb, null::timestamptz, null::timestamptz) $$,
  'admin reads provider, status, config and health');
select throws_ok($$ select credentials_encrypted from public.integrations $$, '42501', null,
  'admin cannot select the credentials');
select throws_ok($$ select refresh_token_encrypted from public.integrations $$, '42501', null,
  'admin cannot select the refresh token');
select throws_ok($$ select * from public.integrations $$, '42501', null, 'select * is refused because it includes the credentials');
select throws_ok($$ insert into public.integrations (store_id, provider, config) values (tests.store_id('A'), 'hubspot', '{}') $$,
  '42501', null, 'admin connects through the apps function, not by inserting');
select is(tests.affected($$ update public.integrations set config = '{"channel": "#support"}' where provider = 'slack' $$),
  1::bigint, 'admin changes an integration''s settings');
select throws_ok($$ update public.integrations set status = 'connected' $$, '42501', null,
  'admin cannot set the status (the apps function does)');
select throws_ok($$ update public.integrations set refresh_lock_until = now() $$, '42501', null,
  'admin cannot take the refresh lease');
select is(tests.affected($$ update public.integrations set config = '{}' where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot change integrations of B');
select throws_ok($$ delete from public.integrations $$, '42501', null,
  'admin disconnects through the apps function, not by deleting');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.integrations'), 'B', 'owner of B sees store B integrations only');
select throws_ok($$ insert into public.integrations (store_id, provider) values (tests.store_id('A'), 'stripe') $$,
  '42501', null, 'owner of B cannot add an integration to A');
select is(tests.affected($$ update public.integrations set config = '{}' where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot change integrations of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.integrations'), 'A', 'owner sees store A integrations only');
select throws_ok($$ select credentials_encrypted from public.integrations $$, '42501', null,
  'owner cannot select the credentials');
select is(tests.affected($$ update public.integrations set config = '{"mode": "test"}' where provider = 'slack' $$),
  1::bigint, 'owner changes an integration''s settings');
select throws_ok($$ select public.claim_integration_refresh(tests.store_id('A'), 'slack') $$, '42501', null,
  'owner cannot take the refresh lease');
select throws_ok($$ select public.record_integration_call(tests.store_id('A'), 'slack', null) $$, '42501', null,
  'owner cannot record health');
select throws_ok($$ select public.disconnect_integration(tests.store_id('A'), 'slack', null, null) $$, '42501', null,
  'owner cannot disconnect but through the apps function');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.integrations'), 'A,B', 'service_role sees every integration');
select is((select credentials_encrypted from public.integrations where store_id = tests.store_id('A')), 'enc:secret-a',
  'service_role reads the credentials');
select lives_ok($$ insert into public.integrations (store_id, provider, credentials_encrypted)
  values (tests.store_id('B'), 'slack', 'enc:x') $$, 'service_role adds an integration with credentials');
select is(public.claim_integration_refresh(tests.store_id('A'), 'slack'), true, 'the first refresher takes the lease');
select is(public.claim_integration_refresh(tests.store_id('A'), 'slack'), false,
  'a second refresher is refused while the lease runs (a rotated token is spent once)');
select lives_ok($$ select public.record_integration_call(tests.store_id('A'), 'slack', 'Slack refused: channel_not_found') $$,
  'a failed call is recorded');
select lives_ok($$ select public.record_integration_call(tests.store_id('A'), 'slack', null) $$, 'a success is recorded');
select results_eq($$ select last_success_at is not null, failing_since, last_error from public.integrations
  where store_id = tests.store_id('A') $$, $$ values (true, null::timestamptz, null::text) $$,
  'a success clears failing_since and the error');
-- disconnecting: on the locked row, the registered webhook's id handed to one cleanup job with the key
insert into public.integrations (store_id, provider, status, credentials_encrypted, config)
  values (tests.store_id('A'), 'stripe', 'connected', 'enc:k', '{"webhook_endpoint_id": "we_1", "mode": "x"}');
select is(public.disconnect_integration(tests.store_id('A'), 'stripe', 'webhook_endpoint_id', 'stripe.delete_webhook'),
  'we_1', 'disconnecting names the registered endpoint to delete');
select results_eq($$ select status, config, credentials_encrypted from public.integrations
  where store_id = tests.store_id('A') and provider = 'stripe' $$,
  $$ values ('disconnected'::public.integration_status, '{"mode": "x"}'::jsonb, 'enc:k'::text) $$,
  'the other settings stay; the key is kept for the cleanup job only');
select is((select count(*) from public.outbox where topic = 'stripe.delete_webhook' and payload ->> 'remote_id' = 'we_1'),
  1::bigint, 'one cleanup job deletes the endpoint');
select is(public.disconnect_integration(tests.store_id('A'), 'stripe', 'webhook_endpoint_id', 'stripe.delete_webhook'),
  null, 'disconnecting twice has nothing more to delete');
select is(public.set_integration_setting(tests.store_id('A'), 'stripe', 'webhook_endpoint_id', '"we_2"'), false,
  'a register job finishing after the disconnect is told, and saves nothing');

select is(tests.affected($$ delete from public.integrations where store_id = tests.store_id('B') $$), 2::bigint,
  'service_role deletes integrations');

select * from finish();
rollback;
