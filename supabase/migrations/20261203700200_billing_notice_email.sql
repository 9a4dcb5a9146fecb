-- Every billing notice (80 % and 100 % of a meter, a failed payment) also goes to the store's owners by
-- email, through the billing.notice job: one per notice, as the notice itself is one per period and meter.
create or replace function private.billing_notice_email()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue(new.store_id, 'billing.notice',
    jsonb_build_object('store_id', new.store_id, 'notice_id', new.id));
  return null;
end;
$$;
revoke execute on function private.billing_notice_email() from public;

create trigger billing_notices_email after insert on public.billing_notices
  for each row execute function private.billing_notice_email();
