-- The chat's hot path (20261201300000_chat_hot_path.sql): chat_start_session, chat_post_message and
-- chat_store_reply are for the chat function (service role) only; the limit counters are nobody's to read
-- or write; a line is stored once per client_id, only in the visitor's own session, and never past a limit.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(30);

create function tests.post(p_visitor text, p_client_id uuid, p_content text, p_limits jsonb default '{}')
returns jsonb language sql as $$
  select public.chat_post_message(tests.user_id(p_visitor), tests.row_id('session', 'A'), p_client_id, p_content,
    true, p_limits)
$$;
grant execute on function tests.post(text, uuid, text, jsonb) to anon, authenticated, service_role;

-- The counters: no role reads or writes them (only the security definer functions do).
select tests.as_anon();
select throws_ok($$ select * from private.chat_rate_limits $$, '42501', null, 'anon cannot read the counters');
select throws_ok($$ delete from private.chat_rate_limits $$, '42501', null, 'anon cannot delete counters');
select tests.as_user('visitor');
select throws_ok($$ select * from private.chat_rate_limits $$, '42501', null, 'a visitor cannot read the counters');
select throws_ok($$ insert into private.chat_rate_limits (key, window_start, hits) values ('x', now(), 0) $$,
  '42501', null, 'a visitor cannot insert counters');
select throws_ok($$ update private.chat_rate_limits set hits = 0 $$, '42501', null, 'a visitor cannot reset counters');
select throws_ok($$ delete from private.chat_rate_limits $$, '42501', null, 'a visitor cannot delete counters');
select tests.as_user('owner');
select throws_ok($$ select * from private.chat_rate_limits $$, '42501', null, 'an owner cannot read the counters');
select tests.as_service();
select throws_ok($$ select * from private.chat_rate_limits $$, '42501', null,
  'service_role does not touch the counters directly either');

-- The functions: the chat function (service role) only.
select tests.as_anon();
select throws_ok($$ select tests.post('visitor', gen_random_uuid(), 'hi') $$, '42501', null,
  'anon cannot post a line');
select throws_ok($$ select public.chat_start_session(null, null, '{"chatbot": "x"}', '{}') $$, '42501', null,
  'anon cannot start a session');
select tests.as_user('visitor');
select throws_ok($$ select tests.post('visitor', gen_random_uuid(), 'hi') $$, '42501', null,
  'a visitor cannot call chat_post_message past the function (and spoof their address or limits)');
select throws_ok($$ select public.chat_store_reply(tests.row_id('session', 'A'), 1, '{}') $$, '42501', null,
  'a visitor cannot store a reply');
select throws_ok($$ select public.chat_start_session(tests.user_id('visitor'), '1.2.3.4', '{"chatbot": "x"}', '{}') $$,
  '42501', null, 'a visitor cannot start a session past the function');

-- A line, once per client_id, in the visitor's own session only.
select tests.as_service();
select is(tests.post('visitor', '40000000-0000-4000-8000-000000000001', 'How long does shipping take?') ->> 'duplicate',
  'false', 'the visitor''s line is stored');
select is((tests.post('visitor', '40000000-0000-4000-8000-000000000001', 'How long does shipping take?') -> 'message' ->> 'content'),
  'How long does shipping take?', 'sent again with its client_id, the stored line comes back');
select is((select count(*) from public.messages where client_id = '40000000-0000-4000-8000-000000000001'), 1::bigint,
  'and it is stored once');
select ok(jsonb_array_length(tests.post('visitor', gen_random_uuid(), 'Shipping?') -> 'hits') > 0,
  'the line comes back with what retrieval found in the chatbot''s FAQs');
select throws_ok($$ select tests.post('outsider', gen_random_uuid(), 'let me in') $$, 'PT404', 'session_not_found',
  'another visitor''s session looks like none');
select is((select count(*) from public.messages where content = 'let me in'), 0::bigint, 'nothing of theirs is stored');

-- Limits: the line past it is refused and not stored.
select lives_ok($$ select tests.post('visitor', gen_random_uuid(), 'limited 1', '{"visitor_messages_per_minute": 1}') $$,
  'a line within the visitor''s limit');
select throws_ok($$ select tests.post('visitor', gen_random_uuid(), 'limited 2', '{"visitor_messages_per_minute": 1}') $$,
  'PT429', 'rate_limited', 'the line past the visitor''s limit is refused');
select is((select count(*) from public.messages where content like 'limited %'), 1::bigint,
  'the refused line is not stored');
select lives_ok($$ select tests.post('visitor', gen_random_uuid(), 'busy 1', '{"chatbot_messages_per_minute": 1}') $$,
  'a line within the chatbot''s limit');
select throws_ok($$ select tests.post('visitor', gen_random_uuid(), 'busy 2', '{"chatbot_messages_per_minute": 1}') $$,
  'PT429', 'rate_limited', 'the line past the chatbot''s limit is refused');

-- The reply and the session's new state, in one step.
select is(public.chat_store_reply(tests.row_id('session', 'A'),
    (select id from public.messages where client_id = '40000000-0000-4000-8000-000000000001'),
    '{"sentiment": 0.2, "intent": "shipping", "session": {"language": "en", "sentiment": 0.2, "lead_score": 20,
      "status": "queued"}, "reply": {"content": "A person will answer.", "metadata": {"kind": "handoff"}}}') ->> 'handoff',
  'true', 'the reply is stored and the session handed off');
select results_eq($$ select m.intent, r.content, s.status::text from public.messages m
    join public.messages r on r.reply_to = m.id join public.chat_sessions s on s.id = m.session_id
    where m.client_id = '40000000-0000-4000-8000-000000000001' $$,
  $$ values ('shipping', 'A person will answer.', 'queued') $$, 'the line''s intent, its reply and the new status');

-- Sessions: unknown chatbots, forged identities and growing attributes are refused.
select throws_ok($$ select public.chat_start_session(tests.user_id('visitor'), null, '{"chatbot": "nope"}', '{}') $$,
  'PT404', 'unknown_chatbot', 'an unknown chatbot');
update public.chatbots set public_id = 'tests-bot-a' where id = tests.row_id('chatbot', 'A');
select throws_ok($$ select public.chat_start_session(tests.user_id('visitor'), null,
    '{"chatbot": "tests-bot-a", "identity": {"identifier": "c-1", "identifier_hash": "00"}}', '{}') $$,
  'PT401', 'invalid_identity', 'an identity whose hash is not the HMAC of the identifier');
select set_config('role', 'none', true); -- the helper is private: as its owner
select ok(private.identity_matches('secret', 'c-1', encode(extensions.hmac('c-1', 'secret', 'sha256'), 'hex')),
  'the HMAC of the identifier with the chatbot''s secret is a match');
select throws_ok(format($$ select public.chat_start_session(tests.user_id('visitor'), null,
    jsonb_build_object('chatbot', 'tests-bot-a', 'session_id', %L::uuid,
      'attributes', (select jsonb_object_agg('k' || i, i) from generate_series(1, 51) i)), '{}') $$,
    tests.row_id('session', 'A')),
  'PT400', 'too_many_attributes', 'a contact cannot take more than 50 attributes');

select * from finish();
rollback;
