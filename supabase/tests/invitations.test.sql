-- invitations: owners and admins of a store see, create, revoke and delete its invitations; the invitee
-- sees pending invitations sent to their own e-mail; agents and outsiders see nothing.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(41);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.invitations $$, '42501', null, 'anon cannot select invitations');
select throws_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), 'x@example.com', 'agent') $$,
  '42501', null, 'anon cannot insert invitations');
select throws_ok($$ update public.invitations set status = 'revoked' $$, '42501', null, 'anon cannot update invitations');
select throws_ok($$ delete from public.invitations $$, '42501', null, 'anon cannot delete invitations');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.invitations'), 0::bigint, 'outsider sees no invitation');
select throws_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), 'x@example.com', 'agent') $$,
  '42501', null, 'outsider cannot invite to store A');
select is(tests.affected($$ update public.invitations set status = 'revoked' $$), 0::bigint, 'outsider revokes nothing');
select is(tests.affected($$ delete from public.invitations $$), 0::bigint, 'outsider deletes nothing');

-- the invitee (no membership yet): their own pending invitation, nothing else
select tests.as_user('invitee');
select results_eq($$ select id from public.invitations $$, $$ values (tests.row_id('invitation', 'A')) $$,
  'the invitee sees the invitation sent to their e-mail');
select is(tests.affected($$ update public.invitations set status = 'revoked' $$), 0::bigint,
  'the invitee cannot change the invitation');
select is(tests.affected($$ delete from public.invitations $$), 0::bigint, 'the invitee cannot delete the invitation');

-- agent of A
select tests.as_user('agent');
select is(tests.count('public.invitations'), 0::bigint, 'agent sees no invitation');
select throws_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), 'x@example.com', 'agent') $$,
  '42501', null, 'agent cannot invite');
select is(tests.affected($$ update public.invitations set status = 'revoked' $$), 0::bigint, 'agent cannot revoke');
select is(tests.affected($$ delete from public.invitations $$), 0::bigint, 'agent cannot delete invitations');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.invitations'), 'A', 'admin sees store A invitations only');
select lives_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), ' New.Agent@Example.COM ', 'agent') $$,
  'admin invites an agent');
select results_eq($$ select email, invited_by, status from public.invitations where email like 'new.agent%' $$,
  $$ values ('new.agent@example.com'::text, tests.user_id('admin'), 'pending'::public.invitation_status) $$,
  'the e-mail is stored trimmed and lower-case, invited_by is the admin, status pending');
select is((select length(token) from public.invitations where email = 'new.agent@example.com'), 48,
  'a random token is generated');
select throws_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), 'boss@example.com', 'owner') $$,
  '23514', null, 'nobody is invited as owner');
select throws_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('B'), 'x@example.com', 'agent') $$,
  '42501', null, 'admin of A cannot invite to store B');
select throws_ok($$ insert into public.invitations (store_id, email, role, invited_by)
  values (tests.store_id('A'), 'x@example.com', 'agent', tests.user_id('owner')) $$,
  '42501', null, 'admin cannot invite in someone else''s name');
select throws_ok($$ update public.invitations set role = 'admin' $$, '42501', null, 'the role of an invitation is fixed');
select is(tests.affected($$ update public.invitations set status = 'revoked' where email = 'new.agent@example.com' $$),
  1::bigint, 'admin revokes an invitation');
select throws_ok($$ update public.invitations set status = 'accepted' where id = tests.row_id('invitation', 'A') $$,
  '42501', null, 'admin cannot mark an invitation accepted');
select is(tests.affected($$ delete from public.invitations where email = 'new.agent@example.com' $$), 1::bigint,
  'admin deletes an invitation');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.invitations'), 'B', 'owner of B sees store B invitations only');
select is(tests.affected($$ update public.invitations set status = 'revoked' where store_id = tests.store_id('A') $$),
  0::bigint, 'owner of B cannot revoke invitations of A');
select is(tests.affected($$ delete from public.invitations where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot delete invitations of A');
select lives_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('B'), 'b@example.com', 'admin') $$,
  'owner of B invites an admin to B');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.invitations'), 'A', 'owner sees store A invitations only');
select lives_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), 'second@example.com', 'admin') $$,
  'owner invites an admin');
select is(tests.affected($$ update public.invitations set status = 'revoked' where email = 'second@example.com' $$),
  1::bigint, 'owner revokes an invitation');
select is(tests.affected($$ delete from public.invitations where email = 'second@example.com' $$), 1::bigint,
  'owner deletes an invitation');
select is(tests.affected($$ delete from public.invitations where store_id = tests.store_id('B') $$), 0::bigint,
  'owner of A cannot delete invitations of B');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.invitations'), 'A,B', 'service_role sees every invitation');
select lives_ok($$ insert into public.invitations (store_id, email, role) values (tests.store_id('A'), 'svc@example.com', 'agent') $$,
  'service_role inserts an invitation');
select is(tests.affected($$ update public.invitations set expires_at = now() + interval '1 day' where email = 'svc@example.com' $$),
  1::bigint, 'service_role updates an invitation');
select is(tests.affected($$ delete from public.invitations where email = 'svc@example.com' $$), 1::bigint,
  'service_role deletes an invitation');

-- audit trail
reset role;
select is((select count(*) from public.audit_log where action = 'invitations.created' and store_id = tests.store_id('A')),
  4::bigint, 'every invitation to A is in the audit log');
select is((select count(*) from public.audit_log where details ? 'token' or details::text like '%token-a%'), 0::bigint,
  'the audit log never records invitation tokens');

select * from finish();
rollback;
