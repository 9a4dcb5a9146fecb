-- The visitors' RLS helpers as PL/pgSQL: same queries, but a SQL-language function with SET search_path is
-- never inlined and plans its query again on every call, while PL/pgSQL prepares it once per connection.
-- Every realtime event a visitor may see runs these (per subscriber), and so does every read of the
-- widget: about 1 ms less each time.

create or replace function private.my_contact_ids()
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
  select cv.contact_id from public.contact_visitors cv where cv.visitor_id = (select auth.uid());
end;
$$;

create or replace function private.my_visitor_session_ids()
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
  select s.id from public.chat_sessions s where s.visitor_id = (select auth.uid())
  union
  select s.id from public.chat_sessions s
  where s.contact_id in (select cv.contact_id from public.contact_visitors cv where cv.visitor_id = (select auth.uid()));
end;
$$;

revoke execute on function private.my_contact_ids(), private.my_visitor_session_ids() from public;
grant execute on function private.my_contact_ids(), private.my_visitor_session_ids() to authenticated, service_role;
