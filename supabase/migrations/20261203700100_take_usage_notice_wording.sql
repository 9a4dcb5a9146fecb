-- AI answers now count (chat_take_ai_answer), which showed two things to put right in take_usage: over the
-- AI answers cap the bot answers from the store's FAQs and knowledge (the retrieval responder), not with the
-- offline message, and the owner's notices say so; and a plan's overage is for conversations only (its
-- Stripe meter counts conversations), so AI answers stop at the cap on every plan. Otherwise as in
-- 20261202500100_billing_caps.sql.
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
  v_over_cap text := case p_meter when 'conversations' then 'new ones get your offline message'
                       else 'the bot answers from your FAQs and knowledge without AI' end;
  -- only conversations are billed beyond the cap
  v_overage boolean := v_plan.allows_overage and p_meter = 'conversations';
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
    and (v_cap is null or c.used < v_cap or v_overage)
  returning c.used into v_used;
  if not found then
    perform private.billing_notice(p_store, 'usage_100', p_meter,
      format('Your %s plan''s %s %s this period are used up: %s until %s. Upgrade on the Billing page to serve them all.',
        v_plan.name, v_cap, v_what, v_over_cap, to_char(upper(v_period), 'FMMonth FMDD')),
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
        case when v_overage then 'further ones are billed as overage' else v_over_cap end,
        to_char(upper(v_period), 'FMMonth FMDD')),
      format('usage_100:%s:%s', p_meter, lower(v_period)));
  end if;
  return case when v_cap is not null and v_used > v_cap then 'overage' else 'counted' end;
end;
$$;

revoke execute on function private.take_usage(uuid, public.usage_meter, text) from public;
