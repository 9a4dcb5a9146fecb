-- Plan caps, taken where the work happens and in the same transaction, so concurrent requests can never
-- overshoot: a new conversation (chat_start_session), a chatbot, a seat (member or pending invitation).
-- Over the conversations cap a shopper is never refused: the conversation opens, the line is kept, and the
-- store's offline message with its fallback contact answers it. Owners get notices at 80 % and 100 %.

-- What the bot says instead when the store is over its plan (the fallback contact is appended).
alter table public.stores add column offline_message text check (char_length(offline_message) <= 500);
grant update (offline_message) on public.stores to authenticated;

-- When the conversation opened over the plan's cap (the bot leaves it unanswered).
alter table public.chat_sessions add column over_cap_at timestamptz;

-- ---------------------------------------------------------------------------------------------
-- The store's plan, and the period its usage counts in: the subscription's current period while there is
-- one, else the calendar month (UTC).
create or replace function private.store_plan(p_store uuid)
returns public.plans
language sql
stable
security definer
set search_path = ''
as $$
  select p.* from public.plans p
  where p.id = coalesce((select s.plan_id from public.store_subscriptions s where s.store_id = p_store), 'free');
$$;

create or replace function private.billing_period(p_store uuid)
returns tstzrange
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select tstzrange(s.current_period_start, s.current_period_end)
     from public.store_subscriptions s
     where s.store_id = p_store and s.status in ('active', 'trialing', 'past_due')
       and s.current_period_start <= now() and now() < s.current_period_end),
    tstzrange(date_trunc('month', now(), 'UTC'), date_trunc('month', now(), 'UTC') + interval '1 month'));
$$;

