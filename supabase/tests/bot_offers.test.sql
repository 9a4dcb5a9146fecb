-- The bot's offers (chatbots.bot_offers_booking, chatbots.bot_payables) and payment link expiry: owners and
-- admins set the offers, agents and outsiders cannot; only the service role (the chat function, the
-- dispatcher) reads the offers, asks for a payment as the bot and expires a request, which settles once.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(26);

insert into public.integrations (store_id, provider, status, config) values
  (tests.store_id('A'), 'stripe', 'connected', '{}'),
  (tests.store_id('A'), 'calcom', 'connected', '{"booking_url": "https://cal.example/a/call", "event_type_title": "Call"}')
on conflict (store_id, provider) do update set status = excluded.status, config = excluded.config;

-- the columns: who may set them, and what they hold
select tests.as_user('agent');
select is(tests.affected($$ update public.chatbots set bot_offers_booking = true $$), 0::bigint,
  'an agent cannot switch on the booking offer');
select tests.as_user('outsider');
select is(tests.affected($$ update public.chatbots set bot_payables = '[{"name": "x"}]' $$), 0::bigint,
  'an outsider cannot set payable items');
select tests.as_anon();
select throws_ok($$ update public.chatbots set bot_offers_booking = true $$, '42501', null,
  'anon cannot change the offers');
select tests.as_user('admin');
select is(tests.affected($$ update public.chatbots set bot_offers_booking = true,
  bot_payables = '[{"name": "Deposit", "amount": 5000, "currency": "eur", "description": "Deposit", "expires_in_minutes": 60},
                   {"name": "Broken", "amount": 1, "currency": "eur", "description": "under Stripe''s minimum"}]' $$),
  1::bigint, 'an admin sets the offers of their own store''s chatbot only');
select throws_ok($$ update public.chatbots set bot_payables = '{"name": "Deposit"}' $$, '23514', null,
  'the payable items are a list');
select throws_ok($$ update public.chatbots set bot_payables = (select jsonb_agg(i) from generate_series(1, 11) i) $$,
  '23514', null, 'at most 10 payable items');
select tests.as_user('owner');
select is((select bot_offers_booking from public.chatbots where id = tests.row_id('chatbot', 'A')), true,
  'the owner reads the offers');

-- the functions: service role only
select tests.as_user('visitor');
select throws_ok($$ select public.chat_bot_offers(tests.row_id('session', 'A')) $$, '42501', null,
  'a visitor cannot read the offers directly');
select throws_ok($$ select public.chat_bot_request_payment(tests.row_id('session', 'A'), 1, 0) $$, '42501', null,
  'a visitor cannot ask for a payment as the bot');
select tests.as_user('admin');
select throws_ok($$ select public.expire_payment_request(tests.store_id('A'), gen_random_uuid()) $$, '42501', null,
  'a member cannot expire a request');
select tests.as_anon();
select throws_ok($$ select public.chat_bot_offers(tests.row_id('session', 'A')) $$, '42501', null,
  'anon cannot read the offers');

select tests.as_service();
select is(public.chat_bot_offers(tests.row_id('session', 'A')) -> 'booking',
  '{"page": "https://cal.example/a/call", "title": "Call", "name": "Buyer A", "email": "buyer@example.com"}'::jsonb,
  'the booking page with the contact''s name and e-mail');
select is(public.chat_bot_offers(tests.row_id('session', 'A')) -> 'payables',
  '[{"name": "Deposit", "amount": 5000, "currency": "eur", "description": "Deposit", "expires_in_minutes": 60}]'::jsonb,
  'only the items Stripe would take are offered');
select is(public.chat_bot_offers(tests.row_id('session', 'B')),
  '{"booking": null, "payables": []}'::jsonb, 'a store without the apps or the offers gets nothing');

select is(public.chat_bot_request_payment(tests.row_id('session', 'A'), 7, 0) -> 'reused', 'false'::jsonb,
  'the bot asks for the deposit');
select is(public.chat_bot_request_payment(tests.row_id('session', 'A'), 8, 0) ->> 'id',
  (select id::text from public.payment_requests where source_ref = 'bot:7'),
  'asking again while it is open returns the same request');
select is((select count(*) from public.payment_requests where store_id = tests.store_id('A') and origin = 'bot'),
  1::bigint, 'one request');
select is(public.chat_bot_request_payment(tests.row_id('session', 'A'), 9, 1), null,
  'an item Stripe would refuse is never asked for');
select is(public.chat_bot_request_payment(tests.row_id('session', 'A'), 9, 5), null,
  'no item (the admin removed it meanwhile), no request and no error');

-- expiry
select is((select next_attempt_at - r.expires_at from public.outbox o join public.payment_requests r
    on r.id = (o.payload ->> 'payment_request_id')::uuid where o.topic = 'stripe.expire_payment_request'),
  interval '2 minutes', 'each request has its expiry job, due just after its link expires');
select matches(public.expire_payment_request(tests.store_id('A'),
    (select id from public.payment_requests where source_ref = 'bot:7')), '^not yet: \d+$',
  'an open link before its expiry is left open');
update public.payment_requests set expires_at = now() - interval '1 second' where source_ref = 'bot:7';
select is(public.expire_payment_request(tests.store_id('B'),
    (select id from public.payment_requests where source_ref = 'bot:7')), 'ignored: no such request',
  'another store cannot expire it');
select is(public.expire_payment_request(tests.store_id('A'),
    (select id from public.payment_requests where source_ref = 'bot:7')), 'applied: expired',
  'an open link past its expiry expires');
select is(public.expire_payment_request(tests.store_id('A'),
    (select id from public.payment_requests where source_ref = 'bot:7')), 'ignored: already expired',
  'twice is once');
select is((select count(*) from public.automation_events where type = 'payment.expired'), 1::bigint,
  'payment.expired fired once');
select isnt(public.chat_bot_request_payment(tests.row_id('session', 'A'), 10, 0) ->> 'id',
  (select id::text from public.payment_requests where source_ref = 'bot:7'),
  'after it expired, asking again makes a new request');

select * from finish();
rollback;
