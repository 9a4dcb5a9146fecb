-- Applying a Stripe event the stripe-webhook function has verified and stored (public.stripe_events), in
-- one transaction that also marks it processed: a replay finds it processed and changes nothing, a failure
-- leaves it unprocessed for Stripe's retry. Events arrive in any order, so:
--   - a subscription's state carries the `created` time of the event that brought it (stripe_state_at),
--     and an older event about the same subscription never overwrites it;
--   - `customer.subscription.created` never overwrites a subscription already known;
--   - a canceled subscription stays canceled (its id is never reused), and the deletion of a subscription
--     that is not the store's current one changes nothing.
-- Period dates come from the subscription items (the API version Parley pins has none on the subscription).

-- The store an event's object belongs to: our metadata (store_id) or the store's Stripe customer.
create or replace function private.stripe_store(p_metadata jsonb, p_customer text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select s.id from public.stores s
     where p_metadata ->> 'store_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       and s.id = (p_metadata ->> 'store_id')::uuid),
    (select ss.store_id from public.store_subscriptions ss where ss.stripe_customer_id = p_customer));
$$;

create or replace function private.apply_stripe_subscription(p_type text, p_sub jsonb, p_at timestamptz)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_store uuid := private.stripe_store(p_sub -> 'metadata', p_sub ->> 'customer');
  v_row public.store_subscriptions;
  v_item jsonb;
  v_plan text;
  v_status public.billing_status;
begin
  if v_store is null then
    return 'ignored: no store for this subscription';
  end if;
  select s.* into v_row from public.store_subscriptions s where s.store_id = v_store for update;
  if v_row.stripe_subscription_id = p_sub ->> 'id' then
    if v_row.status = 'canceled' then
      return 'ignored: the subscription has ended';
    elsif p_type = 'customer.subscription.created' then
      return 'ignored: the subscription is already known';
    elsif p_type = 'customer.subscription.updated' and v_row.stripe_state_at > p_at then
      return 'ignored: older than the state we hold';
    end if;
  elsif v_row.stripe_subscription_id is not null then
    if p_type = 'customer.subscription.deleted' then
      return 'ignored: not the store''s current subscription';
    elsif v_row.status in ('active', 'trialing', 'past_due') and v_row.stripe_state_at > p_at then
      return 'ignored: older than the current subscription';
    end if;
  end if;

  -- the licensed item decides the plan (a metered overage item rides along)
  select i into v_item from jsonb_array_elements(p_sub -> 'items' -> 'data') i
  order by (i -> 'price' -> 'recurring' ->> 'usage_type' = 'metered') limit 1;
  v_status := case when p_type = 'customer.subscription.deleted' then 'canceled'
                   else (p_sub ->> 'status')::public.billing_status end;
  select p.id into v_plan from public.plans p where p.price_lookup_key = v_item -> 'price' ->> 'lookup_key';
  if v_plan is null and v_status in ('active', 'trialing', 'past_due') then
    return format('failed: no plan has the price lookup key %s', coalesce(v_item -> 'price' ->> 'lookup_key', '(none)'));
  end if;

  update public.store_subscriptions s set
    plan_id = case when v_status in ('active', 'trialing', 'past_due') then v_plan else 'free' end,
    status = v_status,
    stripe_customer_id = p_sub ->> 'customer',
    stripe_subscription_id = p_sub ->> 'id',
    current_period_start = to_timestamp((v_item ->> 'current_period_start')::bigint),
    current_period_end = to_timestamp((v_item ->> 'current_period_end')::bigint),
    cancel_at_period_end = coalesce((p_sub ->> 'cancel_at_period_end')::boolean, false),
    stripe_state_at = p_at,
    updated_at = now()
  where s.store_id = v_store;
  return format('applied: %s, %s', v_status, case when v_status in ('active', 'trialing', 'past_due') then v_plan else 'free' end);
end;
$$;

create or replace function private.apply_stripe_invoice(p_type text, p_invoice jsonb, p_at timestamptz)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_store uuid := private.stripe_store(
    p_invoice -> 'parent' -> 'subscription_details' -> 'metadata', p_invoice ->> 'customer');
begin
  if v_store is null then
    return 'ignored: no store for this invoice';
  end if;
  insert into public.billing_invoices as b (id, store_id, number, status, amount_due, amount_paid, currency,
    hosted_invoice_url, period_start, period_end, created_at, stripe_state_at)
  values (p_invoice ->> 'id', v_store, p_invoice ->> 'number', p_invoice ->> 'status',
    (p_invoice ->> 'amount_due')::int, (p_invoice ->> 'amount_paid')::int, p_invoice ->> 'currency',
    p_invoice ->> 'hosted_invoice_url', to_timestamp((p_invoice ->> 'period_start')::bigint),
    to_timestamp((p_invoice ->> 'period_end')::bigint), to_timestamp((p_invoice ->> 'created')::bigint), p_at)
  on conflict (id) do update set status = excluded.status, amount_paid = excluded.amount_paid,
    number = excluded.number, hosted_invoice_url = excluded.hosted_invoice_url, stripe_state_at = excluded.stripe_state_at
  where b.stripe_state_at <= excluded.stripe_state_at and b.status <> 'paid';
  if p_type = 'invoice.payment_failed' then
    perform private.billing_notice(v_store, 'payment_failed', null,
      format('Stripe could not take the payment of %s %s for invoice %s. Update your card under Manage billing; Stripe will try again.',
        to_char((p_invoice ->> 'amount_due')::numeric / 100, 'FM999999990.00'), upper(p_invoice ->> 'currency'),
        coalesce(p_invoice ->> 'number', p_invoice ->> 'id')),
      format('payment_failed:%s:%s', p_invoice ->> 'id', coalesce(p_invoice ->> 'attempt_count', '0')));
  end if;
  return format('applied: invoice %s', p_invoice ->> 'status');
