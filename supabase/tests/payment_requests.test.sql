-- payment_requests and payment_events (payments in chat): members read their store's requests, the
-- visitor reads the requests of their own conversations, nobody writes them through the API (any member
-- asks through request_payment); only owners and admins see the store's Stripe events, and only the
-- service role stores and applies them. apply_payment_event changes a request once, whatever arrives twice.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(45);

-- Both stores have Stripe connected, and one request each (made as the service would).
insert into public.integrations (store_id, provider, status, credentials_encrypted) values
  (tests.store_id('A'), 'stripe', 'connected', 'enc:rk-a'),
  (tests.store_id('B'), 'stripe', 'connected', 'enc:rk-b');
select public.create_payment_request(tests.store_id('A'), tests.row_id('session', 'A'), 4250, 'EUR', 'Order A',
  60, 'bot', 'turn:a');
select public.create_payment_request(tests.store_id('B'), tests.row_id('session', 'B'), 990, 'usd', 'Order B',
  60, 'automation');
update public.payment_requests set checkout_session_id = 'cs_test_' || lower(tests.store_label(store_id));
insert into public.payment_events (store_id, id, type, created_at, payload) values
  (tests.store_id('A'), 'evt_a1', 'checkout.session.completed', now(),
   '{"data": {"object": {"id": "cs_test_a", "mode": "payment", "payment_status": "paid"}}}'),
  (tests.store_id('A'), 'evt_a2', 'checkout.session.expired', now(),
   '{"data": {"object": {"id": "cs_test_a", "mode": "payment", "payment_status": "unpaid"}}}'),
  -- B's session id arriving on A's endpoint finds nothing of B
  (tests.store_id('A'), 'evt_a3', 'checkout.session.completed', now(),
   '{"data": {"object": {"id": "cs_test_b", "mode": "payment", "payment_status": "paid"}}}'),
  (tests.store_id('B'), 'evt_b1', 'checkout.session.expired', now(),
   '{"data": {"object": {"id": "cs_test_b", "mode": "payment", "payment_status": "unpaid"}}}');

-- the service: creating, applying once, ordering
select is(public.create_payment_request(tests.store_id('A'), tests.row_id('session', 'A'), 1, 'eur', 'again',
  60, 'bot', 'turn:a'), (select id from public.payment_requests where source_ref = 'turn:a'),
  'the same idempotency key returns the first request');
select results_eq($$ select content, sender::text from public.messages
  where metadata ? 'payment_request_id' and store_id = tests.store_id('A') $$,
  $$ values ('Payment request: EUR 42.50 for Order A', 'bot') $$, 'the request is a bot message in the conversation');
select is((select count(*) from public.outbox where topic = 'stripe.open_checkout'), 2::bigint,
  'each request enqueues its Checkout job');
select is(public.apply_payment_event(tests.store_id('A'), 'evt_a1'), 'applied: paid', 'completed and paid: paid');
select is(public.apply_payment_event(tests.store_id('A'), 'evt_a1'), 'duplicate: applied: paid', 'a replay is a duplicate');
select is(public.apply_payment_event(tests.store_id('A'), 'evt_a2'), 'ignored: already paid', 'a paid request never expires');
select is(public.apply_payment_event(tests.store_id('A'), 'evt_a3'), 'ignored: no payment request for this session',
  'another store''s session is not found through this store''s endpoint');
select is((select status::text from public.payment_requests where store_id = tests.store_id('B')), 'open',
  'B''s request is untouched');
select is((select count(*) from public.automation_events where type = 'payment.succeeded'), 1::bigint,
  'payment.succeeded fired once');
select is((select count(*) from public.outbox where topic = 'stripe.payment_note'), 1::bigint,
  'one note for the agents');
select is((select count(*) from public.messages where content like 'Payment received:%'), 1::bigint,
  'one line in the transcript');
select throws_ok($$ select public.create_payment_request(tests.store_id('A'), tests.row_id('session', 'A'), 100,
  'eur', 'x', 5, 'bot') $$, '22023', null, 'an expiry under 30 minutes is refused');
select is(public.fail_payment_request(tests.store_id('B'), (select id from public.payment_requests
  where store_id = tests.store_id('B')), 'nope'), 'ignored: the checkout is open', 'an opened checkout is not failed by the job');

