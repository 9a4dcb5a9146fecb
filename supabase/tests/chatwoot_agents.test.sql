-- chatwoot_agents: owners and admins see their store's agents' Chatwoot sync state; only service_role
-- writes. Membership changes enqueue chatwoot.sync_agent / chatwoot.remove_agent. chatwoot_users (one
-- Chatwoot user per person, token encrypted) is reachable by service_role only. agent_context() answers
-- only inside the caller's own stores.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(46);

-- Store B gets its own account id and a synced agent row; A's session is linked to conversation 7.
update public.chatwoot_accounts set account_id = 101 where store_id = tests.store_id('B');
insert into public.chatwoot_agents (store_id, user_id, role, status)
  values (tests.store_id('B'), tests.user_id('other_owner'), 'owner', 'synced');
update public.chat_sessions set chatwoot_conversation_id = 7, lead_score = 80, summary = 'Wants a refund'
  where id = tests.row_id('session', 'A');
update public.chat_sessions set chatwoot_conversation_id = 7 where id = tests.row_id('session', 'B');
update public.messages set sentiment = 0.5 where store_id = tests.store_id('A') and sender = 'customer';

-- the fixture's admin and agent of A were enqueued when they joined
select results_eq($$ select payload ->> 'user_id', payload ->> 'role', payload ->> 'email' from public.outbox
  where topic = 'chatwoot.sync_agent' order by payload ->> 'role' $$,
  $$ values (tests.user_id('admin')::text, 'admin'::text, 'admin@test.parley.dev'::text),
            (tests.user_id('agent')::text, 'agent', 'agent@test.parley.dev') $$,
  'adding an admin and an agent enqueues chatwoot.sync_agent with their e-mail and role');
select is((select count(*) from public.outbox where topic = 'chatwoot.sync_agent'
  and payload ->> 'user_id' = tests.user_id('owner')::text), 0::bigint, 'the owner created with the store is not synced');
select results_eq($$ select user_id, status from public.chatwoot_agents where store_id = tests.store_id('A') order by role $$,
  $$ values (tests.user_id('admin'), 'pending'::public.chatwoot_agent_status), (tests.user_id('agent'), 'pending') $$,
  'each gets a pending chatwoot_agents row');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.chatwoot_agents $$, '42501', null, 'anon cannot select chatwoot_agents');
select throws_ok($$ insert into public.chatwoot_agents (store_id, user_id, role) values (tests.store_id('A'), tests.user_id('agent'), 'agent') $$,
  '42501', null, 'anon cannot insert chatwoot_agents');
select throws_ok($$ select public.agent_context(100, 7) $$, '42501', null, 'anon cannot call agent_context');
select throws_ok($$ select * from public.chatwoot_user_get(tests.user_id('agent')) $$, '42501', null, 'anon cannot read chatwoot users');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.chatwoot_agents'), 0::bigint, 'outsider sees no chatwoot_agents');
select is(public.agent_context(100, 7), null, 'outsider gets no context');

-- agent of A
select tests.as_user('agent');
select is(tests.count('public.chatwoot_agents'), 0::bigint, 'agent sees no chatwoot_agents (owners and admins only)');
select throws_ok($$ insert into public.chatwoot_agents (store_id, user_id, role) values (tests.store_id('A'), tests.user_id('agent'), 'agent') $$,
  '42501', null, 'agent cannot insert chatwoot_agents');
select throws_ok($$ update public.chatwoot_agents set status = 'synced' $$, '42501', null, 'agent cannot update chatwoot_agents');
select throws_ok($$ delete from public.chatwoot_agents $$, '42501', null, 'agent cannot delete chatwoot_agents');
select throws_ok($$ select * from public.chatwoot_user_get(tests.user_id('agent')) $$, '42501', null, 'agent cannot read chatwoot users');
select throws_ok($$ select public.chatwoot_user_save(tests.user_id('agent'), 1, 'x') $$, '42501', null, 'agent cannot write chatwoot users');
select throws_ok($$ select * from private.chatwoot_users $$, '42501', null, 'agent cannot read private.chatwoot_users');
select is(public.agent_context(100, 7) -> 'session' ->> 'id', tests.row_id('session', 'A')::text,
  'agent of A gets the context of A''s conversation');