end;
$$;

-- The stripe-webhook function's one call after storing an event. Returns the outcome it recorded.
create or replace function public.stripe_apply_event(p_event_id text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event public.stripe_events;
  v_object jsonb;
  v_store uuid;
  v_outcome text;
begin
  select e.* into v_event from public.stripe_events e where e.id = p_event_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = format('no stored event %s', p_event_id);
  end if;
  if v_event.processed_at is not null then
    return 'duplicate';
  end if;
  v_object := v_event.payload -> 'data' -> 'object';
  case
    when v_event.type = 'checkout.session.completed' then
      if v_object ->> 'mode' <> 'subscription' then
        v_outcome := 'ignored: not a subscription checkout';
      else
        v_store := private.stripe_store(
          jsonb_build_object('store_id', v_object ->> 'client_reference_id'), v_object ->> 'customer');
        if v_store is null then
          v_outcome := 'ignored: no store for this checkout';
        else
          -- the store's customer from now on (a store keeps the first one it got)
          update public.store_subscriptions s set stripe_customer_id = v_object ->> 'customer', updated_at = now()
          where s.store_id = v_store and s.stripe_customer_id is null;
          v_outcome := 'applied: customer linked';
        end if;
      end if;
    when v_event.type in ('customer.subscription.created', 'customer.subscription.updated',
                          'customer.subscription.deleted') then
      v_store := private.stripe_store(v_object -> 'metadata', v_object ->> 'customer');
      v_outcome := private.apply_stripe_subscription(v_event.type, v_object, v_event.created_at);
    when v_event.type in ('invoice.paid', 'invoice.payment_failed') then
      v_store := private.stripe_store(
        v_object -> 'parent' -> 'subscription_details' -> 'metadata', v_object ->> 'customer');
      v_outcome := private.apply_stripe_invoice(v_event.type, v_object, v_event.created_at);
    else
      v_outcome := 'ignored: not a type Parley handles';
  end case;
  if v_outcome like 'failed:%' then
    raise exception using errcode = 'P0001', message = v_outcome;
  end if;
  update public.stripe_events e set processed_at = now(), outcome = v_outcome, store_id = v_store
  where e.id = p_event_id;
  return v_outcome;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- What the billing page shows, in one call: for owners and admins of the store.
create or replace function public.billing_overview(p_store uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.member_role;
  v_period tstzrange;
  v_sub public.store_subscriptions;
begin
  select m.role into v_role from public.memberships m
  where m.store_id = p_store and m.user_id = (select auth.uid()) and m.role in ('owner', 'admin');
  if not found then
    raise exception using errcode = 'P0002', message = format('no store %s among yours', p_store);
  end if;
  v_period := private.billing_period(p_store);
  select s.* into v_sub from public.store_subscriptions s where s.store_id = p_store;
  return jsonb_build_object(
    'role', v_role,
    'plan_id', coalesce(v_sub.plan_id, 'free'),
    'status', coalesce(v_sub.status, 'none'),
    'has_customer', v_sub.stripe_customer_id is not null,
    'cancel_at_period_end', coalesce(v_sub.cancel_at_period_end, false),
    'period_start', lower(v_period),
    'period_end', upper(v_period),
    'usage', jsonb_build_object(
      'conversations', (select coalesce(sum(u.quantity), 0) from public.usage_ledger u
        where u.store_id = p_store and u.meter = 'conversations' and u.occurred_at <@ v_period),
      'ai_answers', (select coalesce(sum(u.quantity), 0) from public.usage_ledger u
        where u.store_id = p_store and u.meter = 'ai_answers' and u.occurred_at <@ v_period),
      'chatbots', (select count(*) from public.chatbots c where c.store_id = p_store),
      'seats', (select count(*) from public.memberships m where m.store_id = p_store)
        + (select count(*) from public.invitations i
           where i.store_id = p_store and i.status = 'pending' and i.expires_at > now())),
    'plans', (select jsonb_agg(to_jsonb(p) order by p.position) from public.plans p where p.active),
    'invoices', (select coalesce(jsonb_agg(to_jsonb(b) order by b.created_at desc), '[]') from (
      select b.id, b.number, b.status, b.amount_due, b.amount_paid, b.currency, b.hosted_invoice_url,
        b.created_at from public.billing_invoices b where b.store_id = p_store
      order by b.created_at desc limit 10) b),
    'notices', (select coalesce(jsonb_agg(to_jsonb(n) order by n.created_at desc), '[]') from (
      select n.id, n.kind, n.meter, n.message, n.created_at from public.billing_notices n
      where n.store_id = p_store order by n.created_at desc limit 10) n));
end;
$$;

revoke execute on function private.stripe_store(jsonb, text), private.apply_stripe_subscription(text, jsonb, timestamptz),
  private.apply_stripe_invoice(text, jsonb, timestamptz) from public;
revoke execute on function public.stripe_apply_event(text) from public, anon, authenticated;
grant execute on function public.stripe_apply_event(text) to service_role;
revoke execute on function public.billing_overview(uuid) from public, anon;
grant execute on function public.billing_overview(uuid) to authenticated;
