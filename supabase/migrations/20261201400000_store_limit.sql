-- Stores per account. Every store provisions its own Chatwoot account, so one person may own only so many:
-- a default for everyone, raised per person in private.account_limits (plans will write there). A refused
-- creation is answered 403 and kept in audit_log, which is why create_store now returns JSON: it must end
-- normally for the audit row to be committed, and PostgREST takes the status from `response.status`.

create table private.account_limits (
  user_id uuid primary key references auth.users (id) on delete cascade,
  max_stores int not null check (max_stores between 0 and 10000),
  updated_at timestamptz not null default now()
);
revoke all on private.account_limits from public, anon, authenticated;
grant all on private.account_limits to service_role;

-- How many stores this person may own.
create or replace function private.store_limit(p_user uuid)
returns int
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select l.max_stores from private.account_limits l where l.user_id = p_user), 3);
$$;
revoke execute on function private.store_limit(uuid) from public;
grant execute on function private.store_limit(uuid) to authenticated, service_role;

drop function public.create_store(text);

-- RPC: create a store and become its owner in one step. Answers the new store, or, past the limit,
-- 403 { code: 'store_limit', message, limit }.
create function public.create_store(p_name text)
returns json
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_name text := btrim(p_name);
  v_limit int;
  v_owned int;
  v_base text;
  v_slug text;
  v_store public.stores;
begin
  if v_uid is null then
    raise exception 'You must be signed in to create a store' using errcode = '28000';
  end if;
  if coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) then
    raise exception 'Anonymous users cannot create stores' using errcode = '42501';
  end if;
  -- Locked: two creations at once by the same person are counted one after the other.
  perform 1 from public.profiles where id = v_uid for update;
  if not found then
    raise exception 'No profile for the signed-in user' using errcode = '28000';
  end if;
  if v_name is null or char_length(v_name) not between 1 and 80 then
    raise exception 'A store name must have 1 to 80 characters' using errcode = '22023';
  end if;

  v_limit := private.store_limit(v_uid);
  select count(*) into v_owned from public.memberships where user_id = v_uid and role = 'owner';
  if v_owned >= v_limit then
    insert into public.audit_log (store_id, actor_id, action, details)
    values (null, v_uid, 'stores.create_refused',
            jsonb_build_object('reason', 'store_limit', 'limit', v_limit, 'owned', v_owned, 'name', v_name));
    perform set_config('response.status', '403', true);
    return json_build_object(
      'code', 'store_limit',
      'message', format('You already own %s of the %s stores your account may have. Delete one, or ask us '
                        'to raise your limit.', v_owned, v_limit),
      'limit', v_limit
    );
  end if;

  v_base := left(btrim(regexp_replace(lower(v_name), '[^a-z0-9]+', '-', 'g'), '-'), 48);
  v_base := btrim(v_base, '-');
  if v_base = '' then
    v_base := 'store';
  end if;
  v_slug := v_base;

  -- Unique slug: try the base, then base-2, base-3..., then a random suffix; the unique index decides.
  for i in 1..20 loop
    begin
      insert into public.stores (name, slug, created_by)
      values (v_name, v_slug, v_uid)
      returning * into v_store;
      exit;
    exception when unique_violation then
      v_slug := v_base || '-' || case when i < 10 then (i + 1)::text
                                      else encode(extensions.gen_random_bytes(3), 'hex') end;
    end;
  end loop;
  if v_store.id is null then
    raise exception 'Could not find a free slug for "%"', v_name using errcode = 'P0001';
  end if;

  insert into public.memberships (store_id, user_id, role) values (v_store.id, v_uid, 'owner');
  return row_to_json(v_store);
end;
$$;

revoke execute on function public.create_store(text) from public, anon;
grant execute on function public.create_store(text) to authenticated, service_role;
