-- Analytics: facts (analytics_events) and their daily rollups. Members of a store read them; nobody but the
-- service role writes (triggers do, as definer). Then: facts as conversations happen, a conversation at
-- 23:30 in the store's time zone, the report under RLS, and the property that the rollups equal the facts
-- regrouped after a random history.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(107);

-- Facts of both stores with a tag, so that every table has rows of A and B.
insert into public.analytics_events (store_id, kind, day, tags) values
  (tests.store_id('A'), 'payment_succeeded', current_date, '{vip}'),
  (tests.store_id('B'), 'payment_succeeded', current_date, '{vip}');

-- analytics_events
select tests.as_anon();
select throws_ok($$ select * from public.analytics_events $$, '42501', null, 'anon cannot select analytics_events');
select throws_ok($$ insert into public.analytics_events (store_id, kind, day) values (tests.store_id('A'), 'payment_succeeded', current_date) $$, '42501', null, 'anon cannot insert analytics_events');
select throws_ok($$ update public.analytics_events set value = 1 $$, '42501', null, 'anon cannot update analytics_events');
select throws_ok($$ delete from public.analytics_events $$, '42501', null, 'anon cannot delete analytics_events');
select tests.as_user('outsider');
select is(tests.count('public.analytics_events'), 0::bigint, 'outsider sees no analytics_events row');
select throws_ok($$ insert into public.analytics_events (store_id, kind, day) values (tests.store_id('A'), 'payment_succeeded', current_date) $$, '42501', null, 'outsider cannot insert analytics_events');
select throws_ok($$ update public.analytics_events set value = 1 $$, '42501', null, 'outsider cannot update analytics_events');
select throws_ok($$ delete from public.analytics_events $$, '42501', null, 'outsider cannot delete analytics_events');
select tests.as_user('agent');
select is(tests.seen('public.analytics_events'), 'A', 'agent sees A analytics_events rows only');
select throws_ok($$ insert into public.analytics_events (store_id, kind, day) values (tests.store_id('A'), 'payment_succeeded', current_date) $$, '42501', null, 'agent cannot insert analytics_events');
select throws_ok($$ update public.analytics_events set value = 1 $$, '42501', null, 'agent cannot update analytics_events');
select throws_ok($$ delete from public.analytics_events $$, '42501', null, 'agent cannot delete analytics_events');
select tests.as_user('admin');
select is(tests.seen('public.analytics_events'), 'A', 'admin sees A analytics_events rows only');
select throws_ok($$ insert into public.analytics_events (store_id, kind, day) values (tests.store_id('A'), 'payment_succeeded', current_date) $$, '42501', null, 'admin cannot insert analytics_events');
select throws_ok($$ update public.analytics_events set value = 1 $$, '42501', null, 'admin cannot update analytics_events');
select throws_ok($$ delete from public.analytics_events $$, '42501', null, 'admin cannot delete analytics_events');
select tests.as_user('other_owner');
select is(tests.seen('public.analytics_events'), 'B', 'other_owner sees B analytics_events rows only');
select throws_ok($$ insert into public.analytics_events (store_id, kind, day) values (tests.store_id('B'), 'payment_succeeded', current_date) $$, '42501', null, 'other_owner cannot insert analytics_events');
select throws_ok($$ update public.analytics_events set value = 1 $$, '42501', null, 'other_owner cannot update analytics_events');
select throws_ok($$ delete from public.analytics_events $$, '42501', null, 'other_owner cannot delete analytics_events');
select tests.as_user('owner');
select is(tests.seen('public.analytics_events'), 'A', 'owner sees A analytics_events rows only');
select throws_ok($$ insert into public.analytics_events (store_id, kind, day) values (tests.store_id('A'), 'payment_succeeded', current_date) $$, '42501', null, 'owner cannot insert analytics_events');
select throws_ok($$ update public.analytics_events set value = 1 $$, '42501', null, 'owner cannot update analytics_events');
select throws_ok($$ delete from public.analytics_events $$, '42501', null, 'owner cannot delete analytics_events');
select tests.as_service();
select is(tests.seen_fixtures('public.analytics_events'), 'A,B', 'service_role sees every analytics_events row');
select lives_ok($$ insert into public.analytics_events (store_id, kind, day) values (tests.store_id('B'), 'payment_succeeded', current_date) $$, 'service_role inserts analytics_events');
reset role;

