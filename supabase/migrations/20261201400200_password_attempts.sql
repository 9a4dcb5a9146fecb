-- Password guessing against one account. The auth server calls private.password_verification_attempt after
-- every password check (GoTrue's "password verification attempt" hook: supabase/config.toml
-- [auth.hook.password_verification_attempt]; on hosted Supabase, Authentication > Auth Hooks). Four failures
-- in a row cost nothing (typos); from the fifth the account waits 2 s, 4 s, 8 s ... at most 15 minutes before
-- the next try is even looked at. While it waits every try is refused, right or wrong, so a guesser learns
-- nothing; the right password afterwards clears the count. The per-address limits ([auth.rate_limit]) come on
-- top of this.

create table private.password_failures (
  user_id uuid primary key references auth.users (id) on delete cascade,
  failures int not null,
  last_failed_at timestamptz not null,
  retry_at timestamptz
);
revoke all on private.password_failures from public, anon, authenticated;
grant all on private.password_failures to service_role;

create or replace function private.password_verification_attempt(event jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (event ->> 'user_id')::uuid;
  v_valid boolean := coalesce((event ->> 'valid')::boolean, false);
  v_row private.password_failures;
  v_wait int;
begin
  -- Tries at one account are decided one after the other, so a burst cannot slip past the first wait.
  perform pg_advisory_xact_lock(hashtextextended('password_verification_attempt:' || v_user::text, 0));
  select * into v_row from private.password_failures where user_id = v_user;
  if v_row.retry_at > now() then
    v_wait := ceil(extract(epoch from v_row.retry_at - now()));
    return jsonb_build_object('decision', 'reject', 'message', format(
      'Too many failed sign-ins for this account. Try again in %s.',
      case when v_wait < 60 then v_wait || case when v_wait = 1 then ' second' else ' seconds' end
           else ceil(v_wait / 60.0) || ' minutes' end));
  end if;
  if v_valid then
    delete from private.password_failures where user_id = v_user;
    return jsonb_build_object('decision', 'continue');
  end if;

  insert into private.password_failures as f (user_id, failures, last_failed_at)
  values (v_user, 1, now())
  on conflict (user_id) do update set
    -- a day without failures starts the count afresh
    failures = case when f.last_failed_at < now() - interval '1 day' then 1 else f.failures + 1 end,
    last_failed_at = now()
  returning * into v_row;
  if v_row.failures >= 5 then
    update private.password_failures
       set retry_at = now() + least(interval '15 minutes', make_interval(secs => 2 ^ least(v_row.failures - 4, 10)))
     where user_id = v_user;
  end if;
  -- the auth server itself answers "Invalid login credentials" for the wrong password
  return jsonb_build_object('decision', 'continue');
end;
$$;

revoke execute on function private.password_verification_attempt(jsonb) from public, anon, authenticated;
grant usage on schema private to supabase_auth_admin;
grant execute on function private.password_verification_attempt(jsonb) to supabase_auth_admin;
