-- What provisioning a store's Chatwoot account records (chatwoot-account-manager): the API-channel
-- inbox handoffs use, the webhook, and each finished step so a retry after a crash resumes.
alter table public.chatwoot_accounts
  add column api_inbox_id bigint,
  add column api_inbox_identifier text,
  add column api_inbox_secret text,
  add column webhook_id bigint,
  add column dashboard_app_id bigint,
  add column provisioned_steps jsonb not null default '{}';

-- Suspending a store suspends its Chatwoot account; reactivating it unsuspends it.
create or replace function private.store_chatwoot_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue(new.id, 'chatwoot.suspend_account',
    jsonb_build_object('store_id', new.id, 'suspended', new.status = 'suspended'));
  return null;
end;
$$;

create trigger stores_chatwoot_status after update of status on public.stores
  for each row when (old.status is distinct from new.status)
  execute function private.store_chatwoot_status();

revoke execute on function private.store_chatwoot_status() from public;
