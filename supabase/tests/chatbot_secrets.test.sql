-- chatbot_secrets: the identity-verification secret of each chatbot. Created by a trigger with the chatbot;
-- owners and admins read and rotate it; agents and everyone else never see it.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(34);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.chatbot_secrets $$, '42501', null, 'anon cannot select secrets');
select throws_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$,
  '42501', null, 'anon cannot insert secrets');
select throws_ok($$ update public.chatbot_secrets set identity_secret = 'x' $$, '42501', null, 'anon cannot update secrets');
select throws_ok($$ delete from public.chatbot_secrets $$, '42501', null, 'anon cannot delete secrets');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.chatbot_secrets'), 0::bigint, 'outsider sees no secret');
select throws_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$,
  '42501', null, 'outsider cannot insert secrets');
select is(tests.affected($$ update public.chatbot_secrets set identity_secret = 'x' $$), 0::bigint,
  'outsider rotates no secret');
select throws_ok($$ delete from public.chatbot_secrets $$, '42501', null, 'outsider cannot delete secrets');

-- agent of A: not even their own store's
select tests.as_user('agent');
select is(tests.count('public.chatbot_secrets'), 0::bigint, 'agent sees no secret');
select throws_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$,
  '42501', null, 'agent cannot insert secrets');
select is(tests.affected($$ update public.chatbot_secrets set identity_secret = 'x' $$), 0::bigint,
  'agent cannot rotate the secret');
select throws_ok($$ delete from public.chatbot_secrets $$, '42501', null, 'agent cannot delete secrets');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.chatbot_secrets'), 'A', 'admin sees store A secrets only');
select ok((select identity_secret ~ '^[0-9a-f]{64}$' from public.chatbot_secrets), 'the secret is 32 random bytes in hex');
select throws_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$,
  '42501', null, 'admin cannot insert secrets (the trigger does)');
select is(tests.affected($$ update public.chatbot_secrets set identity_secret = encode(extensions.gen_random_bytes(32), 'hex') $$),
  1::bigint, 'admin rotates the secret of A');
select is(tests.affected($$ update public.chatbot_secrets set identity_secret = 'x' where store_id = tests.store_id('B') $$),
  0::bigint, 'admin of A cannot rotate the secret of B');
select throws_ok($$ update public.chatbot_secrets set store_id = tests.store_id('B') $$, '42501', null,
  'admin cannot move a secret to another store');
select throws_ok($$ delete from public.chatbot_secrets $$, '42501', null, 'admin cannot delete secrets');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.chatbot_secrets'), 'B', 'owner of B sees store B secrets only');
select throws_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$,
  '42501', null, 'owner of B cannot insert secrets');
select is(tests.affected($$ update public.chatbot_secrets set identity_secret = 'x' where store_id = tests.store_id('A') $$),
  0::bigint, 'owner of B cannot rotate the secret of A');
select throws_ok($$ delete from public.chatbot_secrets $$, '42501', null, 'owner of B cannot delete secrets');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.chatbot_secrets'), 'A', 'owner sees store A secrets only');
select throws_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$,
  '42501', null, 'owner cannot insert secrets');
select is(tests.affected($$ update public.chatbot_secrets set identity_secret = 'new-secret' $$), 1::bigint,
  'owner rotates the secret');
select throws_ok($$ delete from public.chatbot_secrets $$, '42501', null, 'owner cannot delete secrets');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.chatbot_secrets'), 'A,B', 'service_role sees every secret');
select is(tests.affected($$ delete from public.chatbot_secrets where store_id = tests.store_id('B') $$), 1::bigint,
  'service_role deletes a secret');
select lives_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'B'), tests.store_id('B')) $$,
  'service_role inserts a secret');
select is(tests.affected($$ update public.chatbot_secrets set identity_secret = 'svc' where store_id = tests.store_id('B') $$),
  1::bigint, 'service_role rotates a secret');

-- trigger and integrity
reset role;
insert into public.chatbots (id, store_id, name) values ('30000000-0000-4000-8000-0000000000cc', tests.store_id('A'), 'New');
select results_eq($$ select store_id from public.chatbot_secrets where chatbot_id = '30000000-0000-4000-8000-0000000000cc' $$,
  $$ values (tests.store_id('A')) $$, 'a new chatbot gets its secret, in the chatbot''s store');
delete from public.chatbots where id = '30000000-0000-4000-8000-0000000000cc';
select is((select count(*) from public.chatbot_secrets where chatbot_id = '30000000-0000-4000-8000-0000000000cc'), 0::bigint,
  'deleting the chatbot deletes its secret');
delete from public.chatbot_secrets where chatbot_id = tests.row_id('chatbot', 'A');
select throws_ok($$ insert into public.chatbot_secrets (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('B')) $$,
  '23503', null, 'a secret cannot claim another store''s chatbot');

select * from finish();
rollback;
