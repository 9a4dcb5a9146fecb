-- `pnpm bench` (analytics): one store with 1,000,000 messages over the last 12 months, written with the
-- row triggers off (session_replication_role = replica) and then turned into facts and rollups in bulk by
-- private.analytics_rebuild, as the migration backfills a real history. 125,000 conversations of 8 lines
-- (visitor, bot, ...); 15% handed to a person, whose agent writes the last two lines; 70% resolved.
-- Placeholders: :store, :owner, :bot (uuids), :sessions (count).
set session_replication_role = replica;

insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values ('00000000-0000-0000-0000-000000000000', :'owner', 'authenticated', 'authenticated',
  'bench-owner@parley.dev', '', now(), '{}', '{"full_name": "Bench Owner"}', now(), now());
insert into public.profiles (id, email, full_name) values (:'owner', 'bench-owner@parley.dev', 'Bench Owner');
insert into public.stores (id, name, slug, created_by, time_zone)
values (:'store', 'Bench Outdoor', 'bench-outdoor', :'owner', 'Europe/Berlin');
insert into public.memberships (store_id, user_id, role) values (:'store', :'owner', 'owner');
insert into public.chatbots (id, store_id, name) values (:'bot', :'store', 'Bench bot');

create temporary table bench_sessions as
select n, gen_random_uuid() as id,
  now() - random() * interval '365 days' as started_at,
  random() < 0.15 as handed_off,
  random() < 0.70 as resolved,
  (array['en', 'de', 'fr'])[1 + floor(random() * 3)::int] as language,
  (array['{}', '{vip}', '{returns}'])[1 + floor(random() * 3)::int]::text[] as tags,
  floor(random() * 101)::int as lead_score,
  (random() * 2 - 1)::real as sentiment
from generate_series(1, :sessions) n;

insert into public.chat_sessions (id, store_id, chatbot_id, status, lead_score, sentiment, language, tags,
  started_at, last_message_at, resolved_at, handoff_state)
select id, :'store', :'bot',
  (case when resolved then 'resolved' when handed_off then 'human' else 'bot' end)::public.chat_session_status,
  lead_score, sentiment, language, tags, started_at, started_at + interval '160 seconds',
  case when resolved then started_at + interval '10 minutes' end,
  case when handed_off then 'delivered' end
from bench_sessions;

insert into public.messages (id, store_id, session_id, sender, author_id, content, intent, sentiment, reply_to,
  metadata, created_at)
overriding system value
select s.n * 8 + k, :'store', s.id,
  (case when k % 2 = 1 then 'customer' when s.handed_off and k >= 6 then 'agent' else 'bot' end)::public.message_sender,
  null,
  case when k % 2 = 1 then 'question ' || floor(random() * 40)::int else 'answer' end,
  case when k % 2 = 1 then (array['shipping', 'returns', 'sizing', 'order_status', 'other'])[1 + floor(random() * 5)::int] end,
  case when k % 2 = 1 then (random() * 2 - 1)::real end,
  case when k % 2 = 0 then s.n * 8 + k - 1 end,
  case when k % 2 = 1 then '{}'::jsonb
       when s.handed_off and k >= 6 then jsonb_build_object('chatwoot', jsonb_build_object('sender_name',
         (array['Sam', 'Kim', 'Alex'])[1 + floor(random() * 3)::int]))
       else jsonb_build_object('kind', case when random() < 0.15 then 'clarify' else 'answer' end) end,
  s.started_at + k * interval '20 seconds'
from bench_sessions s cross join generate_series(0, 7) k;

select setval(pg_get_serial_sequence('public.messages', 'id'), (select max(id) from public.messages));
set session_replication_role = origin;
analyze public.chat_sessions;
analyze public.messages;
