-- Rate limits of the inbound webhooks (_shared/inbound-webhook.ts): per source address before anything is
-- verified, and per store once a delivery is verified, counted in the chat's shared counters
-- (private.chat_rate_limits) so every worker sees the same counts. Unlike the chat's allowance it refuses
-- by answering, not by raising: the caller answers 429 with Retry-After, and a refused request still counts
-- (a sender that keeps pushing stays refused).

-- 0 when p_key may have one more request in its window of p_window_seconds (starting with its first
-- request), else the seconds until that window ends. No limit when p_max is null.
create or replace function public.take_webhook_allowance(p_key text, p_max int, p_window_seconds int)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window interval := make_interval(secs => p_window_seconds);
  v_row private.chat_rate_limits;
begin
  if p_max is null then
    return 0;
  end if;
  insert into private.chat_rate_limits as r (key, slot, window_start, hits) values (p_key, 0, now(), 1)
  on conflict (key, slot) do update
    set hits = case when r.window_start > now() - v_window then r.hits + 1 else 1 end,
        window_start = case when r.window_start > now() - v_window then r.window_start else now() end
  returning * into v_row;
  if v_row.hits <= p_max then
    return 0;
  end if;
  return greatest(1, ceil(extract(epoch from v_row.window_start + v_window - now()))::int);
end;
$$;
revoke execute on function public.take_webhook_allowance(text, int, int) from public, anon, authenticated;
grant execute on function public.take_webhook_allowance(text, int, int) to service_role;