-- analytics_daily
select tests.as_anon();
select throws_ok($$ select * from public.analytics_daily $$, '42501', null, 'anon cannot select analytics_daily');
select throws_ok($$ insert into public.analytics_daily (store_id, day, kind, channel, language, intent, agent, outcome, shard, events) values (tests.store_id('A'), current_date, 'engaged', '', '', '', '', '', 0, 1) $$, '42501', null, 'anon cannot insert analytics_daily');
select throws_ok($$ update public.analytics_daily set events = events + 1 $$, '42501', null, 'anon cannot update analytics_daily');
select throws_ok($$ delete from public.analytics_daily $$, '42501', null, 'anon cannot delete analytics_daily');
select tests.as_user('outsider');
select is(tests.count('public.analytics_daily'), 0::bigint, 'outsider sees no analytics_daily row');
select throws_ok($$ insert into public.analytics_daily (store_id, day, kind, channel, language, intent, agent, outcome, shard, events) values (tests.store_id('A'), current_date, 'engaged', '', '', '', '', '', 0, 1) $$, '42501', null, 'outsider cannot insert analytics_daily');
select throws_ok($$ update public.analytics_daily set events = events + 1 $$, '42501', null, 'outsider cannot update analytics_daily');
select throws_ok($$ delete from public.analytics_daily $$, '42501', null, 'outsider cannot delete analytics_daily');
select tests.as_user('agent');
select is(tests.seen('public.analytics_daily'), 'A', 'agent sees A analytics_daily rows only');
select throws_ok($$ insert into public.analytics_daily (store_id, day, kind, channel, language, intent, agent, outcome, shard, events) values (tests.store_id('A'), current_date, 'engaged', '', '', '', '', '', 0, 1) $$, '42501', null, 'agent cannot insert analytics_daily');
select throws_ok($$ update public.analytics_daily set events = events + 1 $$, '42501', null, 'agent cannot update analytics_daily');
select throws_ok($$ delete from public.analytics_daily $$, '42501', null, 'agent cannot delete analytics_daily');
select tests.as_user('admin');
select is(tests.seen('public.analytics_daily'), 'A', 'admin sees A analytics_daily rows only');
select throws_ok($$ insert into public.analytics_daily (store_id, day, kind, channel, language, intent, agent, outcome, shard, events) values (tests.store_id('A'), current_date, 'engaged', '', '', '', '', '', 0, 1) $$, '42501', null, 'admin cannot insert analytics_daily');
select throws_ok($$ update public.analytics_daily set events = events + 1 $$, '42501', null, 'admin cannot update analytics_daily');
select throws_ok($$ delete from public.analytics_daily $$, '42501', null, 'admin cannot delete analytics_daily');
select tests.as_user('other_owner');
select is(tests.seen('public.analytics_daily'), 'B', 'other_owner sees B analytics_daily rows only');
select throws_ok($$ insert into public.analytics_daily (store_id, day, kind, channel, language, intent, agent, outcome, shard, events) values (tests.store_id('B'), current_date, 'engaged', '', '', '', '', '', 0, 1) $$, '42501', null, 'other_owner cannot insert analytics_daily');
select throws_ok($$ update public.analytics_daily set events = events + 1 $$, '42501', null, 'other_owner cannot update analytics_daily');
select throws_ok($$ delete from public.analytics_daily $$, '42501', null, 'other_owner cannot delete analytics_daily');
select tests.as_user('owner');
select is(tests.seen('public.analytics_daily'), 'A', 'owner sees A analytics_daily rows only');
select throws_ok($$ insert into public.analytics_daily (store_id, day, kind, channel, language, intent, agent, outcome, shard, events) values (tests.store_id('A'), current_date, 'engaged', '', '', '', '', '', 0, 1) $$, '42501', null, 'owner cannot insert analytics_daily');
select throws_ok($$ update public.analytics_daily set events = events + 1 $$, '42501', null, 'owner cannot update analytics_daily');
select throws_ok($$ delete from public.analytics_daily $$, '42501', null, 'owner cannot delete analytics_daily');
select tests.as_service();
select is(tests.seen_fixtures('public.analytics_daily'), 'A,B', 'service_role sees every analytics_daily row');
select lives_ok($$ insert into public.analytics_daily (store_id, day, kind, channel, language, intent, agent, outcome, shard, events) values (tests.store_id('B'), current_date, 'engaged', '', '', '', '', '', 0, 1) $$, 'service_role inserts analytics_daily');
reset role;

