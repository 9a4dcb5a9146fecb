-- messages: members of a store read every message of its sessions (private notes included) and write agent
-- messages in their own name; the visitor reads the public messages of their own sessions; messages are
-- never edited or deleted through the API (service_role only).
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(41);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.messages $$, '42501', null, 'anon cannot select messages');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', 'hi') $$, '42501', null, 'anon cannot insert messages');
select throws_ok($$ update public.messages set content = 'x' $$, '42501', null, 'anon cannot update messages');
select throws_ok($$ delete from public.messages $$, '42501', null, 'anon cannot delete messages');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.messages'), 0::bigint, 'outsider sees no message');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'hi') $$, '42501', null,
  'outsider cannot write into a session of A');
select throws_ok($$ update public.messages set content = 'x' $$, '42501', null, 'outsider cannot update messages');
select throws_ok($$ delete from public.messages $$, '42501', null, 'outsider cannot delete messages');

-- the visitor of session A
select tests.as_user('visitor');
select results_eq($$ select sender from public.messages order by id $$, $$ values ('customer'::public.message_sender), ('bot'::public.message_sender) $$,
  'the visitor reads the public messages of their session, not the private note');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', 'hi') $$, '42501', null,
  'the visitor cannot insert messages directly (the chat function does)');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.messages'), 'A', 'agent sees store A messages only');
select is(tests.count('public.messages'), 3::bigint, 'agent sees private notes too');
select lives_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'Your parcel ships today.') $$,
  'agent replies in a session of A');
select is((select author_id from public.messages where content = 'Your parcel ships today.'), tests.user_id('agent'),
  'the reply is signed with the agent''s id');
select lives_ok($$ insert into public.messages (store_id, session_id, sender, content, is_private)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'note to self', true) $$, 'agent adds a private note');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'bot', 'I am the bot') $$, '42501', null,
  'agent cannot write as the bot');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content, author_id)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'as admin', tests.user_id('admin')) $$, '42501', null,
  'agent cannot write in another member''s name');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('B'), tests.row_id('session', 'B'), 'agent', 'hi') $$, '42501', null,
  'agent of A cannot write into a session of B');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content, sentiment)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'x', 1) $$, '42501', null,
  'agent cannot set the analysis columns');
select throws_ok($$ update public.messages set content = 'edited' $$, '42501', null, 'agent cannot edit messages');
select throws_ok($$ delete from public.messages $$, '42501', null, 'agent cannot delete messages');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.messages'), 'A', 'admin sees store A messages only');
select lives_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'Admin here.') $$, 'admin replies in a session of A');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('B'), tests.row_id('session', 'B'), 'agent', 'hi') $$, '42501', null,
  'admin of A cannot write into a session of B');
select throws_ok($$ update public.messages set content = 'edited' $$, '42501', null, 'admin cannot edit messages');
select throws_ok($$ delete from public.messages $$, '42501', null, 'admin cannot delete messages');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.messages'), 'B', 'owner of B sees store B messages only');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'hi') $$, '42501', null,
  'owner of B cannot write into a session of A');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('B'), tests.row_id('session', 'A'), 'agent', 'hi') $$, '23503', null,
  'a message of store B cannot point at a session of store A');
select throws_ok($$ update public.messages set content = 'edited' $$, '42501', null, 'owner of B cannot edit messages');
select throws_ok($$ delete from public.messages $$, '42501', null, 'owner of B cannot delete messages');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.messages'), 'A', 'owner sees store A messages only');
select lives_ok($$ insert into public.messages (store_id, session_id, sender, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', 'Owner here.') $$, 'owner replies in a session of A');
select throws_ok($$ update public.messages set content = 'edited' $$, '42501', null, 'owner cannot edit messages');
select throws_ok($$ delete from public.messages $$, '42501', null, 'owner cannot delete messages');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.messages'), 'A,B', 'service_role sees every message');
select lives_ok($$ insert into public.messages (store_id, session_id, sender, content, sentiment, intent)
  values (tests.store_id('B'), tests.row_id('session', 'B'), 'bot', 'Hello from the bot', 0.2, 'greeting') $$,
  'service_role writes a bot message');
select is(tests.affected($$ update public.messages set intent = 'order_status'
  where sender = 'customer' and store_id in (tests.store_id('A'), tests.store_id('B')) $$), 2::bigint,
  'service_role updates messages');
select is(tests.affected($$ delete from public.messages where store_id = tests.store_id('B') $$), 2::bigint,
  'service_role deletes messages');

-- triggers
reset role;
update public.chat_sessions set last_message_at = '2020-01-01' where id = tests.row_id('session', 'A');
insert into public.messages (store_id, session_id, sender, content) values
  (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', 'Still there?');
select ok((select last_message_at > '2020-01-01' from public.chat_sessions where id = tests.row_id('session', 'A')),
  'a new message moves the session''s last_message_at');
select throws_ok($$ insert into public.messages (store_id, session_id, sender) values
  (tests.store_id('A'), tests.row_id('session', 'A'), 'robot') $$, '22P02', null, 'senders are customer, bot, agent or system');

select * from finish();
rollback;
