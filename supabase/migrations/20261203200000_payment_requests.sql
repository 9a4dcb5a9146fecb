-- Payments in chat (supabase/functions/_shared/apps/stripe): a store with its own Stripe account
-- connected asks a shopper to pay (the bot, an automation or an agent). A payment request is a row here
-- and a chat message that carries it (metadata.payment_request_id), which the widget shows as a card with
-- a Pay button. The job stripe.open_checkout makes the Checkout Session on the store's account; the
-- store's signed webhook (function stripe-payments) stores each event in payment_events before
-- apply_payment_event applies it: the status, a line in the transcript, a private note in Chatwoot and the
-- automation triggers payment.succeeded / payment.failed / payment.expired.

create type public.payment_request_status as enum ('open', 'paid', 'expired', 'failed');
create type public.payment_request_origin as enum ('bot', 'automation', 'agent');

-- The store's webhook endpoint secret on its own Stripe account (made by stripe.register_webhook).
alter table public.integrations add column webhook_secret_encrypted text;
comment on column public.integrations.webhook_secret_encrypted is
  'secret: signs a connected app''s webhook deliveries to Parley, e.g. the store''s Stripe endpoint (encrypted)';

create table public.payment_requests (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  session_id uuid not null,
  amount bigint not null check (amount between 1 and 99999999),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  description text not null check (char_length(description) between 1 and 300),
  -- Stripe accepts 30 minutes to 24 hours after the session is made
  expires_at timestamptz not null,
  status public.payment_request_status not null default 'open',
  origin public.payment_request_origin not null,
  requested_by uuid references auth.users (id) on delete set null,
  -- the automation step or bot turn that asked: one request each, however often it is retried
  source_ref text check (char_length(source_ref) <= 200),
  checkout_session_id text check (checkout_session_id ~ '^cs_[A-Za-z0-9_]{1,200}$'),
  checkout_url text check (checkout_url ~ '^https?://' and char_length(checkout_url) <= 2000),
  failure_reason text check (char_length(failure_reason) <= 1000),
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (session_id, store_id) references public.chat_sessions (id, store_id) on delete cascade,
  unique (store_id, checkout_session_id),
  unique (store_id, source_ref)
);
create index payment_requests_session_id_idx on public.payment_requests (session_id, store_id);
create index payment_requests_requested_by_idx on public.payment_requests (requested_by);

create trigger payment_requests_set_updated_at before update on public.payment_requests
  for each row execute function private.set_updated_at();

-- Members read their store's requests; visitors read the ones of their own conversations (the card).
-- Nobody writes them through the API: request_payment and the jobs do.
alter table public.payment_requests enable row level security;
revoke all on public.payment_requests from anon, authenticated, service_role;
grant all on public.payment_requests to service_role;
grant select on public.payment_requests to authenticated;
create policy "payment_requests: members select" on public.payment_requests
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "payment_requests: visitor selects own" on public.payment_requests
  for select to authenticated using (session_id in (select private.my_visitor_session_ids()));

-- The store's Stripe events, stored under their id before they are applied (a replay finds its row).
create table public.payment_events (
  store_id uuid not null references public.stores (id) on delete cascade,
  id text not null check (id ~ '^evt_[A-Za-z0-9_]{1,200}$'),
  type text not null check (char_length(type) <= 100),
  created_at timestamptz not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text check (char_length(outcome) <= 300),
  primary key (store_id, id)
);

alter table public.payment_events enable row level security;
revoke all on public.payment_events from anon, authenticated, service_role;
grant all on public.payment_events to service_role;
grant select (store_id, id, type, created_at, received_at, processed_at, outcome)
  on public.payment_events to authenticated;
create policy "payment_events: admins select" on public.payment_events
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

do $$
begin
  if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    alter publication supabase_realtime add table public.payment_requests;
  end if;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- How a request reads to people: "€42.50 for Order 1042".
create or replace function private.payment_request_label(p_amount bigint, p_currency text, p_description text)
returns text
language sql
immutable
set search_path = ''
as $$
  select upper(p_currency) || ' ' || to_char(p_amount / 100.0, 'FM999999990.00') || ' for ' || p_description;
$$;