select is(public.agent_context(100, 7) -> 'session' ->> 'summary', 'Wants a refund', 'the context carries the summary');
select is((public.agent_context(100, 7) -> 'session' ->> 'lead_score')::int, 80, 'and the lead score');
select is(jsonb_array_length(public.agent_context(100, 7) -> 'sentiment'), 1, 'and the sentiment points');
select is(public.agent_context(100, 7) -> 'contact' ->> 'email', 'buyer@example.com', 'and the contact');
select is(public.agent_context(101, 7), null, 'agent of A gets nothing for B''s account (forged id)');
select is(public.agent_context(100, 8) -> 'session', 'null'::jsonb, 'an unknown conversation of A has no session');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.chatwoot_agents'), 'A', 'admin sees store A chatwoot_agents only');
select throws_ok($$ update public.chatwoot_agents set status = 'synced' $$, '42501', null, 'admin cannot update chatwoot_agents');
select throws_ok($$ delete from public.chatwoot_agents $$, '42501', null, 'admin cannot delete chatwoot_agents');

-- owner of A / B
select tests.as_user('owner');
select is(tests.seen('public.chatwoot_agents'), 'A', 'owner sees store A chatwoot_agents only');
select throws_ok($$ insert into public.chatwoot_agents (store_id, user_id, role) values (tests.store_id('A'), tests.user_id('owner'), 'owner') $$,
  '42501', null, 'owner cannot insert chatwoot_agents');
select tests.as_user('other_owner');
select is(tests.seen('public.chatwoot_agents'), 'B', 'owner of B sees store B chatwoot_agents only');
select is(public.agent_context(100, 7), null, 'owner of B gets nothing for A''s account');
select is(public.agent_context(101, 7) -> 'session' ->> 'id', tests.row_id('session', 'B')::text,
  'owner of B gets B''s conversation 7, not A''s');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.chatwoot_agents'), 'A,B', 'service_role sees every chatwoot_agents row');
select is(tests.affected($$ update public.chatwoot_agents set status = 'synced', chatwoot_user_id = 5, synced_at = now()
  where store_id = tests.store_id('A') and user_id = tests.user_id('agent') $$), 1::bigint, 'service_role updates chatwoot_agents');
select lives_ok($$ select public.chatwoot_user_save(tests.user_id('agent'), 5, 'enc:token') $$, 'service_role saves a chatwoot user');
select lives_ok($$ select public.chatwoot_user_save(tests.user_id('agent'), 5, null) $$, 'saving again without a token keeps it');
select results_eq($$ select chatwoot_user_id, access_token from public.chatwoot_user_get(tests.user_id('agent')) $$,
  $$ values (5::bigint, 'enc:token'::text) $$, 'service_role reads the chatwoot user');

-- membership changes, as the users who make them
reset role;
select tests.as_user('invitee');
select lives_ok($$ select public.accept_invitation('token-a') $$, 'the invitee accepts');
reset role;
select is((select payload ->> 'role' from public.outbox where topic = 'chatwoot.sync_agent'
  and payload ->> 'user_id' = tests.user_id('invitee')::text), 'agent', 'accepting an invitation enqueues chatwoot.sync_agent');

-- the agent's first sync has run (a waiting one would read the new role itself)
update public.outbox set status = 'done', coalesce_key = null where topic = 'chatwoot.sync_agent'
  and payload ->> 'user_id' = tests.user_id('agent')::text;
select tests.as_user('owner');
select lives_ok($$ update public.memberships set role = 'admin' where user_id = tests.user_id('agent') and store_id = tests.store_id('A') $$,
  'the owner promotes the agent');
reset role;
select is((select count(*) from public.outbox where topic = 'chatwoot.sync_agent'
  and payload ->> 'user_id' = tests.user_id('agent')::text and payload ->> 'role' = 'admin'), 1::bigint,
  'a role change enqueues a sync with the new role');
select is((select status from public.chatwoot_agents where store_id = tests.store_id('A') and user_id = tests.user_id('agent')),
  'pending', 'and marks the agent pending');

select tests.as_user('owner');
select is(tests.affected($$ delete from public.memberships where user_id = tests.user_id('agent') and store_id = tests.store_id('A') $$),
  1::bigint, 'the owner removes the agent');
reset role;
select results_eq($$ select store_id, payload ->> 'user_id' from public.outbox where topic = 'chatwoot.remove_agent' $$,
  $$ values (tests.store_id('A'), tests.user_id('agent')::text) $$, 'removing a member enqueues chatwoot.remove_agent');
select is((select status from public.chatwoot_agents where store_id = tests.store_id('A') and user_id = tests.user_id('agent')),
  'removing', 'the row stays until Chatwoot confirms');

delete from public.stores where id = tests.store_id('A');
select is((select count(*) from public.outbox where topic = 'chatwoot.remove_agent'), 1::bigint,
  'deleting a store enqueues no per-agent removals (the account goes)');
select is((select count(*) from public.chatwoot_agents where store_id = tests.store_id('A')), 0::bigint,
  'and its chatwoot_agents rows go with it');

select * from finish();
rollback;
