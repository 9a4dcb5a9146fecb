-- chatbots: members of a store read its chatbots; owners and admins create, edit and delete them.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(35);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.chatbots $$, '42501', null, 'anon cannot select chatbots');
select throws_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null,
  'anon cannot insert chatbots');
select throws_ok($$ update public.chatbots set name = 'X' $$, '42501', null, 'anon cannot update chatbots');
select throws_ok($$ delete from public.chatbots $$, '42501', null, 'anon cannot delete chatbots');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.chatbots'), 0::bigint, 'outsider sees no chatbot');
select throws_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null,
  'outsider cannot add a chatbot to store A');
select is(tests.affected($$ update public.chatbots set name = 'X' $$), 0::bigint, 'outsider updates no chatbot');
select is(tests.affected($$ delete from public.chatbots $$), 0::bigint, 'outsider deletes no chatbot');

-- agent of A: read only
select tests.as_user('agent');
select is(tests.seen('public.chatbots'), 'A', 'agent sees store A chatbots only');
select throws_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null,
  'agent cannot add a chatbot');
select is(tests.affected($$ update public.chatbots set persona = 'rude' $$), 0::bigint, 'agent cannot edit the chatbot');
select is(tests.affected($$ delete from public.chatbots $$), 0::bigint, 'agent cannot delete the chatbot');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.chatbots'), 'A', 'admin sees store A chatbots only');
select lives_ok($$ insert into public.chatbots (store_id, name, languages) values (tests.store_id('A'), 'Second bot', '{en,de}') $$,
  'admin adds a chatbot to A');
select ok((select public_id ~ '^[0-9a-f]{16}$' from public.chatbots where name = 'Second bot'),
  'a new chatbot gets a random 16-character public id');
select throws_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('B'), 'X') $$, '42501', null,
  'admin of A cannot add a chatbot to B');
select is(tests.affected($$ update public.chatbots set greeting = 'Hello!' where store_id = tests.store_id('A') $$),
  2::bigint, 'admin edits the chatbots of A');
select throws_ok($$ update public.chatbots set store_id = tests.store_id('B') where name = 'Second bot' $$, '42501', null,
  'admin cannot move a chatbot to another store');
select is(tests.affected($$ update public.chatbots set greeting = 'X' where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot edit the chatbots of B');
select is(tests.affected($$ delete from public.chatbots where name = 'Second bot' $$), 1::bigint, 'admin deletes a chatbot');
select is(tests.affected($$ delete from public.chatbots where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot delete the chatbots of B');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.chatbots'), 'B', 'owner of B sees store B chatbots only');
select throws_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null,
  'owner of B cannot add a chatbot to A');
select is(tests.affected($$ update public.chatbots set name = 'X' where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot edit the chatbots of A');
select is(tests.affected($$ delete from public.chatbots where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot delete the chatbots of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.chatbots'), 'A', 'owner sees store A chatbots only');
select lives_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'Owner bot') $$,
  'owner adds a chatbot');
select is(tests.affected($$ update public.chatbots set theme = '{"color": "#0a0"}' where name = 'Owner bot' $$), 1::bigint,
  'owner edits a chatbot');
select is(tests.affected($$ delete from public.chatbots where name = 'Owner bot' $$), 1::bigint, 'owner deletes a chatbot');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.chatbots'), 'A,B', 'service_role sees every chatbot');
select lives_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('B'), 'Service bot') $$,
  'service_role adds a chatbot');
select is(tests.affected($$ update public.chatbots set name = 'Renamed' where name = 'Service bot' $$), 1::bigint,
  'service_role edits a chatbot');
select is(tests.affected($$ delete from public.chatbots where name = 'Renamed' $$), 1::bigint,
  'service_role deletes a chatbot');

-- integrity
reset role;
select throws_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer)
  values (tests.store_id('B'), tests.row_id('chatbot', 'A'), 'Q', 'A') $$, '23503', null,
  'a row of store B cannot point at a chatbot of store A');
select is((select count(*) from public.chatbots c
  where not exists (select 1 from public.chatbot_secrets s where s.chatbot_id = c.id)), 0::bigint,
  'every chatbot has an identity secret');

select * from finish();
rollback;