-- A new request: the row, the message that shows it in the conversation, and the job that opens its
-- Checkout Session. The same idempotency key returns the first request.
create or replace function private.create_payment_request(
  p_store_id uuid, p_session_id uuid, p_amount bigint, p_currency text, p_description text,
  p_expires_in_minutes int, p_origin public.payment_request_origin, p_requested_by uuid default null,
  p_idempotency_key text default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_sender public.message_sender := case when p_origin = 'agent' then 'agent' else 'bot' end;
begin
  if p_idempotency_key is not null then
    select id into v_id from public.payment_requests
     where store_id = p_store_id and source_ref = p_idempotency_key;
    if v_id is not null then return v_id; end if;
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_session_id and store_id = p_store_id) then
    raise exception 'no such conversation' using errcode = 'P0002';
  end if;
  if not exists (select 1 from public.integrations
                  where store_id = p_store_id and provider = 'stripe' and status = 'connected') then
    raise exception 'Connect Stripe on the Integrations page to take payments' using errcode = 'P0001';
  end if;
  if p_expires_in_minutes not between 30 and 1440 then
    raise exception 'A payment link expires 30 minutes to 24 hours after it is made' using errcode = '22023';
  end if;
  insert into public.payment_requests
    (store_id, session_id, amount, currency, description, expires_at, origin, requested_by, source_ref)
  values (p_store_id, p_session_id, p_amount, lower(p_currency), btrim(p_description),
    now() + make_interval(mins => p_expires_in_minutes), p_origin, p_requested_by, p_idempotency_key)
  returning id into v_id;
  insert into public.messages (store_id, session_id, sender, author_id, content, metadata)
  values (p_store_id, p_session_id, v_sender, case when p_origin = 'agent' then p_requested_by end,
    'Payment request: ' || private.payment_request_label(p_amount, lower(p_currency), btrim(p_description)),
    jsonb_build_object('payment_request_id', v_id)
      || case when p_origin = 'automation' then '{"automation": true}'::jsonb else '{}'::jsonb end);
  perform private.enqueue(p_store_id, 'stripe.open_checkout',
    jsonb_build_object('store_id', p_store_id, 'payment_request_id', v_id));
  return v_id;
end;
$$;

