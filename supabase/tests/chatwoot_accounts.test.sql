-- chatwoot_accounts: members of a store see its Chatwoot account's public part (ids, website token, status);
-- the secret columns are readable by nobody but service_role; only service_role writes.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(34);

-- anon
select tests.as_anon();
select throws_ok($$ select store_id, account_id, inbox_id, website_token, status, last_error from public.chatwoot_accounts $$, '42501', null, 'anon cannot select Chatwoot accounts');
select throws_ok($$ insert into public.chatwoot_accounts (store_id) values (tests.store_id('A')) $$, '42501', null, 'anon cannot insert Chatwoot accounts');
select throws_ok($$ update public.chatwoot_accounts set status = 'failed' $$, '42501', null, 'anon cannot update Chatwoot accounts');
select throws_ok($$ delete from public.chatwoot_accounts $$, '42501', null, 'anon cannot delete Chatwoot accounts');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.chatwoot_accounts'), 0::bigint, 'outsider sees no Chatwoot account');
select throws_ok($$ insert into public.chatwoot_accounts (store_id) values (tests.store_id('A')) $$, '42501', null, 'outsider cannot insert Chatwoot accounts');
select throws_ok($$ update public.chatwoot_accounts set status = 'failed' $$, '42501', null, 'outsider cannot update Chatwoot accounts');
select throws_ok($$ delete from public.chatwoot_accounts $$, '42501', null, 'outsider cannot delete Chatwoot accounts');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.chatwoot_accounts'), 'A', 'agent sees store A Chatwoot accounts only');
select throws_ok($$ insert into public.chatwoot_accounts (store_id) values (tests.store_id('A')) $$, '42501', null, 'agent cannot insert Chatwoot accounts');
select throws_ok($$ update public.chatwoot_accounts set status = 'failed' $$, '42501', null, 'agent cannot update Chatwoot accounts');
select throws_ok($$ delete from public.chatwoot_accounts $$, '42501', null, 'agent cannot delete Chatwoot accounts');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.chatwoot_accounts'), 'A', 'admin sees store A Chatwoot accounts only');
select throws_ok($$ insert into public.chatwoot_accounts (store_id) values (tests.store_id('A')) $$, '42501', null, 'admin cannot insert Chatwoot accounts');
select throws_ok($$ update public.chatwoot_accounts set status = 'failed' $$, '42501', null, 'admin cannot update Chatwoot accounts');
select throws_ok($$ delete from public.chatwoot_accounts $$, '42501', null, 'admin cannot delete Chatwoot accounts');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.chatwoot_accounts'), 'B', 'owner of B sees store B Chatwoot accounts only');
select throws_ok($$ insert into public.chatwoot_accounts (store_id) values (tests.store_id('B')) $$, '42501', null, 'owner of B cannot insert Chatwoot accounts');
select throws_ok($$ update public.chatwoot_accounts set status = 'failed' $$, '42501', null, 'owner of B cannot update Chatwoot accounts');
select throws_ok($$ delete from public.chatwoot_accounts $$, '42501', null, 'owner of B cannot delete Chatwoot accounts');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.chatwoot_accounts'), 'A', 'owner sees store A Chatwoot accounts only');
select throws_ok($$ insert into public.chatwoot_accounts (store_id) values (tests.store_id('A')) $$, '42501', null, 'owner cannot insert Chatwoot accounts');
select throws_ok($$ update public.chatwoot_accounts set status = 'failed' $$, '42501', null, 'owner cannot update Chatwoot accounts');
select throws_ok($$ delete from public.chatwoot_accounts $$, '42501', null, 'owner cannot delete Chatwoot accounts');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.chatwoot_accounts'), 'A,B', 'service_role sees every Chatwoot account');
select lives_ok($$ insert into public.chatwoot_accounts (store_id) values (tests.store_id('B')) on conflict (store_id) do update set status = 'provisioning' $$, 'service_role inserts Chatwoot accounts');
select is(tests.affected($$ update public.chatwoot_accounts set status = 'failed' where store_id = tests.store_id('B') $$) > 0, true,
  'service_role updates Chatwoot accounts');
select is(tests.affected($$ delete from public.chatwoot_accounts where store_id = tests.store_id('B') $$) > 0, true,
  'service_role deletes Chatwoot accounts');

-- the secret columns
select tests.as_user('owner');
select throws_ok($$ select admin_access_token from public.chatwoot_accounts $$, '42501', null,
  'owner cannot read the Chatwoot admin token');
select throws_ok($$ select hmac_token, webhook_secret from public.chatwoot_accounts $$, '42501', null,
  'owner cannot read the Chatwoot HMAC and webhook secrets');
select throws_ok($$ select * from public.chatwoot_accounts $$, '42501', null,
  'select * is refused because it includes the secrets');
select results_eq($$ select website_token, status from public.chatwoot_accounts $$, $$ values ('wt-A'::text, 'active'::public.chatwoot_account_status) $$,
  'owner reads the public part');
select tests.as_user('agent');
select throws_ok($$ select admin_access_token from public.chatwoot_accounts $$, '42501', null,
  'agent cannot read the Chatwoot admin token');
select tests.as_service();
select is((select admin_access_token from public.chatwoot_accounts where store_id = tests.store_id('A')), 'cw-secret',
  'service_role reads the secrets');
select * from finish();
rollback;
