-- stores: members read their own stores; only the owner renames or deletes; nobody inserts directly
-- (create_store() does); service_role does anything.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(37);

-- anon: no privileges at all
select tests.as_anon();
select throws_ok($$ select * from public.stores $$, '42501', null, 'anon cannot select stores');
select throws_ok($$ insert into public.stores (name, slug) values ('X', 'x') $$, '42501', null, 'anon cannot insert stores');
select throws_ok($$ update public.stores set name = 'X' $$, '42501', null, 'anon cannot update stores');
select throws_ok($$ delete from public.stores $$, '42501', null, 'anon cannot delete stores');

-- signed in, no membership: sees and changes nothing
select tests.as_user('outsider');
select is(tests.count('public.stores'), 0::bigint, 'outsider sees no store at all');
select throws_ok($$ insert into public.stores (name, slug) values ('X', 'x') $$, '42501', null,
  'outsider cannot insert a store directly');
select is(tests.affected($$ update public.stores set name = 'Hacked' $$), 0::bigint, 'outsider updates no store');
select is(tests.affected($$ delete from public.stores $$), 0::bigint, 'outsider deletes no store');

-- invited to A, not yet a member: may read the inviting store's row (to show its name), nothing more
select tests.as_user('invitee');
select is(tests.seen('public.stores', 'id'), 'A', 'the invitee sees the store that invited them');
select is(tests.affected($$ update public.stores set name = 'Hacked' $$), 0::bigint, 'the invitee cannot rename it');
select is(tests.affected($$ delete from public.stores $$), 0::bigint, 'the invitee cannot delete it');
reset role;
update public.invitations set status = 'revoked' where id = tests.row_id('invitation', 'A');
select tests.as_user('invitee');
select is(tests.count('public.stores'), 0::bigint, 'once the invitation is revoked, the store is hidden again');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.stores', 'id'), 'A', 'agent sees store A only');
select throws_ok($$ insert into public.stores (name, slug) values ('X', 'x') $$, '42501', null,
  'agent cannot insert a store directly');
select is(tests.affected($$ update public.stores set name = 'Renamed' $$), 0::bigint, 'agent cannot rename the store');
select is(tests.affected($$ delete from public.stores $$), 0::bigint, 'agent cannot delete the store');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.stores', 'id'), 'A', 'admin sees store A only');
select throws_ok($$ insert into public.stores (name, slug) values ('X', 'x') $$, '42501', null,
  'admin cannot insert a store directly');
select is(tests.affected($$ update public.stores set name = 'Renamed' $$), 0::bigint, 'admin cannot rename the store');
select is(tests.affected($$ delete from public.stores $$), 0::bigint, 'admin cannot delete the store');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.stores', 'id'), 'B', 'owner of B sees store B only');
select is(tests.affected($$ update public.stores set name = 'Mine now' where slug = 'store-a' $$), 0::bigint,
  'owner of B cannot rename store A');
select is(tests.affected($$ delete from public.stores where slug = 'store-a' $$), 0::bigint,
  'owner of B cannot delete store A');
select is(tests.affected($$ update public.stores set name = 'Store B renamed' where slug = 'store-b' $$), 1::bigint,
  'owner of B renames store B');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.stores', 'id'), 'A', 'owner sees store A only');
select throws_ok($$ insert into public.stores (name, slug) values ('X', 'x') $$, '42501', null,
  'owner cannot insert a store directly (create_store does)');
select is(tests.affected($$ update public.stores set name = 'Store A renamed' $$), 1::bigint, 'owner renames store A');
select throws_ok($$ update public.stores set status = 'active' $$, '42501', null,
  'owner cannot change the store status (service only)');
select throws_ok($$ update public.stores set slug = 'store-b' $$, '23505', null, 'slugs stay unique');
select is(tests.affected($$ delete from public.stores where slug = 'store-b' $$), 0::bigint, 'owner cannot delete store B');

-- service_role: bypasses RLS
select tests.as_service();
select is(tests.seen_fixtures('public.stores', 'id'), 'A,B', 'service_role sees every store');
select lives_ok($$ insert into public.stores (name, slug) values ('Service store', 'service-store') $$,
  'service_role inserts a store');
select is(tests.affected($$ update public.stores set status = 'suspended' where slug = 'store-b' $$), 1::bigint,
  'service_role suspends store B');
select is(tests.affected($$ delete from public.stores where slug = 'service-store' $$), 1::bigint,
  'service_role deletes a store');

-- the owner deletes their store; everything of the store goes with it
select tests.as_user('owner');
select is(tests.affected($$ delete from public.stores where slug = 'store-a' $$), 1::bigint, 'owner deletes store A');
reset role;
select is((select count(*) from public.chatbots where store_id = tests.store_id('A')), 0::bigint,
  'deleting a store removes its chatbots');
select is((select count(*) from public.memberships where store_id = tests.store_id('A')), 0::bigint,
  'deleting a store removes its memberships');

select * from finish();
rollback;
