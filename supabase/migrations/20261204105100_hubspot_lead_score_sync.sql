-- The lead score reaches a connected HubSpot by itself (not only through the automation action): a change of
-- contacts.lead_score enqueues `hubspot.sync_score` (_shared/apps/hubspot/sync-score.job.ts) for contacts with
-- an e-mail (HubSpot finds contacts by it), when the store has HubSpot connected. The job waits 10 seconds
-- and is coalesced per contact: every change in that window joins the waiting job, which reads the score
-- when it runs, so a burst is one call with the latest score (at most one sync per contact per 10 s).

create or replace function private.contact_hubspot_sync_score()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_job bigint;
begin
  if new.email is null or new.lead_score is null or not exists (
       select 1 from public.integrations i
        where i.store_id = new.store_id and i.provider = 'hubspot' and i.status = 'connected') then
    return null;
  end if;
  v_job := private.enqueue(new.store_id, 'hubspot.sync_score',
    jsonb_build_object('store_id', new.store_id, 'contact_id', new.id));
  -- null: a sync of this contact is already waiting; it will send this score.
  if v_job is not null then
    update public.outbox set next_attempt_at = now() + interval '10 seconds' where id = v_job;
  end if;
  return null;
end;
$$;
revoke execute on function private.contact_hubspot_sync_score() from public;

create trigger contacts_hubspot_sync_score after update of lead_score on public.contacts
  for each row when (old.lead_score is distinct from new.lead_score)
  execute function private.contact_hubspot_sync_score();
