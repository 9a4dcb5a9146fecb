-- A Chatwoot user found by e-mail comes back without an access token; saving it keeps the token remembered
-- before. The argument may now be left out for that (the generated types call it optional), instead of
-- being passed as null.
create or replace function public.chatwoot_user_save(
  p_user_id uuid, p_chatwoot_user_id bigint, p_access_token text default null
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.chatwoot_users (user_id, chatwoot_user_id, access_token)
  values (p_user_id, p_chatwoot_user_id, p_access_token)
  on conflict (user_id) do update
    set chatwoot_user_id = excluded.chatwoot_user_id,
        access_token = coalesce(excluded.access_token, private.chatwoot_users.access_token);
$$;
