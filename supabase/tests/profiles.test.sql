-- profiles: filled by a trigger on auth.users; a user sees themselves and people who share a store with
-- them, and edits only their own full_name.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(36);

-- the trigger on auth.users
select is((select full_name from public.profiles where id = tests.user_id('owner')), 'Owner',
  'a new auth user gets a profile with full_name from raw_user_meta_data');
insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, created_at, updated_at)
values ('00000000-0000-0000-0000-000000000000', '10000000-0000-4000-8000-0000000000ff', 'authenticated',
  'authenticated', 'new@test.parley.dev', '{"full_name": "New Person"}', now(), now());
select results_eq($$ select email, full_name from public.profiles where id = '10000000-0000-4000-8000-0000000000ff' $$,
  $$ values ('new@test.parley.dev'::text, 'New Person'::text) $$, 'the profile has the e-mail and name');
update auth.users set email = 'renamed@test.parley.dev' where id = '10000000-0000-4000-8000-0000000000ff';
select is((select email from public.profiles where id = '10000000-0000-4000-8000-0000000000ff'),
  'renamed@test.parley.dev', 'an e-mail change on auth.users reaches the profile');
delete from auth.users where id = '10000000-0000-4000-8000-0000000000ff';
select is((select count(*) from public.profiles where id = '10000000-0000-4000-8000-0000000000ff'), 0::bigint,
  'deleting the auth user deletes the profile');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.profiles $$, '42501', null, 'anon cannot select profiles');
select throws_ok($$ insert into public.profiles (id) values (gen_random_uuid()) $$, '42501', null,
  'anon cannot insert profiles');
select throws_ok($$ update public.profiles set full_name = 'X' $$, '42501', null, 'anon cannot update profiles');
select throws_ok($$ delete from public.profiles $$, '42501', null, 'anon cannot delete profiles');

-- outsider: only themselves
select tests.as_user('outsider');
select results_eq($$ select id from public.profiles $$, $$ values (tests.user_id('outsider')) $$,
  'outsider sees only their own profile');
select throws_ok($$ insert into public.profiles (id) values (gen_random_uuid()) $$, '42501', null,
  'outsider cannot insert profiles');
select is(tests.affected($$ update public.profiles set full_name = 'Hacked' where id = tests.user_id('owner') $$),
  0::bigint, 'outsider cannot rename someone else');
select is(tests.affected($$ update public.profiles set full_name = 'Out Sider' where id = tests.user_id('outsider') $$),
  1::bigint, 'outsider renames themselves');
select throws_ok($$ update public.profiles set email = 'x@example.com' $$, '42501', null,
  'the e-mail is not editable through profiles');
select throws_ok($$ delete from public.profiles $$, '42501', null, 'outsider cannot delete profiles');

-- agent of A: the co-members of A
select tests.as_user('agent');
select set_eq($$ select id from public.profiles $$,
  $$ values (tests.user_id('owner')), (tests.user_id('admin')), (tests.user_id('agent')) $$,
  'agent sees the members of store A and nobody else');
select throws_ok($$ insert into public.profiles (id) values (gen_random_uuid()) $$, '42501', null,
  'agent cannot insert profiles');
select is(tests.affected($$ update public.profiles set full_name = 'X' where id = tests.user_id('admin') $$), 0::bigint,
  'agent cannot rename a co-member');
select throws_ok($$ delete from public.profiles $$, '42501', null, 'agent cannot delete profiles');

-- admin of A
select tests.as_user('admin');
select set_eq($$ select id from public.profiles $$,
  $$ values (tests.user_id('owner')), (tests.user_id('admin')), (tests.user_id('agent')) $$,
  'admin sees the members of store A and nobody else');
select throws_ok($$ insert into public.profiles (id) values (gen_random_uuid()) $$, '42501', null,
  'admin cannot insert profiles');
select is(tests.affected($$ update public.profiles set full_name = 'X' where id = tests.user_id('agent') $$), 0::bigint,
  'admin cannot rename a co-member');
select throws_ok($$ delete from public.profiles $$, '42501', null, 'admin cannot delete profiles');

-- owner of B: alone in B
select tests.as_user('other_owner');
select results_eq($$ select id from public.profiles $$, $$ values (tests.user_id('other_owner')) $$,
  'owner of B sees only themselves');
select throws_ok($$ insert into public.profiles (id) values (gen_random_uuid()) $$, '42501', null,
  'owner of B cannot insert profiles');
select is(tests.affected($$ update public.profiles set full_name = 'X' where id = tests.user_id('owner') $$), 0::bigint,
  'owner of B cannot rename the owner of A');
select throws_ok($$ delete from public.profiles $$, '42501', null, 'owner of B cannot delete profiles');

-- owner of A
select tests.as_user('owner');
select set_eq($$ select id from public.profiles $$,
  $$ values (tests.user_id('owner')), (tests.user_id('admin')), (tests.user_id('agent')) $$,
  'owner sees the members of store A and nobody else');
select throws_ok($$ insert into public.profiles (id) values (gen_random_uuid()) $$, '42501', null,
  'owner cannot insert profiles');
select is(tests.affected($$ update public.profiles set full_name = 'X' where id = tests.user_id('agent') $$), 0::bigint,
  'owner cannot rename a member');
select is(tests.affected($$ update public.profiles set full_name = 'The Owner' where id = tests.user_id('owner') $$),
  1::bigint, 'owner renames themselves');
select throws_ok($$ delete from public.profiles $$, '42501', null, 'owner cannot delete profiles');

-- service_role
select tests.as_service();
select is((select count(*) from public.profiles where email like '%@test.parley.dev' or id = tests.user_id('visitor')), 7::bigint,
  'service_role sees every profile');
select is(tests.affected($$ update public.profiles set full_name = 'Renamed by service' where id = tests.user_id('agent') $$),
  1::bigint, 'service_role updates any profile');
select throws_ok($$ insert into public.profiles (id) values (gen_random_uuid()) $$, '23503', null,
  'a profile needs an auth user (service_role insert is checked by the foreign key)');
select lives_ok($$ insert into public.profiles (id) values (tests.user_id('visitor'))
  on conflict (id) do update set full_name = 'Visitor' $$, 'service_role upserts a profile');
select is(tests.affected($$ delete from public.profiles where id = tests.user_id('outsider') $$), 1::bigint,
  'service_role deletes a profile');

select * from finish();
rollback;
