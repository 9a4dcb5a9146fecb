-- Disconnecting an app and registering its webhook, without losing a write to the other.
--
-- The disconnect read the settings, dropped the registered webhook's id and wrote them all back: a setting
-- saved in between (the owner choosing an event type, a register job saving its id) was lost, or kept on a
-- dead connection. Both now run on the locked row.

-- Forgets the connection and enqueues the job that deletes what Parley registered at the app (the key is kept
-- for that job only; an app that registers nothing passes neither). Returns the remote id that job deletes,
-- or null when there is nothing to delete.
create or replace function public.disconnect_integration(
  p_store_id uuid, p_app text, p_registered_key text default null, p_cleanup_topic text default null
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.integrations;
  v_remote text;
begin
  select * into v_row from public.integrations
   where store_id = p_store_id and provider = p_app
   for update;
  if not found then
    return null;
  end if;
  if p_cleanup_topic is not null and v_row.credentials_encrypted is not null then
    v_remote := nullif(v_row.config ->> p_registered_key, '');
  end if;
  update public.integrations set
    status = 'disconnected',
    config = case when p_registered_key is null then config else config - p_registered_key end,
    credentials_encrypted = case when v_remote is null then null else credentials_encrypted end,
    refresh_token_encrypted = null,
    webhook_secret_encrypted = null,
    expires_at = null,
    refresh_lock_until = null,
    last_error = null,
    failing_since = null
   where id = v_row.id;
  if v_remote is not null then
    perform public.enqueue_outbox(
      p_store_id, p_cleanup_topic, jsonb_build_object('store_id', p_store_id, 'remote_id', v_remote)
    );
  end if;
  return v_remote;
end;
$$;
revoke execute on function public.disconnect_integration(uuid, text, text, text) from public, anon, authenticated;
grant execute on function public.disconnect_integration(uuid, text, text, text) to service_role;

-- Saves one setting of a connected app and says whether it is still connected: a register job that finishes
-- after the store disconnected learns it, and removes the webhook it just made.
drop function public.set_integration_setting(uuid, text, text, jsonb);
create function public.set_integration_setting(p_store_id uuid, p_app text, p_key text, p_value jsonb)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with saved as (
    update public.integrations set config = config || jsonb_build_object(p_key, p_value)
     where store_id = p_store_id and provider = p_app and status <> 'disconnected'
    returning 1
  )
  select exists (select 1 from saved);
$$;
revoke execute on function public.set_integration_setting(uuid, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.set_integration_setting(uuid, text, text, jsonb) to service_role;
