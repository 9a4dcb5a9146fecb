-- The bot offers what the store set up on the chatbot screen: its Cal.com booking page (when the chatbot
-- allows it) and payments for the items the admin defined, never an amount of its own. The chat function
-- asks chat_bot_offers only when a line asks to book or to pay, so other lines cost nothing more; a
-- payment goes through private.create_payment_request, the path automations and agents use.
-- And a payment request left open past its expiry (Stripe's checkout.session.expired never came) is
-- expired by the job stripe.expire_payment_request, due when the link expires.

alter table public.chatbots
  add column bot_offers_booking boolean not null default false,
  -- [{ name, amount (cents), currency, description, expires_in_minutes }], checked by the dashboard's
  -- schema; the SQL below reads each field defensively
  add column bot_payables jsonb not null default '[]'
    check (jsonb_typeof(bot_payables) = 'array' and jsonb_array_length(bot_payables) <= 10);

comment on column public.chatbots.bot_offers_booking is
  'the bot answers "can I book a call" with the store''s Cal.com booking card';
comment on column public.chatbots.bot_payables is
  'what the bot may ask a shopper to pay: [{ name, amount, currency, description, expires_in_minutes }]';

-- A payable item as stored, or null when it is not one (an admin's old or hand-written row).
create or replace function private.payable_item(p_item jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_item -> 'name') = 'string'
     and jsonb_typeof(p_item -> 'amount') = 'number'
     and (p_item ->> 'amount') ~ '^\d{1,8}$' and (p_item ->> 'amount')::bigint >= 50
     and coalesce(p_item ->> 'currency', '') ~ '^[a-z]{3}$'
     and char_length(coalesce(btrim(p_item ->> 'description'), '')) between 1 and 300
     and coalesce(p_item ->> 'expires_in_minutes', '1440') ~ '^\d{1,4}$'
     and coalesce((p_item ->> 'expires_in_minutes')::int, 1440) between 30 and 1440
    then jsonb_build_object('name', p_item ->> 'name', 'amount', (p_item ->> 'amount')::bigint,
      'currency', p_item ->> 'currency', 'description', btrim(p_item ->> 'description'),
      'expires_in_minutes', coalesce((p_item ->> 'expires_in_minutes')::int, 1440))
  end;
$$;

-- What the bot may offer in this conversation: the booking page (Cal.com connected with an event type
-- chosen, and the chatbot allowing it) with the contact's name and e-mail, and the payable items (Stripe
-- connected). Null parts mean "answer as usual".
create or replace function public.chat_bot_offers(p_session_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'booking', case when b.bot_offers_booking and cal.config ->> 'booking_url' ~ '^https?://' then
      jsonb_build_object('page', cal.config ->> 'booking_url', 'title', cal.config ->> 'event_type_title',
        'name', c.name, 'email', c.email) end,
    'payables', case when stripe.status = 'connected' then coalesce((
      select jsonb_agg(private.payable_item(i) order by o)
        from jsonb_array_elements(b.bot_payables) with ordinality as e(i, o)
       where private.payable_item(i) is not null), '[]') else '[]' end)
  from public.chat_sessions s
  join public.chatbots b on b.id = s.chatbot_id
  left join public.contacts c on c.id = s.contact_id
  left join public.integrations cal on cal.store_id = s.store_id and cal.provider = 'calcom'
    and cal.status = 'connected'
  left join public.integrations stripe on stripe.store_id = s.store_id and stripe.provider = 'stripe'
  where s.id = p_session_id;
$$;

-- The bot asks for the chatbot's payable item number p_item (0-based, as chat_bot_offers listed them).
-- One open request per conversation and item: the conversation is locked while looking, so two asks at
-- once give one request, and asking again while it is open returns it ({ id, reused: true }). The key
-- bot:<message> makes a retry of the same line find its request.
create or replace function public.chat_bot_request_payment(p_session_id uuid, p_message_id bigint, p_item int)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_store uuid;
  v_item jsonb;
  v_id uuid;
begin
  select s.store_id, private.payable_item(b.bot_payables -> p_item) into v_store, v_item
    from public.chat_sessions s join public.chatbots b on b.id = s.chatbot_id
   where s.id = p_session_id
     for update of s;
  if v_store is null then raise exception 'no such conversation' using errcode = 'P0002'; end if;
  -- The admin removed the item since the bot chose it: no offer (the bot answers as usual), not an error.
  if v_item is null then return null; end if;
  select id into v_id from public.payment_requests
   where store_id = v_store and session_id = p_session_id and origin = 'bot' and status = 'open'
     and expires_at > now() and amount = (v_item ->> 'amount')::bigint
     and currency = v_item ->> 'currency' and description = v_item ->> 'description'
   order by created_at desc limit 1;
  if v_id is not null then return jsonb_build_object('id', v_id, 'reused', true, 'item', v_item); end if;
  v_id := private.create_payment_request(v_store, p_session_id, (v_item ->> 'amount')::bigint,
    v_item ->> 'currency', v_item ->> 'description', (v_item ->> 'expires_in_minutes')::int, 'bot', null,
    'bot:' || p_message_id);
  return jsonb_build_object('id', v_id, 'reused', false, 'item', v_item);
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Expiry: every request gets a job due a little after its link expires (Stripe's own expiry event usually
-- comes first; the grace keeps the two from racing for nothing, and either way the request is settled
-- once: settle_payment_request ignores a second "expired").
create or replace function private.enqueue_payment_expiry(p_request public.payment_requests)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id bigint;
begin
  v_id := private.enqueue(p_request.store_id, 'stripe.expire_payment_request',
    jsonb_build_object('store_id', p_request.store_id, 'payment_request_id', p_request.id));
  if v_id is not null then
    update public.outbox set next_attempt_at = greatest(p_request.expires_at + interval '2 minutes', now())
     where id = v_id;
  end if;
end;
$$;

create or replace function private.payment_request_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue_payment_expiry(new);
  return null;
end;
$$;

create trigger payment_requests_expiry after insert on public.payment_requests
  for each row execute function private.payment_request_created();

-- The job's step: an open request past its expiry becomes expired (the line, the note, the trigger);
-- anything else is left as it is. 'not yet: <seconds>' when it is not due (its expiry moved).
create or replace function public.expire_payment_request(p_store_id uuid, p_request_id uuid)
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
  if v_request.status <> 'open' then return 'ignored: already ' || v_request.status; end if;
  if v_request.expires_at > now() then
    return 'not yet: ' || ceil(extract(epoch from v_request.expires_at - now()))::int;
  end if;
  return private.settle_payment_request(v_request, 'expired', null, now());
end;
$$;

revoke execute on function private.payable_item(jsonb), private.enqueue_payment_expiry(public.payment_requests),
  private.payment_request_created() from public, anon, authenticated;
revoke execute on function public.chat_bot_offers(uuid), public.chat_bot_request_payment(uuid, bigint, int),
  public.expire_payment_request(uuid, uuid) from public, anon, authenticated;
grant execute on function public.chat_bot_offers(uuid), public.chat_bot_request_payment(uuid, bigint, int),
  public.expire_payment_request(uuid, uuid) to service_role;
