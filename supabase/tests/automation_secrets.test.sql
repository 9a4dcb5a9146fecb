-- automation_secrets: each store's secret for signing outgoing webhooks. Made with the store; owners and
-- admins read and rotate it; agents and everyone else never see it.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(30);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.automation_secrets $$, '42501', null, 'anon cannot select webhook secrets');
select throws_ok($$ insert into public.automation_secrets (store_id) values (tests.store_id('A')) $$, '42501', null,
  'anon cannot insert webhook secrets');
select throws_ok($$ update public.automation_secrets set webhook_secret = repeat('x', 40) $$, '42501', null,
  'anon cannot update webhook secrets');
select throws_ok($$ delete from public.automation_secrets $$, '42501', null, 'anon cannot delete webhook secrets');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.automation_secrets'), 0::bigint, 'outsider sees no webhook secret');
select throws_ok($$ insert into public.automation_secrets (store_id) values (tests.store_id('A')) $$, '42501', null,
  'outsider cannot insert webhook secrets');
select is(tests.affected($$ update public.automation_secrets set webhook_secret = repeat('x', 40) $$), 0::bigint,
  'outsider rotates no webhook secret');
select throws_ok($$ delete from public.automation_secrets $$, '42501', null, 'outsider cannot delete webhook secrets');

-- agent of A: not even their own store's
select tests.as_user('agent');
select is(tests.count('public.automation_secrets'), 0::bigint, 'agent sees no webhook secret');
select throws_ok($$ insert into public.automation_secrets (store_id) values (tests.store_id('A')) $$, '42501', null,
  'agent cannot insert webhook secrets');
select is(tests.affected($$ update public.automation_secrets set webhook_secret = repeat('x', 40) $$), 0::bigint,
  'agent cannot rotate the webhook secret');
select throws_ok($$ delete from public.automation_secrets $$, '42501', null, 'agent cannot delete webhook secrets');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.automation_secrets'), 'A', 'admin sees store A webhook secret only');
select ok((select webhook_secret ~ '^[0-9a-f]{64}$' from public.automation_secrets), 'the secret is 32 random bytes in hex');
select throws_ok($$ insert into public.automation_secrets (store_id) values (tests.store_id('A')) $$, '42501', null,
  'admin cannot insert webhook secrets (the store trigger does)');
select is(tests.affected($$ update public.automation_secrets set webhook_secret = encode(extensions.gen_random_bytes(32), 'hex') $$),
  1::bigint, 'admin rotates the webhook secret of A');
select is(tests.affected($$ update public.automation_secrets set webhook_secret = repeat('x', 40) where store_id = tests.store_id('B') $$),
  0::bigint, 'admin of A cannot rotate the webhook secret of B');
select throws_ok($$ update public.automation_secrets set store_id = tests.store_id('B') $$, '42501', null,
  'admin cannot move a webhook secret to another store');
select throws_ok($$ update public.automation_secrets set webhook_secret = 'short' $$, '23514', null,
  'a webhook secret is at least 32 characters');
select throws_ok($$ delete from public.automation_secrets $$, '42501', null, 'admin cannot delete webhook secrets');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.automation_secrets'), 'B', 'owner of B sees store B webhook secret only');
select is(tests.affected($$ update public.automation_secrets set webhook_secret = repeat('x', 40) where store_id = tests.store_id('A') $$),
  0::bigint, 'owner of B cannot rotate the webhook secret of A');
select throws_ok($$ delete from public.automation_secrets $$, '42501', null, 'owner of B cannot delete webhook secrets');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.automation_secrets'), 'A', 'owner sees store A webhook secret only');
select is(tests.affected($$ update public.automation_secrets set webhook_secret = repeat('y', 40) $$), 1::bigint,
  'owner rotates the webhook secret of A');

-- service_role (the webhook job reads it)
select tests.as_service();
select is(tests.seen_fixtures('public.automation_secrets'), 'A,B', 'service_role sees every webhook secret');
select is(tests.affected($$ update public.automation_secrets set webhook_secret = repeat('z', 40) where store_id = tests.store_id('B') $$),
  1::bigint, 'service_role updates a webhook secret');

-- integrity
reset role;
insert into public.stores (id, name, slug, created_by)
values ('20000000-0000-4000-8000-0000000000cc', 'Store C', 'store-c-secrets', tests.user_id('owner'));
select is((select count(*) from public.automation_secrets where store_id = '20000000-0000-4000-8000-0000000000cc'), 1::bigint,
  'a new store gets its webhook secret');
delete from public.stores where id = '20000000-0000-4000-8000-0000000000cc';
select is((select count(*) from public.automation_secrets where store_id = '20000000-0000-4000-8000-0000000000cc'), 0::bigint,
  'deleting a store deletes its webhook secret');
select throws_ok($$ insert into public.automation_secrets (store_id) values (tests.store_id('A')) $$, '23505', null,
  'one webhook secret per store');

select * from finish();
rollback;
