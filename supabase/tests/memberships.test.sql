-- memberships: members see their stores' members; only the owner changes roles (of others); owners and
-- admins remove non-owners; any non-owner may leave; rows are created by create_store() and
-- accept_invitation(), never inserted directly through the API.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(38);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.memberships $$, '42501', null, 'anon cannot select memberships');
select throws_ok($$ insert into public.memberships (store_id, user_id, role)
  values (tests.store_id('A'), tests.user_id('outsider'), 'owner') $$, '42501', null, 'anon cannot insert memberships');
select throws_ok($$ update public.memberships set role = 'owner' $$, '42501', null, 'anon cannot update memberships');
select throws_ok($$ delete from public.memberships $$, '42501', null, 'anon cannot delete memberships');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.memberships'), 0::bigint, 'outsider sees no membership');
select throws_ok($$ insert into public.memberships (store_id, user_id, role)
  values (tests.store_id('A'), tests.user_id('outsider'), 'owner') $$, '42501', null,
  'outsider cannot make themselves a member');
select is(tests.affected($$ update public.memberships set role = 'agent' $$), 0::bigint, 'outsider changes no role');
select is(tests.affected($$ delete from public.memberships $$), 0::bigint, 'outsider removes no member');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.memberships'), 'A', 'agent sees store A memberships only');
select is(tests.count('public.memberships'), 3::bigint, 'agent sees all three members of A');
select throws_ok($$ insert into public.memberships (store_id, user_id, role)
  values (tests.store_id('A'), tests.user_id('outsider'), 'agent') $$, '42501', null, 'agent cannot add members');
select is(tests.affected($$ update public.memberships set role = 'owner' where user_id = tests.user_id('agent') $$),
  0::bigint, 'agent cannot promote themselves');
select is(tests.affected($$ update public.memberships set role = 'agent' where user_id = tests.user_id('admin') $$),
  0::bigint, 'agent cannot change the admin''s role');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('admin') $$), 0::bigint,
  'agent cannot remove the admin');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.memberships'), 'A', 'admin sees store A memberships only');
select throws_ok($$ insert into public.memberships (store_id, user_id, role)
  values (tests.store_id('A'), tests.user_id('outsider'), 'agent') $$, '42501', null,
  'admin cannot insert members directly (invitations do)');
select is(tests.affected($$ update public.memberships set role = 'admin' where user_id = tests.user_id('agent') $$),
  0::bigint, 'admin cannot change roles (owner only)');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('owner') $$), 0::bigint,
  'admin cannot remove the owner');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('other_owner') $$), 0::bigint,
  'admin cannot remove members of store B');
savepoint admin_removes;
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('agent') $$), 1::bigint,
  'admin removes the agent');
rollback to savepoint admin_removes;

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.memberships'), 'B', 'owner of B sees store B memberships only');
select is(tests.affected($$ update public.memberships set role = 'admin' where store_id = tests.store_id('A') $$),
  0::bigint, 'owner of B changes no role in A');
select is(tests.affected($$ delete from public.memberships where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B removes no member of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.memberships'), 'A', 'owner sees store A memberships only');
select throws_ok($$ insert into public.memberships (store_id, user_id, role)
  values (tests.store_id('A'), tests.user_id('outsider'), 'agent') $$, '42501', null,
  'owner cannot insert members directly (invitations do)');
select is(tests.affected($$ update public.memberships set role = 'admin' where user_id = tests.user_id('agent') $$),
  1::bigint, 'owner promotes the agent to admin');
select is(tests.affected($$ update public.memberships set role = 'agent' where user_id = tests.user_id('owner') $$),
  0::bigint, 'owner cannot demote themselves (the store keeps its owner)');
select throws_ok($$ update public.memberships set store_id = tests.store_id('B') $$, '42501', null,
  'nobody moves a membership to another store');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('owner') $$), 0::bigint,
  'the owner cannot leave their own store');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('admin') $$), 1::bigint,
  'owner removes the admin');

-- any non-owner may leave
select tests.as_user('agent');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('agent') $$), 1::bigint,
  'a member (now admin) leaves store A');
select is(tests.count('public.stores'), 0::bigint, 'after leaving, the store is no longer visible');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.memberships'), 'A,B', 'service_role sees every membership');
select lives_ok($$ insert into public.memberships (store_id, user_id, role)
  values (tests.store_id('B'), tests.user_id('outsider'), 'agent') $$, 'service_role inserts a membership');
select is(tests.affected($$ update public.memberships set role = 'admin' where user_id = tests.user_id('outsider') $$),
  1::bigint, 'service_role changes a role');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('outsider') $$), 1::bigint,
  'service_role removes a member');
select throws_ok($$ insert into public.memberships (store_id, user_id, role)
  values (tests.store_id('B'), tests.user_id('outsider'), 'boss') $$, '22P02', null, 'roles are owner, admin or agent');

-- changes are audited
reset role;
select is((select count(*) from public.audit_log where action = 'memberships.deleted'
  and store_id = tests.store_id('A')), 2::bigint, 'removals from A are in the audit log');

select * from finish();
rollback;
