-- workflow_runs: members of a store read its runs (the live run log); only service_role (the workflow
-- runner) writes them.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(30);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.workflow_runs $$, '42501', null, 'anon cannot select workflow runs');
select throws_ok($$ insert into public.workflow_runs (store_id, workflow_id) values (tests.store_id('A'), tests.row_id('workflow', 'A')) $$, '42501', null, 'anon cannot insert workflow runs');
select throws_ok($$ update public.workflow_runs set status = 'failed' $$, '42501', null, 'anon cannot update workflow runs');
select throws_ok($$ delete from public.workflow_runs $$, '42501', null, 'anon cannot delete workflow runs');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.workflow_runs'), 0::bigint, 'outsider sees no workflow run');
select throws_ok($$ insert into public.workflow_runs (store_id, workflow_id) values (tests.store_id('A'), tests.row_id('workflow', 'A')) $$, '42501', null, 'outsider cannot insert workflow runs');
select throws_ok($$ update public.workflow_runs set status = 'failed' $$, '42501', null, 'outsider cannot update workflow runs');
select throws_ok($$ delete from public.workflow_runs $$, '42501', null, 'outsider cannot delete workflow runs');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.workflow_runs'), 'A', 'agent sees store A workflow runs only');
select throws_ok($$ insert into public.workflow_runs (store_id, workflow_id) values (tests.store_id('A'), tests.row_id('workflow', 'A')) $$, '42501', null, 'agent cannot insert workflow runs');
select throws_ok($$ update public.workflow_runs set status = 'failed' $$, '42501', null, 'agent cannot update workflow runs');
select throws_ok($$ delete from public.workflow_runs $$, '42501', null, 'agent cannot delete workflow runs');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.workflow_runs'), 'A', 'admin sees store A workflow runs only');
select throws_ok($$ insert into public.workflow_runs (store_id, workflow_id) values (tests.store_id('A'), tests.row_id('workflow', 'A')) $$, '42501', null, 'admin cannot insert workflow runs');
select throws_ok($$ update public.workflow_runs set status = 'failed' $$, '42501', null, 'admin cannot update workflow runs');
select throws_ok($$ delete from public.workflow_runs $$, '42501', null, 'admin cannot delete workflow runs');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.workflow_runs'), 'B', 'owner of B sees store B workflow runs only');
select throws_ok($$ insert into public.workflow_runs (store_id, workflow_id) values (tests.store_id('B'), tests.row_id('workflow', 'B')) $$, '42501', null, 'owner of B cannot insert workflow runs');
select throws_ok($$ update public.workflow_runs set status = 'failed' $$, '42501', null, 'owner of B cannot update workflow runs');
select throws_ok($$ delete from public.workflow_runs $$, '42501', null, 'owner of B cannot delete workflow runs');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.workflow_runs'), 'A', 'owner sees store A workflow runs only');
select throws_ok($$ insert into public.workflow_runs (store_id, workflow_id) values (tests.store_id('A'), tests.row_id('workflow', 'A')) $$, '42501', null, 'owner cannot insert workflow runs');
select throws_ok($$ update public.workflow_runs set status = 'failed' $$, '42501', null, 'owner cannot update workflow runs');
select throws_ok($$ delete from public.workflow_runs $$, '42501', null, 'owner cannot delete workflow runs');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.workflow_runs'), 'A,B', 'service_role sees every workflow run');
select lives_ok($$ insert into public.workflow_runs (store_id, workflow_id) values (tests.store_id('B'), tests.row_id('workflow', 'B')) $$, 'service_role inserts workflow runs');
select is(tests.affected($$ update public.workflow_runs set status = 'failed' where store_id = tests.store_id('B') $$) > 0, true,
  'service_role updates workflow runs');
select is(tests.affected($$ delete from public.workflow_runs where store_id = tests.store_id('B') $$) > 0, true,
  'service_role deletes workflow runs');

-- integrity
reset role;
select throws_ok($$ insert into public.workflow_runs (store_id, workflow_id, session_id)
  values (tests.store_id('B'), tests.row_id('workflow', 'B'), tests.row_id('session', 'A')) $$, '23503', null,
  'a run of store B cannot point at a session of store A');
delete from public.chat_sessions where id = tests.row_id('session', 'A');
select results_eq($$ select store_id, session_id from public.workflow_runs where id = tests.row_id('run', 'A') $$,
  $$ values (tests.store_id('A'), null::uuid) $$, 'deleting a session keeps its runs (session cleared)');
select * from finish();
rollback;