-- analytics_daily_tags
select tests.as_anon();
select throws_ok($$ select * from public.analytics_daily_tags $$, '42501', null, 'anon cannot select analytics_daily_tags');
select throws_ok($$ insert into public.analytics_daily_tags (store_id, day, tag, kind, channel, language, shard, events) values (tests.store_id('A'), current_date, 'vip', 'engaged', '', '', 0, 1) $$, '42501', null, 'anon cannot insert analytics_daily_tags');
select throws_ok($$ update public.analytics_daily_tags set events = events + 1 $$, '42501', null, 'anon cannot update analytics_daily_tags');
select throws_ok($$ delete from public.analytics_daily_tags $$, '42501', null, 'anon cannot delete analytics_daily_tags');
select tests.as_user('outsider');
select is(tests.count('public.analytics_daily_tags'), 0::bigint, 'outsider sees no analytics_daily_tags row');
select throws_ok($$ insert into public.analytics_daily_tags (store_id, day, tag, kind, channel, language, shard, events) values (tests.store_id('A'), current_date, 'vip', 'engaged', '', '', 0, 1) $$, '42501', null, 'outsider cannot insert analytics_daily_tags');
select throws_ok($$ update public.analytics_daily_tags set events = events + 1 $$, '42501', null, 'outsider cannot update analytics_daily_tags');
select throws_ok($$ delete from public.analytics_daily_tags $$, '42501', null, 'outsider cannot delete analytics_daily_tags');
select tests.as_user('agent');
select is(tests.seen('public.analytics_daily_tags'), 'A', 'agent sees A analytics_daily_tags rows only');
select throws_ok($$ insert into public.analytics_daily_tags (store_id, day, tag, kind, channel, language, shard, events) values (tests.store_id('A'), current_date, 'vip', 'engaged', '', '', 0, 1) $$, '42501', null, 'agent cannot insert analytics_daily_tags');
select throws_ok($$ update public.analytics_daily_tags set events = events + 1 $$, '42501', null, 'agent cannot update analytics_daily_tags');
select throws_ok($$ delete from public.analytics_daily_tags $$, '42501', null, 'agent cannot delete analytics_daily_tags');
select tests.as_user('admin');
select is(tests.seen('public.analytics_daily_tags'), 'A', 'admin sees A analytics_daily_tags rows only');
select throws_ok($$ insert into public.analytics_daily_tags (store_id, day, tag, kind, channel, language, shard, events) values (tests.store_id('A'), current_date, 'vip', 'engaged', '', '', 0, 1) $$, '42501', null, 'admin cannot insert analytics_daily_tags');
select throws_ok($$ update public.analytics_daily_tags set events = events + 1 $$, '42501', null, 'admin cannot update analytics_daily_tags');
select throws_ok($$ delete from public.analytics_daily_tags $$, '42501', null, 'admin cannot delete analytics_daily_tags');
select tests.as_user('other_owner');
select is(tests.seen('public.analytics_daily_tags'), 'B', 'other_owner sees B analytics_daily_tags rows only');
select throws_ok($$ insert into public.analytics_daily_tags (store_id, day, tag, kind, channel, language, shard, events) values (tests.store_id('B'), current_date, 'vip', 'engaged', '', '', 0, 1) $$, '42501', null, 'other_owner cannot insert analytics_daily_tags');
select throws_ok($$ update public.analytics_daily_tags set events = events + 1 $$, '42501', null, 'other_owner cannot update analytics_daily_tags');
select throws_ok($$ delete from public.analytics_daily_tags $$, '42501', null, 'other_owner cannot delete analytics_daily_tags');
select tests.as_user('owner');
select is(tests.seen('public.analytics_daily_tags'), 'A', 'owner sees A analytics_daily_tags rows only');
select throws_ok($$ insert into public.analytics_daily_tags (store_id, day, tag, kind, channel, language, shard, events) values (tests.store_id('A'), current_date, 'vip', 'engaged', '', '', 0, 1) $$, '42501', null, 'owner cannot insert analytics_daily_tags');
select throws_ok($$ update public.analytics_daily_tags set events = events + 1 $$, '42501', null, 'owner cannot update analytics_daily_tags');
select throws_ok($$ delete from public.analytics_daily_tags $$, '42501', null, 'owner cannot delete analytics_daily_tags');
select tests.as_service();
select is(tests.seen_fixtures('public.analytics_daily_tags'), 'A,B', 'service_role sees every analytics_daily_tags row');
select lives_ok($$ insert into public.analytics_daily_tags (store_id, day, tag, kind, channel, language, shard, events) values (tests.store_id('B'), current_date, 'vip', 'engaged', '', '', 0, 1) $$, 'service_role inserts analytics_daily_tags');
reset role;

