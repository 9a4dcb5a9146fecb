-- Plan caps where the work happens: conversations counted in chat_start_session (over the cap the
-- conversation still opens, the line is kept and the store's offline message answers it), chatbots and
-- seats refused with a sentence naming the plan and the upgrade, notices at 80 % and 100 %.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(21);

reset role;
update public.plans set max_conversations_per_month = 5, max_seats = 2 where id = 'free';
update public.store_subscriptions set plan_id = 'free', status = 'none' where store_id in (tests.store_id('A'), tests.store_id('B'));
update public.stores set fallback_email = 'help@a.example', offline_message = 'We are away for now.'
where id = tests.store_id('A');

-- ---------------------------------------------------------------------------------------------
-- take_usage: exactly the cap, once per source
select is(private.take_usage(tests.store_id('A'), 'conversations', 's' || n), 'counted', 'conversation ' || n || ' counts')
from generate_series(1, 5) n;
select is(private.take_usage(tests.store_id('A'), 'conversations', 's6'), 'capped', 'the sixth is over the Free cap of 5');
select is(private.take_usage(tests.store_id('A'), 'conversations', 's1'), 'duplicate', 'a source counts once');
select is((select sum(quantity) from public.usage_ledger where store_id = tests.store_id('A') and meter = 'conversations'),
  5::bigint, 'the ledger holds exactly the cap');
select is((select string_agg(kind, ',' order by kind) from public.billing_notices where store_id = tests.store_id('A')),
  'usage_100,usage_80', 'owners were told at 80 % and at 100 %, once each');
select matches((select message from public.billing_notices where store_id = tests.store_id('A') and kind = 'usage_100'),
  'Free plan.*Upgrade on the Billing page', 'the 100 % notice names the plan and the upgrade');
select is(private.take_usage(tests.store_id('B'), 'conversations', 's1'), 'counted', 'store B counts on its own');

-- ---------------------------------------------------------------------------------------------
-- A shopper starting a conversation over the cap: never an error, the line kept, the offline message.
select ok((public.chat_start_session(tests.user_id('visitor'), null,
  jsonb_build_object('chatbot', (select public_id from public.chatbots where id = tests.row_id('chatbot', 'A'))), '{}')
  -> 'session' ->> 'over_cap')::boolean, 'the conversation opens, marked over the cap');
select is((public.chat_post_message(tests.user_id('visitor'),
  (select id from public.chat_sessions where over_cap_at is not null), gen_random_uuid(), 'Do you ship to Norway?', true, '{}')
  ->> 'answered')::boolean, false, 'the bot leaves it unanswered');
select is((select content from public.messages where session_id = (select id from public.chat_sessions where over_cap_at is not null)
  and sender = 'customer'), 'Do you ship to Norway?', 'the shopper''s line is kept');
select is((select content from public.messages where session_id = (select id from public.chat_sessions where over_cap_at is not null)
  and sender = 'system'), 'We are away for now. To reach us now, e-mail help@a.example.',
  'the store''s offline message and fallback contact answer it');
select lives_ok(format($$ select public.chat_post_message(%L, %L, gen_random_uuid(), 'Hello?', true, '{}') $$,
  tests.user_id('visitor'), (select id from public.chat_sessions where over_cap_at is not null)),
  'a second line is stored too');
select is((select count(*) from public.messages where session_id = (select id from public.chat_sessions where over_cap_at is not null)
  and sender = 'system'), 1::bigint, 'the offline message is said once');

-- ---------------------------------------------------------------------------------------------
-- Chatbots and seats beyond the plan (Free: 1 chatbot and, here, 2 seats; store A has 1 chatbot and 3 members)
select tests.as_user('owner');
select throws_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'Second bot') $$, 'PT402',
  'Your Free plan includes 1 chatbot. Upgrade to Starter on the Billing page to add more.',
  'a second chatbot on Free is refused with the plan and the upgrade');
select throws_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), 'new@example.com', 'agent') $$,
  'PT402', 'Your Free plan includes 2 seats (members and pending invitations). Upgrade to Starter on the Billing page to add more.',
  'an invitation beyond the seats is refused');
reset role;
update public.store_subscriptions set plan_id = 'pro', status = 'active' where store_id = tests.store_id('A');
select tests.as_user('owner');
select lives_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'Second bot') $$,
  'on Pro the second chatbot is created');
select tests.as_user('agent');
select throws_ok($$ insert into public.chatbots (store_id, name) values (tests.store_id('A'), 'Agent bot') $$, '42501', null,
  'someone RLS refuses learns nothing about the plan');

select * from finish();
rollback;
