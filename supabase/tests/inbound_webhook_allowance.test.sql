-- take_webhook_allowance (the inbound webhooks' rate limits): only the service role may count; a key gets
-- p_max requests in its window, then the seconds to wait; keys count apart; null means no limit.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(7);

select tests.as_anon();
select throws_ok($$ select public.take_webhook_allowance('webhook:test:a', 2, 60) $$, '42501', null,
  'anon may not count webhook deliveries');
select tests.as_user('admin');
select throws_ok($$ select public.take_webhook_allowance('webhook:test:a', 2, 60) $$, '42501', null,
  'a signed-in member may not count webhook deliveries');

select tests.as_service();
select is(public.take_webhook_allowance('webhook:test:a', 2, 60), 0, 'the first delivery is allowed');
select is(public.take_webhook_allowance('webhook:test:a', 2, 60), 0, 'the second delivery is allowed');
select ok(public.take_webhook_allowance('webhook:test:a', 2, 60) between 1 and 60,
  'the third waits for the rest of the window (seconds)');
select is(public.take_webhook_allowance('webhook:test:b', 2, 60), 0, 'another key counts apart');
select is(public.take_webhook_allowance('webhook:test:c', null, 60), 0, 'no limit when none is set');

select * from finish();
rollback;