-- ---------------------------------------------------------------------------------------------
-- Facts as conversations happen (as the chat function and Chatwoot's webhook write them).
reset role;
update public.stores set time_zone = 'America/New_York' where id = tests.store_id('A');
insert into public.chat_sessions (id, store_id, chatbot_id, started_at, language, tags) values
  ('a1000000-0000-4000-8000-000000000001', tests.store_id('A'), tests.row_id('chatbot', 'A'),
   '2026-03-10 03:30+00', 'en', '{vip}');
select is((select day from public.analytics_events where session_id = 'a1000000-0000-4000-8000-000000000001'
  and kind = 'conversation_started'), '2026-03-09'::date, 'a conversation at 23:30 in New York counts on that day, not the UTC one');
select is((select sum(events) from public.analytics_daily where store_id = tests.store_id('A') and kind = 'conversation_started'
  and day = '2026-03-09'), 1::numeric, 'and so does its rollup');
select is((select sum(events) from public.analytics_daily_tags where store_id = tests.store_id('A') and tag = 'vip'
  and day = '2026-03-09'), 1::numeric, 'per tag too');

insert into public.messages (store_id, session_id, sender, content, created_at) values
  (tests.store_id('A'), 'a1000000-0000-4000-8000-000000000001', 'customer', 'Do you ship to Mars?', '2026-03-10 03:31+00');
insert into public.messages (store_id, session_id, sender, content, reply_to, metadata, created_at)
select tests.store_id('A'), 'a1000000-0000-4000-8000-000000000001', 'bot', 'Could you say more?', max(id),
  '{"kind": "clarify"}', '2026-03-10 03:31:02+00'
from public.messages where session_id = 'a1000000-0000-4000-8000-000000000001';
insert into public.messages (store_id, session_id, sender, content, created_at) values
  (tests.store_id('A'), 'a1000000-0000-4000-8000-000000000001', 'customer', 'Mars, the planet', '2026-03-10 03:32+00'),
  (tests.store_id('A'), 'a1000000-0000-4000-8000-000000000001', 'customer', 'Hello?', '2026-03-10 03:33+00');
select is((select array_agg(kind::text order by id) from public.analytics_events
  where session_id = 'a1000000-0000-4000-8000-000000000001'),
  array['conversation_started', 'first_message', 'unanswered_question', 'engaged'],
  'first line, the bot''s unanswered reply, the second line (engaged); the third line adds nothing');
select is((select detail ->> 'question' || ' / ' || value from public.analytics_events
  where session_id = 'a1000000-0000-4000-8000-000000000001' and kind = 'unanswered_question'),
  'Do you ship to Mars? / 2', 'the unanswered question is kept with the bot''s reply time in seconds');

update public.chat_sessions set status = 'queued' where id = 'a1000000-0000-4000-8000-000000000001';
insert into public.messages (store_id, session_id, sender, author_id, content, metadata) values
  (tests.store_id('A'), 'a1000000-0000-4000-8000-000000000001', 'agent', null, 'Hi, Sam here',
   '{"chatwoot": {"sender_name": "Sam"}}');
update public.chat_sessions set status = 'resolved', resolved_at = now() where id = 'a1000000-0000-4000-8000-000000000001';
select is((select array_agg(kind::text || ':' || agent order by id) from public.analytics_events
  where session_id = 'a1000000-0000-4000-8000-000000000001' and id > (select max(id) from public.analytics_events
    where session_id = 'a1000000-0000-4000-8000-000000000001' and kind = 'engaged')),
  array['handoff_requested:', 'agent_first_reply:Sam', 'resolved_by_agent:Sam'],
  'handed off, the agent''s first reply and a resolution by that agent');

insert into public.chat_sessions (id, store_id, chatbot_id) values
  ('a1000000-0000-4000-8000-000000000002', tests.store_id('A'), tests.row_id('chatbot', 'A'));
update public.chat_sessions set lead_score = 80 where id = 'a1000000-0000-4000-8000-000000000002';
update public.chat_sessions set status = 'resolved', resolved_at = now() where id = 'a1000000-0000-4000-8000-000000000002';
update public.chat_sessions set status = 'bot', resolved_at = null where id = 'a1000000-0000-4000-8000-000000000002';
select is((select array_agg(kind::text order by id) from public.analytics_events
  where session_id = 'a1000000-0000-4000-8000-000000000002'),
  array['conversation_started', 'lead_score_changed', 'resolved_by_bot', 'reopened'],
  'a conversation no person had is resolved by the bot; reopening it is a fact too');

-- The report reads under RLS: the owner gets the store's figures, another store's owner zeros.
select tests.as_user('owner');
select is((public.analytics_report(tests.store_id('A'), current_date - 1, current_date + 1) -> 'kpis' ->> 'leads_over_75')::int,
  1, 'the owner''s report counts the lead over 75');
select is((public.analytics_report(tests.store_id('A'), '2026-03-09', '2026-03-09') -> 'unanswered' -> 0 ->> 'question'),
  'Do you ship to Mars?', 'and lists the unanswered question on its day');
select is((select jsonb_build_array(r -> 'from', r -> 'to') from public.analytics_report(tests.store_id('A')) r),
  (select jsonb_build_array(to_jsonb(d - 29), to_jsonb(d))
   from (select (now() at time zone (select time_zone from public.stores where id = tests.store_id('A')))::date d) x),
  'without dates the report covers the last 30 days up to today in the store''s time zone');
select is((select jsonb_build_array(r -> 'from', r -> 'to')
   from public.analytics_report(tests.store_id('A'), '2026-03-09', '2026-03-01') r),
  '["2026-03-01", "2026-03-09"]', 'a reversed period is put right');
select is((select jsonb_build_array(r -> 'from', r -> 'to')
   from public.analytics_report(tests.store_id('A'), '2024-01-01', '2026-03-09') r),
  '["2025-03-09", "2026-03-09"]', 'a period longer than 366 days keeps its last 366');
select is((select count(*) from public.analytics_conversations(tests.store_id('A'), '2026-03-09', '2026-03-09',
  '{unanswered_question}')), 1::bigint, 'drilling into it lists the conversation');
select tests.as_user('other_owner');
select is((public.analytics_report(tests.store_id('A'), current_date - 1, current_date + 1) -> 'kpis' ->> 'conversations')::int,
  0, 'another store''s owner reads nothing of it');
select tests.as_anon();
select throws_ok($$ select public.analytics_report(tests.store_id('A'), current_date, current_date) $$, '42501', null,
  'anon cannot call the report');

-- ---------------------------------------------------------------------------------------------
-- Property: after any sequence of conversations, lines, handoffs, replies, resolutions, tag and time zone
-- changes and deletions, the rollups equal the facts regrouped.
reset role;
select setseed(0.4213);
do $$
declare
  v_store uuid := tests.store_id('A');
  v_bot uuid := tests.row_id('chatbot', 'A');
  v_session uuid;
  v_msg bigint;
  v_op int;
  v_at timestamptz;
begin
  for i in 1..600 loop
    v_op := floor(random() * 11);
    v_at := '2026-06-01 00:00+00'::timestamptz + random() * interval '10 days';
    select id into v_session from public.chat_sessions where store_id = v_store order by random() limit 1;
    if v_op = 0 or v_session is null then
      insert into public.chat_sessions (store_id, chatbot_id, started_at, language, tags, attributes)
      values (v_store, v_bot, v_at, (array['en', 'de', 'fr'])[1 + floor(random() * 3)],
        (array['{}', '{vip}', '{vip,returns}'])[1 + floor(random() * 3)]::text[],
        jsonb_build_object('channel', (array['web', 'whatsapp'])[1 + floor(random() * 2)]));
    elsif v_op in (1, 2) then
      insert into public.messages (store_id, session_id, sender, content, intent, sentiment, created_at)
      values (v_store, v_session, 'customer', 'question ' || floor(random() * 5),
        (array['shipping', 'returns', null])[1 + floor(random() * 3)], random() * 2 - 1, v_at)
      returning id into v_msg;
      insert into public.messages (store_id, session_id, sender, content, reply_to, metadata, created_at)
      values (v_store, v_session, 'bot', 'answer', v_msg,
        jsonb_build_object('kind', (array['answer', 'clarify', 'fallback', 'smalltalk'])[1 + floor(random() * 4)]),
        v_at + random() * interval '5 seconds');
    elsif v_op = 3 then
      update public.chat_sessions set status = 'queued' where id = v_session and status = 'bot';
    elsif v_op = 4 then
      insert into public.messages (store_id, session_id, sender, content, metadata, created_at)
      values (v_store, v_session, 'agent', 'hello',
        jsonb_build_object('chatwoot', jsonb_build_object('sender_name', (array['Sam', 'Kim'])[1 + floor(random() * 2)])),
        v_at);
    elsif v_op = 5 then
      update public.chat_sessions set status = 'resolved', resolved_at = v_at where id = v_session and status <> 'resolved';
    elsif v_op = 6 then
      update public.chat_sessions set status = 'bot', resolved_at = null where id = v_session and status = 'resolved';
    elsif v_op = 7 then
      update public.chat_sessions set lead_score = floor(random() * 101) where id = v_session;
    elsif v_op = 8 then
      update public.chat_sessions set tags = (array['{}', '{vip}', '{returns}'])[1 + floor(random() * 3)]::text[]
      where id = v_session;
    elsif v_op = 9 and random() < 0.3 then
      delete from public.chat_sessions where id = v_session;
    elsif v_op = 10 and random() < 0.1 then
      update public.stores set time_zone = (array['UTC', 'Asia/Tokyo', 'America/Los_Angeles'])[1 + floor(random() * 3)]
      where id = v_store;
    end if;
  end loop;
end;
$$;
select ok((select count(*) from public.analytics_events where store_id = tests.store_id('A')) > 150,
  'the random history produced facts');
select is_empty($$
  with rolled as (
    select day, coalesce(chatbot_id, tests.store_id('A')) as chatbot_id, kind, channel, language, intent, agent, outcome, sum(events) as events,
      sum(value_sum) as value_sum, sum(value_count) as value_count, sum(sentiment_sum) as sentiment_sum,
      sum(sentiment_count) as sentiment_count
    from public.analytics_daily where store_id = tests.store_id('A')
    group by 1, 2, 3, 4, 5, 6, 7, 8 having sum(events) <> 0),
  recomputed as (
    select day, coalesce(chatbot_id, tests.store_id('A')) as chatbot_id, kind, channel, language, intent, agent, outcome, count(*) as events,
      coalesce(sum(value), 0) as value_sum, count(value) as value_count, coalesce(sum(sentiment), 0) as sentiment_sum,
      count(sentiment) as sentiment_count
    from public.analytics_events where store_id = tests.store_id('A') group by 1, 2, 3, 4, 5, 6, 7, 8)
  select * from rolled r full join recomputed c using (day, chatbot_id, kind, channel, language, intent, agent, outcome)
  where r.events is distinct from c.events or r.value_count is distinct from c.value_count
     or r.sentiment_count is distinct from c.sentiment_count
     or abs(r.value_sum - c.value_sum) > 1e-6 or abs(r.sentiment_sum - c.sentiment_sum) > 1e-3
$$, 'the daily rollups equal the facts regrouped');
select is_empty($$
  with rolled as (
    select tag, day, coalesce(chatbot_id, tests.store_id('A')) as chatbot_id, kind, channel, language, intent, agent, outcome,
      sum(events) as events, sum(value_count) as value_count
    from public.analytics_daily_tags where store_id = tests.store_id('A')
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9 having sum(events) <> 0),
  recomputed as (
    select t.tag, e.day, coalesce(e.chatbot_id, tests.store_id('A')) as chatbot_id, e.kind, e.channel, e.language, e.intent,
      e.agent, e.outcome, count(*) as events, count(e.value) as value_count
    from public.analytics_events e cross join lateral unnest(e.tags) as t (tag)
    where e.store_id = tests.store_id('A') group by 1, 2, 3, 4, 5, 6, 7, 8, 9)
  select * from rolled r full join recomputed c using (tag, day, chatbot_id, kind, channel, language, intent, agent, outcome)
  where r.events is distinct from c.events or r.value_count is distinct from c.value_count
$$, 'the tag rollups equal the facts regrouped');
-- The histograms (medians and the sentiment distribution are read from them), bucket by bucket.
select is_empty($$
  with rolled as (
    select day, coalesce(chatbot_id, tests.store_id('A')) as chatbot_id, kind, channel, language, intent, agent, outcome,
      'value' as hist, i as bucket, sum(d.value_hist[i]) as n
    from public.analytics_daily d cross join lateral generate_subscripts(d.value_hist, 1) i
    where store_id = tests.store_id('A') group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 having sum(d.value_hist[i]) <> 0
    union all
    select day, coalesce(chatbot_id, tests.store_id('A')), kind, channel, language, intent, agent, outcome,
      'sentiment', i, sum(d.sentiment_hist[i])
    from public.analytics_daily d cross join lateral generate_subscripts(d.sentiment_hist, 1) i
    where store_id = tests.store_id('A') group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 having sum(d.sentiment_hist[i]) <> 0),
  recomputed as (
    select day, coalesce(chatbot_id, tests.store_id('A')) as chatbot_id, kind, channel, language, intent, agent, outcome,
      'value' as hist, private.analytics_value_bucket(value) as bucket, count(*) as n
    from public.analytics_events where store_id = tests.store_id('A') and value is not null
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    union all
    select day, coalesce(chatbot_id, tests.store_id('A')), kind, channel, language, intent, agent, outcome,
      'sentiment', private.analytics_sentiment_bucket(sentiment), count(*)
    from public.analytics_events where store_id = tests.store_id('A') and sentiment is not null
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
  select * from rolled r full join recomputed c
    using (day, chatbot_id, kind, channel, language, intent, agent, outcome, hist, bucket)
  where r.n is distinct from c.n
$$, 'the daily histograms equal the facts regrouped');
select is_empty($$
  with rolled as (
    select tag, day, kind, intent, agent, i as bucket, sum(d.value_hist[i]) as n
    from public.analytics_daily_tags d cross join lateral generate_subscripts(d.value_hist, 1) i
    where store_id = tests.store_id('A') group by 1, 2, 3, 4, 5, 6 having sum(d.value_hist[i]) <> 0),
  recomputed as (
    select t.tag, e.day, e.kind, e.intent, e.agent, private.analytics_value_bucket(e.value) as bucket, count(*) as n
    from public.analytics_events e cross join lateral unnest(e.tags) as t (tag)
    where e.store_id = tests.store_id('A') and e.value is not null group by 1, 2, 3, 4, 5, 6)
  select * from rolled r full join recomputed c using (tag, day, kind, intent, agent, bucket)
  where r.n is distinct from c.n
$$, 'the tag histograms equal the facts regrouped');
select is(private.analytics_hist_median(array[private.analytics_value_bucket(0)], array[4]), 0::float8,
  'a median of immediate replies is 0 s');
select ok(private.analytics_hist_median(array[private.analytics_value_bucket(20), private.analytics_value_bucket(20)],
  array[2, 1]) between 20 / 1.0906 and 20 * 1.0906, 'a median is within its bucket (an eighth of a doubling) of the value');
select lives_ok($$ select private.analytics_rebuild(tests.store_id('A')) $$, 'the store''s analytics rebuild from its history');
select ok((select count(*) from public.analytics_events where store_id = tests.store_id('A') and kind = 'engaged') > 0,
  'and the rebuilt facts include engaged conversations');

-- Payments, bookings and the pre-chat form: facts as they happen, once, and kept by a rebuild.
create temporary table fact_session as
  select id from public.chat_sessions where store_id = tests.store_id('A') order by started_at, id limit 1;
create function pg_temp.facts(p_kind public.analytics_event_kind) returns bigint language sql as $f$
  select count(*) from public.analytics_events where session_id = (select id from fact_session) and kind = p_kind
$f$;
insert into public.payment_requests (store_id, session_id, amount, currency, description, expires_at, origin)
  select tests.store_id('A'), id, 4900, 'eur', 'Deposit', now() + interval '1 hour', 'bot' from fact_session;
select is(pg_temp.facts('payment_succeeded'), 0::bigint, 'an open payment request is no payment yet');
update public.payment_requests set status = 'paid', paid_at = now() where session_id = (select id from fact_session);
update public.payment_requests set status = 'paid' where session_id = (select id from fact_session);
select is(pg_temp.facts('payment_succeeded'), 1::bigint, 'a paid request is one payment, however often it is marked paid');
insert into public.bookings (store_id, uid, session_id, status)
  select tests.store_id('A'), 'bk-1', id, 'accepted' from fact_session;
insert into public.bookings (store_id, uid, session_id, previous_uid, status)
  select tests.store_id('A'), 'bk-2', id, 'bk-1', 'accepted' from fact_session;
select is(pg_temp.facts('booking_created'), 1::bigint, 'a booking is one fact, and its reschedule is not another');
insert into public.session_leads (session_id, store_id, score, form_submitted_at)
  select id, tests.store_id('A'), 60, now() from fact_session
  on conflict (session_id) do update set form_submitted_at = excluded.form_submitted_at;
select lives_ok($$ select private.analytics_rebuild(tests.store_id('A')) $$, 'the store''s analytics rebuild again');
select results_eq($$ select pg_temp.facts('form_completed'), pg_temp.facts('payment_succeeded'), pg_temp.facts('booking_created') $$,
  $$ values (1::bigint, 1::bigint, 1::bigint) $$, 'a rebuild keeps the pre-chat form, the payment and the booking');

select * from finish();
rollback;
