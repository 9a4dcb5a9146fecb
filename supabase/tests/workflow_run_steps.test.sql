-- workflow_run_steps: the run log. Members read it (live over Realtime); only the worker writes it.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(29);

-- rows of both stores, as the worker writes them
insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values
  (tests.store_id('A'), tests.row_id('run', 'A'), 1, 'trigger', 'conversation-started', 'trigger', 'succeeded'),
  (tests.store_id('B'), tests.row_id('run', 'B'), 1, 'trigger', 'conversation-started', 'trigger', 'succeeded');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.workflow_run_steps $$, '42501', null, 'anon cannot select workflow_run_steps');
select throws_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('A'), tests.row_id('run', 'A'), 2, 'x', 'x', 'action', 'running') $$, '42501', null, 'anon cannot insert workflow_run_steps');
select throws_ok($$ update public.workflow_run_steps set status = 'failed' $$, '42501', null, 'anon cannot update workflow_run_steps');
select throws_ok($$ delete from public.workflow_run_steps $$, '42501', null, 'anon cannot delete workflow_run_steps');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.workflow_run_steps'), 0::bigint, 'outsider sees no workflow_run_steps row');
select throws_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('A'), tests.row_id('run', 'A'), 2, 'x', 'x', 'action', 'running') $$, '42501', null, 'outsider cannot insert workflow_run_steps');
select throws_ok($$ update public.workflow_run_steps set status = 'failed' $$, '42501', null, 'outsider cannot update workflow_run_steps');
select throws_ok($$ delete from public.workflow_run_steps $$, '42501', null, 'outsider cannot delete workflow_run_steps');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.workflow_run_steps'), 'A', 'agent sees store A rows only');
select throws_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('A'), tests.row_id('run', 'A'), 2, 'x', 'x', 'action', 'running') $$, '42501', null, 'agent cannot insert workflow_run_steps');
select throws_ok($$ update public.workflow_run_steps set status = 'failed' $$, '42501', null, 'agent cannot update workflow_run_steps');
select throws_ok($$ delete from public.workflow_run_steps $$, '42501', null, 'agent cannot delete workflow_run_steps');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.workflow_run_steps'), 'A', 'admin sees store A rows only');
select throws_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('A'), tests.row_id('run', 'A'), 2, 'x', 'x', 'action', 'running') $$, '42501', null, 'admin cannot insert workflow_run_steps');
select throws_ok($$ update public.workflow_run_steps set status = 'failed' $$, '42501', null, 'admin cannot update workflow_run_steps');
select throws_ok($$ delete from public.workflow_run_steps $$, '42501', null, 'admin cannot delete workflow_run_steps');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.workflow_run_steps'), 'B', 'owner of B sees store B rows only');
select throws_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('B'), tests.row_id('run', 'B'), 2, 'x', 'x', 'action', 'running') $$, '42501', null, 'owner of B cannot insert workflow_run_steps');
select throws_ok($$ update public.workflow_run_steps set status = 'failed' $$, '42501', null, 'owner of B cannot update workflow_run_steps');
select throws_ok($$ delete from public.workflow_run_steps $$, '42501', null, 'owner of B cannot delete workflow_run_steps');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.workflow_run_steps'), 'A', 'owner sees store A rows only');
select throws_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('A'), tests.row_id('run', 'A'), 2, 'x', 'x', 'action', 'running') $$, '42501', null, 'owner cannot insert workflow_run_steps');
select throws_ok($$ update public.workflow_run_steps set status = 'failed' $$, '42501', null, 'owner cannot update workflow_run_steps');
select throws_ok($$ delete from public.workflow_run_steps $$, '42501', null, 'owner cannot delete workflow_run_steps');

-- service_role (the worker)
select tests.as_service();
select is(tests.seen_fixtures('public.workflow_run_steps'), 'A,B', 'service_role sees every workflow_run_steps row');
select lives_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('B'), tests.row_id('run', 'B'), 2, 'x', 'x', 'action', 'running') $$, 'service_role inserts workflow_run_steps');
select lives_ok($$ update public.workflow_run_steps set status = 'failed' where seq = 2 $$, 'service_role updates steps');
select throws_ok($$ insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status) values (tests.store_id('B'), tests.row_id('run', 'B'), 2, 'x', 'x', 'action', 'running') $$, '23505', null, 'one row per step of a run');

-- integrity
reset role;
delete from public.workflow_runs where id = tests.row_id('run', 'A');
select is((select count(*) from public.workflow_run_steps where store_id = tests.store_id('A')), 0::bigint, 'deleting a run deletes its steps');

select * from finish();
rollback;