-- An agent (any member of the store) asks for a payment from the conversation screen.
create or replace function public.request_payment(
  p_session_id uuid, p_amount bigint, p_currency text, p_description text, p_expires_in_minutes int default 1440
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_store uuid;
begin
  select s.store_id into v_store from public.chat_sessions s
   where s.id = p_session_id and s.store_id in (select private.my_store_ids());
  if v_store is null then
    raise exception 'no such conversation' using errcode = 'P0002';
  end if;
  return private.create_payment_request(v_store, p_session_id, p_amount, p_currency, p_description,
    p_expires_in_minutes, 'agent', (select auth.uid()));
end;
$$;

-- The automation node's job and the bot ask through here (service role).
create or replace function public.create_payment_request(
  p_store_id uuid, p_session_id uuid, p_amount bigint, p_currency text, p_description text,
  p_expires_in_minutes int, p_origin public.payment_request_origin, p_idempotency_key text default null
)
returns uuid
language sql
security definer
set search_path = ''
as $$
  select private.create_payment_request(p_store_id, p_session_id, p_amount, p_currency, p_description,
    p_expires_in_minutes, p_origin, null, p_idempotency_key);
$$;

-- ---------------------------------------------------------------------------------------------
-- A status reached: the request, a line in the transcript, a note for the agents in Chatwoot, and the
-- automation trigger. Paid is final; expired and failed give way to paid (a late delayed payment, a
-- second try after a failure).
create or replace function private.settle_payment_request(
  p_request public.payment_requests, p_status public.payment_request_status, p_reason text, p_at timestamptz
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_label text := private.payment_request_label(p_request.amount, p_request.currency, p_request.description);
  v_line text;
  v_contact uuid;
begin
  if p_request.status = p_status then return 'ignored: already ' || p_status; end if;
  if p_request.status = 'paid' or (p_request.status = 'expired' and p_status <> 'paid') then
    return 'ignored: already ' || p_request.status;
  end if;
  update public.payment_requests
     set status = p_status,
         paid_at = case when p_status = 'paid' then p_at else paid_at end,
         failure_reason = case when p_status = 'failed' then left(p_reason, 1000) else failure_reason end
   where id = p_request.id;
  v_line := case p_status
    when 'paid' then 'Payment received: '
    when 'failed' then 'Payment failed: '
    else 'Payment link expired: ' end || v_label;
  insert into public.messages (store_id, session_id, sender, content, metadata)
  values (p_request.store_id, p_request.session_id, 'system', v_line,
    jsonb_build_object('payment_request_id', p_request.id, 'payment_status', p_status, 'automation', true));
  select contact_id into v_contact from public.chat_sessions where id = p_request.session_id;
  perform private.enqueue(p_request.store_id, 'stripe.payment_note',
    jsonb_build_object('store_id', p_request.store_id, 'session_id', p_request.session_id,
      'contact_id', v_contact, 'payment_request_id', p_request.id, 'status', p_status, 'note', v_line));
  perform private.emit_automation_event(p_request.store_id,
    case p_status when 'paid' then 'payment.succeeded' when 'failed' then 'payment.failed' else 'payment.expired' end,
    p_request.session_id, v_contact,
    jsonb_build_object('payment_request_id', p_request.id, 'amount', p_request.amount,
      'currency', p_request.currency, 'description', p_request.description),
    'payment:' || p_request.id || ':' || p_status);
  return 'applied: ' || p_status;
end;
$$;

-- Applies one stored event of the store's account, once (the row is locked and marked processed in the
-- same transaction). The request is found by its Checkout Session within this store only.
create or replace function public.apply_payment_event(p_store_id uuid, p_event_id text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event public.payment_events;
  v_object jsonb;
  v_request public.payment_requests;
  v_outcome text;
begin
  select * into v_event from public.payment_events
   where store_id = p_store_id and id = p_event_id for update;
  if not found then raise exception 'no such event %', p_event_id using errcode = 'P0002'; end if;
  if v_event.processed_at is not null then return 'duplicate: ' || coalesce(v_event.outcome, ''); end if;
  v_object := v_event.payload -> 'data' -> 'object';
  if v_event.type not like 'checkout.session.%' or v_object ->> 'mode' is distinct from 'payment' then
    v_outcome := 'ignored: not a payment checkout';
  else
    select * into v_request from public.payment_requests
     where store_id = p_store_id and checkout_session_id = v_object ->> 'id' for update;
    if not found then
      v_outcome := 'ignored: no payment request for this session';
    else
      v_outcome := case
        when v_event.type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded')
             and v_object ->> 'payment_status' = 'paid'
          then private.settle_payment_request(v_request, 'paid', null, v_event.created_at)
        when v_event.type = 'checkout.session.async_payment_failed'
          then private.settle_payment_request(v_request, 'failed', 'The payment did not go through', v_event.created_at)
        when v_event.type = 'checkout.session.expired'
          then private.settle_payment_request(v_request, 'expired', null, v_event.created_at)
        else 'ignored: ' || v_event.type || ' (' || coalesce(v_object ->> 'payment_status', '?') || ')'
      end;
    end if;
  end if;
  update public.payment_events set processed_at = now(), outcome = left(v_outcome, 300)
   where store_id = p_store_id and id = p_event_id;
  return v_outcome;
end;
$$;

-- The job could not open the Checkout Session (Stripe refused it, the key is gone): the card says so.
create or replace function public.fail_payment_request(p_store_id uuid, p_request_id uuid, p_reason text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_request public.payment_requests;
begin
  select * into v_request from public.payment_requests
   where store_id = p_store_id and id = p_request_id for update;
  if not found then return 'ignored: no such request'; end if;
  if v_request.checkout_session_id is not null then return 'ignored: the checkout is open'; end if;
  return private.settle_payment_request(v_request, 'failed', p_reason, now());
end;
$$;

revoke execute on function private.create_payment_request(uuid, uuid, bigint, text, text, int,
  public.payment_request_origin, uuid, text), private.settle_payment_request(public.payment_requests,
  public.payment_request_status, text, timestamptz), private.payment_request_label(bigint, text, text)
  from public, anon, authenticated;
revoke execute on function public.create_payment_request(uuid, uuid, bigint, text, text, int,
  public.payment_request_origin, text), public.apply_payment_event(uuid, text),
  public.fail_payment_request(uuid, uuid, text) from public, anon, authenticated;
grant execute on function public.create_payment_request(uuid, uuid, bigint, text, text, int,
  public.payment_request_origin, text), public.apply_payment_event(uuid, text),
  public.fail_payment_request(uuid, uuid, text) to service_role;
revoke execute on function public.request_payment(uuid, bigint, text, text, int) from public, anon;
grant execute on function public.request_payment(uuid, bigint, text, text, int) to authenticated, service_role;