-- A notice to the store's owners (shown on the billing page), once per dedupe key.
create or replace function private.billing_notice(p_store uuid, p_kind text, p_meter public.usage_meter,
  p_message text, p_once_per text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.billing_notices (store_id, kind, meter, message, once_per)
  values (p_store, p_kind, p_meter, p_message, p_once_per)
  on conflict (store_id, once_per) do nothing;
$$;

-- Counts one unit of p_meter, caused by p_source, against the store's plan in the current period:
-- 'counted', 'overage' (over the cap on a plan that bills overage), 'capped' (refused: nothing counted) or
-- 'duplicate' (this source was counted before). The counter row is locked by the UPDATE, whose WHERE is
-- evaluated again on the newest row by a waiting transaction, so exactly the cap gets through.
create or replace function private.take_usage(p_store uuid, p_meter public.usage_meter, p_source text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_plan public.plans := private.store_plan(p_store);
  v_period tstzrange := private.billing_period(p_store);
  v_cap int := case p_meter when 'conversations' then v_plan.max_conversations_per_month
                            else v_plan.max_ai_answers_per_month end;
  v_what text := case p_meter when 'conversations' then 'conversations' else 'AI answers' end;
  v_used int;
  v_ledger_id bigint;
  v_customer text;
begin
  if exists (select 1 from public.usage_ledger u
             where u.store_id = p_store and u.meter = p_meter and u.source_id = p_source) then
    return 'duplicate';
  end if;
  insert into private.usage_counters (store_id, meter, period_start, used)
  values (p_store, p_meter, lower(v_period), 0)
  on conflict do nothing;
  update private.usage_counters c set used = c.used + 1
  where c.store_id = p_store and c.meter = p_meter and c.period_start = lower(v_period)
    and (v_cap is null or c.used < v_cap or v_plan.allows_overage)
  returning c.used into v_used;
  if not found then
    perform private.billing_notice(p_store, 'usage_100', p_meter,
      format('Your %s plan''s %s %s this period are used up: new ones get your offline message until %s. Upgrade on the Billing page to serve them all.',
        v_plan.name, v_cap, v_what, to_char(upper(v_period), 'FMMonth FMDD')),
      format('usage_100:%s:%s', p_meter, lower(v_period)));
    return 'capped';
  end if;
  insert into public.usage_ledger (store_id, meter, quantity, source_id, overage)
  values (p_store, p_meter, 1, p_source, v_cap is not null and v_used > v_cap)
  returning id into v_ledger_id;
  -- beyond the cap on a plan that bills it: to Stripe's meter, once (billing.report_overage)
  if v_cap is not null and v_used > v_cap then
    select s.stripe_customer_id into v_customer from public.store_subscriptions s where s.store_id = p_store;
    if v_customer is not null then
      perform private.enqueue(p_store, 'billing.report_overage', jsonb_build_object('store_id', p_store,
        'ledger_id', v_ledger_id, 'stripe_customer_id', v_customer, 'quantity', 1,
        'occurred_at', extract(epoch from now())::bigint));
    end if;
  end if;
  if v_cap is not null and v_cap > 0 and v_used = greatest(1, ceil(v_cap * 0.8)::int) and v_used < v_cap then
    perform private.billing_notice(p_store, 'usage_80', p_meter,
      format('Your store has used 80 %% of the %s %s in its %s plan this period (they reset on %s).',
        v_cap, v_what, v_plan.name, to_char(upper(v_period), 'FMMonth FMDD')),
      format('usage_80:%s:%s', p_meter, lower(v_period)));
  elsif v_cap is not null and v_used = v_cap then
    perform private.billing_notice(p_store, 'usage_100', p_meter,
      format('Your store has used all %s %s in its %s plan this period: %s until %s. Upgrade on the Billing page to serve them all.',
        v_cap, v_what, v_plan.name,
        case when v_plan.allows_overage then 'further ones are billed as overage'
             else 'new ones get your offline message' end,
        to_char(upper(v_period), 'FMMonth FMDD')),
      format('usage_100:%s:%s', p_meter, lower(v_period)));
  end if;
  return case when v_cap is not null and v_used > v_cap then 'overage' else 'counted' end;
end;
$$;

-- The store's offline message and fallback contact, said once in a conversation opened over the cap.
create or replace function private.offline_notice(p_session public.chat_sessions)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_store public.stores;
  v_ways text[];
begin
  if exists (select 1 from public.messages m where m.session_id = p_session.id and m.store_id = p_session.store_id
             and m.sender = 'system' and m.metadata ->> 'kind' = 'offline') then
    return;
  end if;
  select s.* into v_store from public.stores s where s.id = p_session.store_id;
  v_ways := array_remove(array[
    case when nullif(btrim(v_store.fallback_phone), '') is not null then 'call ' || btrim(v_store.fallback_phone) end,
    case when nullif(btrim(v_store.fallback_email), '') is not null then 'e-mail ' || btrim(v_store.fallback_email) end],
    null);
  insert into public.messages (store_id, session_id, sender, content, metadata)
  values (p_session.store_id, p_session.id, 'system',
    coalesce(nullif(btrim(v_store.offline_message), ''),
      format('%s can''t answer in the chat right now. Your message is saved and the team will see it.', v_store.name))
    || case when cardinality(v_ways) > 0 then ' To reach us now, ' || array_to_string(v_ways, ' or ') || '.' else '' end,
    jsonb_build_object('kind', 'offline'));
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Chatbots and seats beyond the plan are refused with a sentence naming the plan and the upgrade
-- (SQLSTATE PT402: PostgREST answers 402, the dashboard shows the message). The store's subscription
-- row is locked first, so two concurrent creations cannot both take the last place.
create or replace function private.refuse_over_plan(p_store uuid, p_what text, p_count int)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_plan public.plans := private.store_plan(p_store);
  v_limit int := case p_what when 'chatbots' then v_plan.max_chatbots else v_plan.max_seats end;
  v_next text := (select p.name from public.plans p where p.active and p.position > v_plan.position
                  order by p.position limit 1);
begin
  if v_limit is not null and p_count >= v_limit then
    raise exception using errcode = 'PT402', message = format(
      'Your %s plan includes %s %s. %s',
      v_plan.name, v_limit,
      case p_what when 'chatbots' then case when v_limit = 1 then 'chatbot' else 'chatbots' end
                  else case when v_limit = 1 then 'seat (members and pending invitations)'
                            else 'seats (members and pending invitations)' end end,
      case when v_next is not null then format('Upgrade to %s on the Billing page to add more.', v_next)
           else 'Remove one to add another.' end),
      hint = 'plan_limit';
  end if;
end;
$$;

create or replace function private.chatbots_within_plan()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Only an owner's or admin's own request is capped: RLS refuses everyone else first (a policy is checked
  -- after BEFORE triggers, so an outsider must not learn the plan here), and the service role, seeds and
  -- migrations act as operators.
  if new.store_id not in (select private.my_store_ids_with_role('{owner,admin}')) then
    return new;
  end if;
  perform 1 from public.store_subscriptions s where s.store_id = new.store_id for update;
  perform private.refuse_over_plan(new.store_id, 'chatbots',
    (select count(*)::int from public.chatbots c where c.store_id = new.store_id));
  return new;
end;
$$;
create trigger chatbots_within_plan before insert on public.chatbots
  for each row execute function private.chatbots_within_plan();

-- A seat is a member or a pending invitation (accepting one turns it into a member: no new seat).
create or replace function private.seats_within_plan()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Only an owner's or admin's own request is capped: RLS refuses everyone else first (a policy is checked
  -- after BEFORE triggers, so an outsider must not learn the plan here), and the service role, seeds and
  -- migrations act as operators.
  if new.store_id not in (select private.my_store_ids_with_role('{owner,admin}')) then
    return new;
  end if;
  -- (nested: plpgsql does not short-circuit, and each table has its own fields)
  if tg_table_name = 'memberships' then
    if exists (select 1 from public.invitations i join auth.users u on u.email = i.email
               where i.store_id = new.store_id and u.id = new.user_id and i.status in ('pending', 'accepted')) then
      return new;
    end if;
  elsif new.status <> 'pending' then
    return new;
  end if;
  perform 1 from public.store_subscriptions s where s.store_id = new.store_id for update;
  perform private.refuse_over_plan(new.store_id, 'seats',
    (select count(*)::int from public.memberships m where m.store_id = new.store_id)
    + (select count(*)::int from public.invitations i
       where i.store_id = new.store_id and i.status = 'pending' and i.expires_at > now()));
  return new;
end;
$$;
create trigger invitations_within_plan before insert on public.invitations
  for each row execute function private.seats_within_plan();
create trigger memberships_within_plan before insert on public.memberships
  for each row execute function private.seats_within_plan();

-- ---------------------------------------------------------------------------------------------
-- The chat hot path with the conversations cap inside it (no extra round trip): chat_start_session counts
-- a new conversation, chat_post_message leaves a conversation opened over the cap to the offline notice.
-- (Otherwise as in 20261201300000_chat_hot_path.sql.)
create or replace function public.chat_post_message(
  p_visitor uuid,
  p_session_id uuid,
  p_client_id uuid,
  p_content text,
  p_retrieve boolean,
  p_limits jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
  v_message public.messages;
  v_answered boolean;
  v_context jsonb;
  v_hits jsonb := '[]';
begin
  if p_visitor is null or p_client_id is null or coalesce(btrim(p_content), '') = ''
     or char_length(p_content) > 4000 then
    perform private.chat_refuse(400, 'invalid_request', 'session_id, client_id and 1..4000 characters of content');
  end if;
  v_session := private.chat_visitor_session(p_visitor, p_session_id);

  select m.* into v_message from public.messages m
  where m.session_id = v_session.id and m.client_id = p_client_id;
  if found then
    return private.chat_stored_pair(v_message);
  end if;

  perform private.take_chat_allowance('visitor:' || p_visitor || ':messages',
    (p_limits ->> 'visitor_messages_per_minute')::int, 60,
    'You are sending messages too quickly. Please wait a moment; your message will be sent.');

  -- With a person (or waiting for one), or resolved in Chatwoot (the line goes back to its agents):
  -- the bot stays quiet.
  v_answered := v_session.status not in ('queued', 'human')
    and not (v_session.status = 'resolved' and v_session.chatwoot_conversation_id is not null)
    and v_session.over_cap_at is null;

  -- chat_store_reply moves last_message_at (see private.touch_session).
  perform set_config('parley.chat_defer_touch', 'on', true);
  insert into public.messages (store_id, session_id, sender, author_id, content, client_id, metadata)
  values (v_session.store_id, v_session.id, 'customer', null, p_content, p_client_id,
    jsonb_build_object('answered', v_answered))
  on conflict (session_id, client_id) where client_id is not null do nothing
  returning * into v_message;
  if not found then
    -- The same client_id raced in from another request, which committed first: that one answers it.
    select m.* into v_message from public.messages m
    where m.session_id = v_session.id and m.client_id = p_client_id;
    return private.chat_stored_pair(v_message);
  end if;

  -- Over the plan's conversations: the line is kept, and the store's offline message answers it once.
  if v_session.over_cap_at is not null then
    perform private.offline_notice(v_session);
  end if;

  if v_answered and p_retrieve then
    perform private.broadcast_bot_typing(v_session.id, true);
    select coalesce(jsonb_agg(to_jsonb(h)), '[]') into v_hits
    from public.search_knowledge(v_session.chatbot_id, p_content, 5) h;
  end if;

  select jsonb_build_object(
    'chatbot', jsonb_build_object('name', c.name, 'persona', c.persona, 'languages', to_jsonb(c.languages)),
    'store_name', st.name,
    'ai', case when a.provider is not null and a.api_key is not null and a.model is not null then
      jsonb_build_object('provider', a.provider, 'base_url', a.base_url, 'model', a.model, 'api_key', a.api_key,
        'timeout_ms', a.timeout_ms, 'max_tokens', a.max_tokens) end,
    'contact', (select jsonb_build_object('email', ct.email, 'verified', ct.verified) from public.contacts ct
                where ct.id = v_session.contact_id and ct.store_id = v_session.store_id),
    'history', (select coalesce(jsonb_agg(jsonb_build_object('sender', h.sender, 'content', h.content,
                  'metadata', jsonb_build_object('kind', h.metadata -> 'kind')) order by h.id), '[]')
                from (select m.id, m.sender, m.content, m.metadata from public.messages m
                      where m.store_id = v_session.store_id and m.session_id = v_session.id
                        and not m.is_private and m.id < v_message.id
                      order by m.id desc limit 30) h))
  into v_context
  from public.chatbots c
  join public.stores st on st.id = c.store_id
  left join public.chatbot_ai_settings a on a.chatbot_id = c.id and a.store_id = c.store_id
  where c.id = v_session.chatbot_id and c.store_id = v_session.store_id;

  -- Last: the slot it takes stays locked until the commit.
  perform private.take_chat_allowance('chatbot:' || v_session.chatbot_id || ':messages',
    (p_limits ->> 'chatbot_messages_per_minute')::int, 60,
    'This chat is very busy right now. Please wait a moment; your message will be sent.',
    16, abs(hashtext(p_visitor::text)) % 16);

  return v_context || jsonb_build_object(
    'duplicate', false,
    'message', to_jsonb(v_message),
    'answered', v_answered,
    'session', jsonb_build_object('id', v_session.id, 'store_id', v_session.store_id,
      'chatbot_id', v_session.chatbot_id, 'status', v_session.status, 'sentiment', v_session.sentiment,
      'lead_score', v_session.lead_score, 'language', v_session.language, 'summary', v_session.summary,
      'chatwoot_conversation_id', v_session.chatwoot_conversation_id),
    'hits', v_hits);
end;
$$;

create or replace function public.chat_start_session(p_visitor uuid, p_ip text, p_input jsonb, p_limits jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_bot public.chatbots;
  v_identity jsonb := p_input -> 'identity';
  v_session_id uuid := (p_input ->> 'session_id')::uuid;
  v_email text := lower(v_identity ->> 'email');
  v_name text := v_identity ->> 'name';
  v_attributes jsonb := p_input -> 'attributes';
  v_contact public.contacts;
  v_session public.chat_sessions;
begin
  if p_visitor is null then
    perform private.chat_refuse(401, 'not_signed_in', 'Sign in first (anonymously is fine)');
  end if;
  select c.* into v_bot from public.chatbots c where c.public_id = p_input ->> 'chatbot';
  if not found then
    perform private.chat_refuse(404, 'unknown_chatbot', 'No chatbot has this public id');
  end if;

  if v_session_id is not null then
    perform private.take_chat_allowance('visitor:' || p_visitor || ':session_updates',
      (p_limits ->> 'visitor_session_updates_per_hour')::int, 3600,
      'Too many updates to this conversation. Please try again later.');
  else
    perform private.take_chat_allowance('visitor:' || p_visitor || ':sessions',
      (p_limits ->> 'visitor_sessions_per_hour')::int, 3600,
      'You have started many conversations. Please continue one of them, or try again later.');
  end if;

  if v_identity is not null then
    if not private.identity_matches(
      (select cs.identity_secret from public.chatbot_secrets cs
       where cs.chatbot_id = v_bot.id and cs.store_id = v_bot.store_id),
      v_identity ->> 'identifier', v_identity ->> 'identifier_hash') then
      perform private.chat_refuse(401, 'invalid_identity', 'identifier_hash does not match the identifier');
    end if;
    insert into public.contacts (store_id, external_id, verified, email, name, custom_attributes)
    values (v_bot.store_id, v_identity ->> 'identifier', true, v_email, v_name,
      private.merged_attributes('{}', v_attributes))
    on conflict (store_id, external_id) do nothing
    returning * into v_contact;
    if not found then
      -- Known (perhaps from another device at this very moment): fill in what this request adds.
      select ct.* into v_contact from public.contacts ct
      where ct.store_id = v_bot.store_id and ct.external_id = v_identity ->> 'identifier'
      for update;
      update public.contacts ct
      set email = coalesce(v_email, ct.email), name = coalesce(v_name, ct.name), verified = true,
          custom_attributes = private.merged_attributes(ct.custom_attributes, v_attributes)
      where ct.id = v_contact.id
        and (ct.email, ct.name, ct.verified, ct.custom_attributes) is distinct from
            (coalesce(v_email, ct.email), coalesce(v_name, ct.name), true,
             private.merged_attributes(ct.custom_attributes, v_attributes))
      returning * into v_contact;
      if not found then
        select ct.* into v_contact from public.contacts ct
        where ct.store_id = v_bot.store_id and ct.external_id = v_identity ->> 'identifier';
      end if;
    end if;
    insert into public.contact_visitors (store_id, contact_id, visitor_id)
    values (v_bot.store_id, v_contact.id, p_visitor)
    on conflict (contact_id, visitor_id) do nothing;
  else
    -- The visitor's own unverified contact in this store (an e-mail here is only data: it links nothing).
    select ct.* into v_contact from public.contacts ct
    where ct.store_id = v_bot.store_id and ct.visitor_id = p_visitor and ct.external_id is null
    order by ct.created_at limit 1
    for update;
    if not found then
      insert into public.contacts (store_id, visitor_id, verified, custom_attributes)
      values (v_bot.store_id, p_visitor, false, private.merged_attributes('{}', v_attributes))
      returning * into v_contact;
    elsif v_attributes is not null
      and v_contact.custom_attributes is distinct from private.merged_attributes(v_contact.custom_attributes, v_attributes) then
      update public.contacts ct
      set custom_attributes = private.merged_attributes(ct.custom_attributes, v_attributes)
      where ct.id = v_contact.id
      returning * into v_contact;
    end if;
  end if;

  if v_session_id is not null then
    v_session := private.chat_visitor_session(p_visitor, v_session_id, v_bot.id);
    -- The visitor's own session moves to the contact they just proved to be.
    if v_contact.verified and v_session.visitor_id = p_visitor and v_session.contact_id is distinct from v_contact.id then
      update public.chat_sessions s set contact_id = v_contact.id
      where s.id = v_session.id and s.store_id = v_bot.store_id
      returning * into v_session;
    end if;
  else
    -- A visitor's first conversation anywhere: fresh sign-ins from one address are limited (a key many
    -- visitors share: in slots, and taken last).
    if p_ip is not null and not exists (select 1 from public.chat_sessions s where s.visitor_id = p_visitor) then
      perform private.take_chat_allowance('ip:' || p_ip || ':fresh_sessions',
        (p_limits ->> 'ip_fresh_sessions_per_hour')::int, 3600,
        'Too many new conversations from your network. Please try again later.',
        16, abs(hashtext(p_visitor::text)) % 16);
    end if;
    insert into public.chat_sessions (store_id, chatbot_id, contact_id, visitor_id, language)
    values (v_bot.store_id, v_bot.id, v_contact.id, p_visitor,
      coalesce(p_input ->> 'language', v_bot.languages[1], 'en'))
    returning * into v_session;
    -- A new conversation counts against the plan (last: the store's counter row stays locked until the
    -- commit). Over the cap the conversation still opens, unanswered by the bot (chat_post_message).
    if private.take_usage(v_bot.store_id, 'conversations', v_session.id::text) = 'capped' then
      update public.chat_sessions s set over_cap_at = now()
      where s.id = v_session.id and s.store_id = v_bot.store_id
      returning * into v_session;
    end if;
  end if;

  -- Now and then, forget counters of windows long gone.
  if random() < 0.01 then
    delete from private.chat_rate_limits r
    where (r.key, r.slot) in (select o.key, o.slot from private.chat_rate_limits o
                              where o.window_start < now() - interval '1 day' limit 1000);
  end if;

  return jsonb_build_object(
    'session', jsonb_build_object('id', v_session.id, 'status', v_session.status,
      'chatbot_id', v_session.chatbot_id, 'started_at', v_session.started_at,
      'over_cap', v_session.over_cap_at is not null),
    'contact', jsonb_build_object('id', v_contact.id, 'verified', v_contact.verified));
end;
$$;

-- ---------------------------------------------------------------------------------------------
revoke execute on function private.store_plan(uuid), private.billing_period(uuid),
  private.billing_notice(uuid, text, public.usage_meter, text, text),
  private.take_usage(uuid, public.usage_meter, text), private.offline_notice(public.chat_sessions),
  private.refuse_over_plan(uuid, text, int), private.chatbots_within_plan(), private.seats_within_plan()
  from public;
