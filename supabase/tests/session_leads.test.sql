-- session_leads: a session's lead score, persona tier and reasons. Members of the store read them (dashboard,
-- Chatwoot context app); nobody writes them but the chat function's SQL; the visitor never reads them.
-- chat_submit_form stores the answers as contact attributes, the lead on the session and contact, and the
-- persona's opening once.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(33);

select tests.as_service();
select lives_ok($$ select public.chat_submit_form(tests.user_id('visitor'), tests.row_id('session', 'A'),
  '{"name": "Ana", "income": 8500, "consent": true}',
  '{"score": 80, "tier": "Priority", "reasons": [{"reason": "Income 8k+", "points": 70}], "intents": ["purchase"]}',
  '{"content": "Hi Ana!", "metadata": {"kind": "opening", "tier": "Priority"}}', '{}') $$,
  'the chat function stores a submitted form');
select is((select custom_attributes ->> 'income' from public.contacts where id = tests.row_id('contact', 'A')), '8500',
  'answers become contact attributes');
select is((select name from public.contacts where id = tests.row_id('contact', 'A')), 'Buyer A',
  'a name the contact had is kept');
select is((select lead_score from public.chat_sessions where id = tests.row_id('session', 'A')), 80, 'the session has the score');
select is((select lead_score from public.contacts where id = tests.row_id('contact', 'A')), 80, 'the contact has the score');
select is((select tier || ' ' || (reasons -> 0 ->> 'reason') || ' ' || array_to_string(intents, ',')
  from public.session_leads where session_id = tests.row_id('session', 'A')), 'Priority Income 8k+ purchase',
  'the lead row has tier, reasons and intents');
select is((select content from public.messages where session_id = tests.row_id('session', 'A') and metadata ->> 'kind' = 'opening'),
  'Hi Ana!', 'the persona opens the conversation');
select is((public.chat_submit_form(tests.user_id('visitor'), tests.row_id('session', 'A'), '{}',
  '{"score": 50, "tier": "Advisor", "reasons": [], "intents": []}', '{"content": "Again"}', '{}')) -> 'message',
  'null'::jsonb, 'a second submission opens nothing again');
select is((select count(*) from public.messages where session_id = tests.row_id('session', 'A') and sender = 'bot' and content = 'Again'),
  0::bigint, 'no second opening');
select is((select lead_score from public.chat_sessions where id = tests.row_id('session', 'A')), 50, 'the score is recomputed');
select is((select count(*) from public.automation_events where type = 'lead_score.changed' and session_id = tests.row_id('session', 'A')),
  2::bigint, 'each change fires the lead score automation event');
select is((select count(*) from public.analytics_events where kind = 'lead_score_changed' and session_id = tests.row_id('session', 'A')),
  2::bigint, 'and the analytics event');
select is((select count(*) from public.analytics_events where kind = 'form_completed' and session_id = tests.row_id('session', 'A')),
  1::bigint, 'the first submission completes the analytics funnel''s form step, once');
select throws_ok($$ select public.chat_submit_form(tests.user_id('outsider'), tests.row_id('session', 'A'), '{}',
  '{"score": 1}', null, '{}') $$, 'PT404', 'session_not_found', 'another visitor''s session looks missing');
select throws_ok($$ select public.chat_submit_form(tests.user_id('visitor'), tests.row_id('session', 'A'),
  (select jsonb_object_agg('k' || i, i) from generate_series(1, 60) i), '{"score": 1}', null, '{}') $$,
  'PT400', 'too_many_attributes', 'the attribute caps hold');
select is((public.chat_form_context(tests.user_id('visitor'), tests.row_id('session', 'A')) ->> 'form_submitted')::boolean, true,
  'the form context says the form was submitted');
update public.chat_sessions set lead_score = 60 where id = tests.row_id('session', 'A');
select is((public.chat_form_context(tests.user_id('visitor'), tests.row_id('session', 'A')) ->> 'adjustment')::int, 10,
  'what an automation changed on the session is carried into the next score');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.session_leads $$, '42501', null, 'anon cannot select leads');
select throws_ok($$ select public.chat_form_context(tests.user_id('visitor'), tests.row_id('session', 'A')) $$, '42501', null,
  'anon cannot call the chat function''s SQL');

-- the visitor: their own session, but not why they were scored
select tests.as_user('visitor');
select is(tests.count('public.session_leads'), 0::bigint, 'the visitor reads no lead');
select throws_ok($$ insert into public.session_leads (session_id, store_id, score) values (tests.row_id('session', 'A'), tests.store_id('A'), 100) $$,
  '42501', null, 'the visitor cannot write a lead');
select throws_ok($$ select public.chat_submit_form(tests.user_id('visitor'), tests.row_id('session', 'A'), '{}', '{"score": 100}', null, '{}') $$,
  '42501', null, 'nor call chat_submit_form themselves');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.session_leads'), 0::bigint, 'outsider sees no lead');

-- agent and admin of A: read, never write
select tests.as_user('agent');
select is(tests.seen('public.session_leads'), 'A', 'agent sees store A leads');
select throws_ok($$ update public.session_leads set score = 100 $$, '42501', null, 'agent cannot change a lead');
select throws_ok($$ delete from public.session_leads $$, '42501', null, 'agent cannot delete a lead');
select tests.as_user('admin');
select is(tests.seen('public.session_leads'), 'A', 'admin sees store A leads');
select throws_ok($$ insert into public.session_leads (session_id, store_id, score) values (tests.row_id('session', 'B'), tests.store_id('B'), 1) $$,
  '42501', null, 'admin cannot insert a lead');

-- owner of B, owner of A
select tests.as_user('other_owner');
select is(tests.count('public.session_leads'), 0::bigint, 'owner of B sees no lead of A');
select tests.as_user('owner');
select is(tests.seen('public.session_leads'), 'A', 'owner of A sees its leads');
select throws_ok($$ update public.session_leads set tier = 'x' $$, '42501', null, 'owner cannot change a lead');
select is(tests.affected($$ update public.chatbots set lead_scoring = '{"base": 20}' where id = tests.row_id('chatbot', 'A') $$), 1::bigint,
  'owner sets the chatbot''s lead rules');

-- the lead row goes with its session
select tests.as_service();
delete from public.chat_sessions where id = tests.row_id('session', 'A');
select is(tests.count('public.session_leads'), 0::bigint, 'deleting the session deletes its lead');

select * from finish();
rollback;
