-- chat_sessions: members of a store read its conversations and change their status (handoff, resolve);
-- owners and admins delete them; the website visitor reads their own sessions; the chat function
-- (service_role) creates them and writes everything else.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(39);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.chat_sessions $$, '42501', null, 'anon cannot select sessions');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id) values (tests.store_id('A'), tests.row_id('chatbot', 'A')) $$,
  '42501', null, 'anon cannot insert sessions');
select throws_ok($$ update public.chat_sessions set status = 'human' $$, '42501', null, 'anon cannot update sessions');
select throws_ok($$ delete from public.chat_sessions $$, '42501', null, 'anon cannot delete sessions');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.chat_sessions'), 0::bigint, 'outsider sees no session');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id) values (tests.store_id('A'), tests.row_id('chatbot', 'A')) $$,
  '42501', null, 'outsider cannot insert sessions');
select is(tests.affected($$ update public.chat_sessions set status = 'human' $$), 0::bigint, 'outsider updates no session');
select is(tests.affected($$ delete from public.chat_sessions $$), 0::bigint, 'outsider deletes no session');

-- the visitor (anonymous sign-in) of session A
select tests.as_user('visitor');
select results_eq($$ select id from public.chat_sessions $$, $$ values (tests.row_id('session', 'A')) $$,
  'the visitor sees their own session only');
select is(tests.affected($$ update public.chat_sessions set status = 'resolved' $$), 0::bigint,
  'the visitor cannot change their session');
select is(tests.affected($$ delete from public.chat_sessions $$), 0::bigint, 'the visitor cannot delete their session');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.chat_sessions'), 'A', 'agent sees store A sessions only');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id) values (tests.store_id('A'), tests.row_id('chatbot', 'A')) $$,
  '42501', null, 'agent cannot insert sessions');
select is(tests.affected($$ update public.chat_sessions set status = 'human' $$), 1::bigint,
  'agent takes over the session of A (status human)');
select is(tests.affected($$ update public.chat_sessions set status = 'resolved', resolved_at = now()
  where store_id = tests.store_id('B') $$), 0::bigint, 'agent cannot change sessions of B');
select throws_ok($$ update public.chat_sessions set lead_score = 100 $$, '42501', null,
  'agent cannot change the lead score (the chat function does)');
select throws_ok($$ update public.chat_sessions set status = 'closed' $$, '22P02', null,
  'status is bot, queued, human or resolved');
select is(tests.affected($$ delete from public.chat_sessions $$), 0::bigint, 'agent cannot delete sessions');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.chat_sessions'), 'A', 'admin sees store A sessions only');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id) values (tests.store_id('A'), tests.row_id('chatbot', 'A')) $$,
  '42501', null, 'admin cannot insert sessions');
select is(tests.affected($$ update public.chat_sessions set status = 'resolved', resolved_at = now() $$), 1::bigint,
  'admin resolves the session of A');
select is(tests.affected($$ update public.chat_sessions set status = 'bot' where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot change sessions of B');
select is(tests.affected($$ delete from public.chat_sessions where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot delete sessions of B');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.chat_sessions'), 'B', 'owner of B sees store B sessions only');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id) values (tests.store_id('B'), tests.row_id('chatbot', 'B')) $$,
  '42501', null, 'owner of B cannot insert sessions');
select is(tests.affected($$ update public.chat_sessions set status = 'bot' where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot change sessions of A');
select is(tests.affected($$ delete from public.chat_sessions where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot delete sessions of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.chat_sessions'), 'A', 'owner sees store A sessions only');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id) values (tests.store_id('A'), tests.row_id('chatbot', 'A')) $$,
  '42501', null, 'owner cannot insert sessions');
select is(tests.affected($$ update public.chat_sessions set status = 'queued' $$), 1::bigint, 'owner re-queues the session');
select is(tests.affected($$ delete from public.chat_sessions where store_id = tests.store_id('A') $$), 1::bigint,
  'owner deletes a session');
select is((select count(*) from public.messages), 0::bigint, 'its messages went with it');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.chat_sessions'), 'B', 'service_role sees every remaining session');
select lives_ok($$ insert into public.chat_sessions (store_id, chatbot_id, visitor_id, language)
  values (tests.store_id('A'), tests.row_id('chatbot', 'A'), tests.user_id('visitor'), 'de') $$,
  'service_role starts a session');
select is(tests.affected($$ update public.chat_sessions set lead_score = 80, sentiment = 0.5
  where store_id in (tests.store_id('A'), tests.store_id('B')) $$), 2::bigint,
  'service_role scores sessions');
select is(tests.affected($$ delete from public.chat_sessions where store_id = tests.store_id('B') $$), 1::bigint,
  'service_role deletes a session');

-- integrity
reset role;
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id) values (tests.store_id('B'), tests.row_id('chatbot', 'A')) $$,
  '23503', null, 'a session of store B cannot use a chatbot of store A');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id, contact_id)
  values (tests.store_id('A'), tests.row_id('chatbot', 'A'), tests.row_id('contact', 'B')) $$,
  '23503', null, 'a session of store A cannot point at a contact of store B');
select throws_ok($$ insert into public.chat_sessions (store_id, chatbot_id, lead_score)
  values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 101) $$, '23514', null, 'lead scores are 0 to 100');

select * from finish();
rollback;
