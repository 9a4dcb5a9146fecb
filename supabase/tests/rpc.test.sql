-- create_store() and accept_invitation(): the two ways into a store.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(34);

-- create_store
select function_privs_are('public', 'create_store', array['text'], 'anon', array[]::text[],
  'anon may not execute create_store');
select function_privs_are('public', 'accept_invitation', array['text'], 'anon', array[]::text[],
  'anon may not execute accept_invitation');

select tests.as_anon();
select throws_ok($$ select public.create_store('Nope') $$, '42501', null, 'anon cannot create a store');

select tests.as_user('outsider');
select is(public.create_store('  Trail & Summit Co.  ') ->> 'name', 'Trail & Summit Co.',
  'a signed-in user creates a store (name trimmed)');
select is((select slug from public.stores where name = 'Trail & Summit Co.'), 'trail-summit-co',
  'the slug is derived from the name');
select results_eq($$ select role from public.memberships m join public.stores s on s.id = m.store_id
  where s.slug = 'trail-summit-co' and m.user_id = tests.user_id('outsider') $$, $$ values ('owner'::public.member_role) $$,
  'the creator is the owner, in the same step');
select is(tests.count('public.stores'), 1::bigint, 'the creator sees their new store');
select is(public.create_store('Trail & Summit Co') ->> 'slug', 'trail-summit-co-2',
  'a taken slug gets a suffix');
select is(public.create_store('Store A') ->> 'slug', 'store-a-2', 'the slug is unique across all stores');

-- Stores per account: three by default, then 403 store_limit (PostgREST reads response.status) and an audit entry.
select is(public.create_store('Fourth') ->> 'code', 'store_limit', 'a fourth store is refused by default');
select is(current_setting('response.status', true), '403', 'the refusal is answered 403');
select is(tests.count('public.stores'), 3::bigint, 'nothing was created by the refusal');
select tests.as_service();
select results_eq($$ select actor_id, action, details ->> 'limit' from public.audit_log
  where action = 'stores.create_refused' $$,
  $$ values (tests.user_id('outsider'), 'stores.create_refused'::text, '3'::text) $$,
  'the refusal is in the audit log, with the actor and the limit');
reset role;
insert into private.account_limits (user_id, max_stores) values (tests.user_id('outsider'), 5);
select tests.as_user('outsider');
select is(public.create_store('!!!') ->> 'slug', 'store', 'a raised limit allows more (and a name without letters still gets a slug)');
select throws_ok($$ select public.create_store('') $$, '22023', 'A store name must have 1 to 80 characters',
  'an empty name is refused');
select throws_ok($$ select public.create_store(repeat('x', 81)) $$, '22023', null, 'a name over 80 characters is refused');
select is((select ca.status from public.chatwoot_accounts ca join public.stores s on s.id = ca.store_id
  where s.slug = 'trail-summit-co'), 'pending', 'the new store''s Chatwoot account is pending');

select set_config('request.jwt.claims', json_build_object('role', 'authenticated')::text, true);
select throws_ok($$ select public.create_store('No user') $$, '28000', null, 'a token without a user is refused');

select tests.as_user('visitor');
select throws_ok($$ select public.create_store('Anonymous shop') $$, '42501', 'Anonymous users cannot create stores',
  'anonymous (widget) users cannot create stores');

select tests.as_service();
select throws_ok($$ select public.create_store('Service shop') $$, '28000', null,
  'service_role without a user cannot create a store through the RPC');

-- accept_invitation
select tests.as_anon();
select throws_ok($$ select public.accept_invitation('token-a') $$, '42501', null, 'anon cannot accept invitations');

select tests.as_user('outsider');
select throws_ok($$ select public.accept_invitation('token-a') $$, '42501',
  'This invitation was sent to another e-mail address', 'another user cannot accept the invitation');
select throws_ok($$ select public.accept_invitation('no-such-token') $$, 'P0001', 'This invitation does not exist',
  'an unknown token is refused');

select tests.as_user('invitee');
select is(tests.count('public.memberships'), 0::bigint, 'before accepting, the invitee sees no member of A');
select results_eq($$ select store_id, user_id, role from public.accept_invitation('token-a') $$,
  $$ values (tests.store_id('A'), tests.user_id('invitee'), 'agent'::public.member_role) $$,
  'the invitee accepts and becomes an agent of A');
select is(tests.seen('public.stores', 'id'), 'A', 'after accepting, the invitee sees store A');
select throws_ok($$ select public.accept_invitation('token-a') $$, 'P0001', 'This invitation has already been accepted',
  'an invitation is accepted only once');

reset role;
select results_eq($$ select status, accepted_at is not null from public.invitations where token = 'token-a' $$,
  $$ values ('accepted'::public.invitation_status, true) $$, 'the invitation is marked accepted');
insert into public.invitations (store_id, email, role, token, status) values
  (tests.store_id('B'), 'outsider@test.parley.dev', 'agent', 'token-revoked', 'revoked');
insert into public.invitations (store_id, email, role, token, expires_at) values
  (tests.store_id('B'), 'outsider@test.parley.dev', 'agent', 'token-expired', now() - interval '1 minute');
insert into public.invitations (store_id, email, role, token) values
  (tests.store_id('B'), 'OUTSIDER@test.parley.dev', 'admin', 'token-upper');
insert into public.invitations (store_id, email, role, token) values
  (tests.store_id('A'), 'agent@test.parley.dev', 'admin', 'token-member');

select tests.as_user('outsider');
select throws_ok($$ select public.accept_invitation('token-revoked') $$, 'P0001', 'This invitation has been revoked',
  'a revoked invitation is refused');
select throws_ok($$ select public.accept_invitation('token-expired') $$, 'P0001', 'This invitation has expired',
  'an expired invitation is refused');
select is((select role from public.accept_invitation('token-upper')), 'admin',
  'the e-mail matches case-insensitively; the invited role is given');

select tests.as_user('agent');
select is((select role from public.accept_invitation('token-member')), 'agent',
  'an existing member keeps their role when accepting another invitation');

reset role;
select is((select count(*) from public.audit_log where action = 'memberships.created'
  and target = 'user:' || tests.user_id('invitee')), 1::bigint, 'joining a store is audited');
select is((select count(*) from public.outbox where topic = 'chatwoot.provision_account'
  and payload ->> 'slug' like 'trail-summit-co%'), 2::bigint, 'each created store enqueued its Chatwoot provisioning');

select * from finish();
rollback;