-- anon
select tests.as_anon();
select throws_ok($$ select id from public.payment_requests $$, '42501', null, 'anon cannot select payment requests');
select throws_ok($$ insert into public.payment_requests (store_id, session_id, amount, currency, description, expires_at, origin)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 1, 'eur', 'x', now(), 'bot') $$, '42501', null,
  'anon cannot insert payment requests');
select throws_ok($$ update public.payment_requests set status = 'paid' $$, '42501', null, 'anon cannot update payment requests');
select throws_ok($$ delete from public.payment_requests $$, '42501', null, 'anon cannot delete payment requests');
select throws_ok($$ select public.request_payment(tests.row_id('session', 'A'), 100, 'eur', 'x') $$, '42501', null,
  'anon cannot ask for a payment');
select throws_ok($$ select id from public.payment_events $$, '42501', null, 'anon cannot select payment events');

-- visitor of A's session
select tests.as_user('visitor');
select is(tests.seen('public.payment_requests'), 'A', 'the visitor sees the request of their conversation');
select throws_ok($$ update public.payment_requests set status = 'paid' $$, '42501', null, 'the visitor cannot mark it paid');
select throws_ok($$ delete from public.payment_requests $$, '42501', null, 'the visitor cannot delete it');
select throws_ok($$ select public.request_payment(tests.row_id('session', 'A'), 100, 'eur', 'x') $$, 'P0002', null,
  'the visitor cannot ask for payments');
select is(tests.count('public.payment_events'), 0::bigint, 'the visitor sees no Stripe events');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.payment_requests'), 0::bigint, 'outsider sees no payment request');
select throws_ok($$ select public.request_payment(tests.row_id('session', 'A'), 100, 'eur', 'x') $$, 'P0002', null,
  'outsider cannot ask for a payment in A');
select throws_ok($$ insert into public.payment_requests (store_id, session_id, amount, currency, description, expires_at, origin)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 1, 'eur', 'x', now(), 'bot') $$, '42501', null,
  'outsider cannot insert payment requests');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.payment_requests'), 'A', 'agent sees store A requests only');
select isnt(public.request_payment(tests.row_id('session', 'A'), 1500, 'eur', 'Repair'), null,
  'agent asks for a payment in A');
select throws_ok($$ select public.request_payment(tests.row_id('session', 'B'), 100, 'eur', 'x') $$, 'P0002', null,
  'agent of A cannot ask for a payment in B');
select throws_ok($$ update public.payment_requests set status = 'paid' $$, '42501', null, 'agent cannot mark a request paid');
select throws_ok($$ delete from public.payment_requests $$, '42501', null, 'agent cannot delete requests');
select is(tests.count('public.payment_events'), 0::bigint, 'agent sees no Stripe events');
select throws_ok($$ select public.apply_payment_event(tests.store_id('A'), 'evt_a1') $$, '42501', null,
  'agent cannot apply events');
select throws_ok($$ select public.create_payment_request(tests.store_id('A'), tests.row_id('session', 'A'), 1, 'eur',
  'x', 60, 'bot') $$, '42501', null, 'agent cannot call the service''s create');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.payment_events'), 'A', 'admin sees store A Stripe events');
select throws_ok($$ select payload from public.payment_events $$, '42501', null, 'admin cannot read event payloads');
select throws_ok($$ insert into public.payment_events (store_id, id, type, created_at, payload)
  values (tests.store_id('A'), 'evt_x', 'x', now(), '{}') $$, '42501', null, 'admin cannot store events');
select throws_ok($$ select webhook_secret_encrypted from public.integrations $$, '42501', null,
  'admin cannot read the webhook secret');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.payment_requests'), 'B', 'owner of B sees store B requests only');
select is(tests.seen('public.payment_events'), 'B', 'owner of B sees store B events only');
select throws_ok($$ select public.request_payment(tests.row_id('session', 'A'), 100, 'eur', 'x') $$, 'P0002', null,
  'owner of B cannot ask for a payment in A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.payment_requests'), 'A', 'owner sees store A requests');
select throws_ok($$ update public.payment_events set outcome = 'x' $$, '42501', null, 'owner cannot change events');
select throws_ok($$ select public.fail_payment_request(tests.store_id('A'), gen_random_uuid(), 'x') $$, '42501', null,
  'owner cannot fail requests');

select * from finish();
rollback;
