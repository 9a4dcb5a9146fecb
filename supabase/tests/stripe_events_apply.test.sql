-- Stripe events as the stripe-webhook function applies them (stored first, then stripe_apply_event):
-- an upgrade, a downgrade, a cancellation at the period's end and a failed payment each end in the right
-- plan; a replayed event changes nothing; an older event never overwrites a newer state.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(18);

-- An event as Stripe sends it: a subscription of store A on a price (by lookup key), created at p_at.
create function pg_temp.sub_event(p_id text, p_type text, p_at int, p_sub text, p_lookup text,
  p_status text default 'active', p_cancel boolean default false)
returns text language plpgsql as $$
begin
  insert into public.stripe_events (id, type, created_at, payload) values (p_id, p_type, to_timestamp(p_at),
    jsonb_build_object('id', p_id, 'object', 'event', 'type', p_type, 'created', p_at, 'data', jsonb_build_object(
      'object', jsonb_build_object('id', p_sub, 'object', 'subscription', 'customer', 'cus_a', 'status', p_status,
        'cancel_at_period_end', p_cancel, 'metadata', jsonb_build_object('store_id', tests.store_id('A')),
        'items', jsonb_build_object('object', 'list', 'data', jsonb_build_array(jsonb_build_object(
          'id', 'si_1', 'current_period_start', 1798761600, 'current_period_end', 1801440000,
          'price', jsonb_build_object('id', 'price_x', 'lookup_key', p_lookup,
            'recurring', jsonb_build_object('usage_type', 'licensed')))))))))
  on conflict do nothing;
  return public.stripe_apply_event(p_id);
end;
$$;
create function pg_temp.state() returns text language sql as $$
  select plan_id || '/' || status || case when cancel_at_period_end then '/cancels' else '' end
  from public.store_subscriptions where store_id = tests.store_id('A');
$$;

select tests.as_service();
select is(pg_temp.sub_event('evt_1', 'customer.subscription.created', 1000, 'sub_1', 'parley_starter_monthly'),
  'applied: active, starter', 'a new subscription applies');
select is(pg_temp.state(), 'starter/active', 'the store is on Starter');
select is((select current_period_end from public.store_subscriptions where store_id = tests.store_id('A')),
  to_timestamp(1801440000), 'the period comes from the subscription item');

select is(pg_temp.sub_event('evt_2', 'customer.subscription.updated', 1010, 'sub_1', 'parley_pro_monthly'),
  'applied: active, pro', 'an upgrade applies');
select is(pg_temp.state(), 'pro/active', 'upgraded to Pro');
select is(public.stripe_apply_event('evt_1'), 'duplicate', 'a replayed event is not applied again');
select is(pg_temp.state(), 'pro/active', 'and changes nothing');

-- out of order: an update made before the one we hold, delivered late
select is(pg_temp.sub_event('evt_0', 'customer.subscription.updated', 1005, 'sub_1', 'parley_starter_monthly'),
  'ignored: older than the state we hold', 'an older event is stored but not applied');
select is(pg_temp.state(), 'pro/active', 'the newer state stays');
select is(pg_temp.sub_event('evt_c', 'customer.subscription.created', 1000, 'sub_1', 'parley_starter_monthly'),
  'ignored: the subscription is already known', 'a created event delivered after its updates changes nothing');

select is(pg_temp.sub_event('evt_3', 'customer.subscription.updated', 1020, 'sub_1', 'parley_starter_monthly'),
  'applied: active, starter', 'a downgrade applies');
select is(pg_temp.sub_event('evt_4', 'customer.subscription.updated', 1030, 'sub_1', 'parley_starter_monthly', 'active', true),
  'applied: active, starter', 'cancellation at the period''s end applies');
select is(pg_temp.state(), 'starter/active/cancels', 'Starter until the period ends');

select is(pg_temp.sub_event('evt_5', 'customer.subscription.updated', 1040, 'sub_1', 'parley_starter_monthly', 'past_due', true),
  'applied: past_due, starter', 'a failed payment makes it past due (Stripe retries; the plan stays)');
select is(pg_temp.sub_event('evt_6', 'customer.subscription.deleted', 1050, 'sub_1', 'parley_starter_monthly', 'canceled', true),
  'applied: canceled, free', 'the end of the subscription');
select is(pg_temp.state(), 'free/canceled/cancels', 'back on Free');
select is(pg_temp.sub_event('evt_7', 'customer.subscription.updated', 1060, 'sub_1', 'parley_pro_monthly'),
  'ignored: the subscription has ended', 'a late update of an ended subscription changes nothing');

-- a type Parley does not handle is stored and marked
insert into public.stripe_events (id, type, created_at, payload)
values ('evt_u', 'customer.discount.created', now(), '{"data": {"object": {}}}');
select is(public.stripe_apply_event('evt_u'), 'ignored: not a type Parley handles', 'unknown types are stored and acknowledged');

select * from finish();
rollback;
