-- workflow_split_assignments: the A/B branch each conversation got (sticky). Members read; the worker writes.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(28);

-- rows of both stores, as the worker writes them
insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values
  (tests.row_id('workflow', 'A'), 'split', tests.row_id('session', 'A'), tests.store_id('A'), 'a'),
  (tests.row_id('workflow', 'B'), 'split', tests.row_id('session', 'B'), tests.store_id('B'), 'b');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.workflow_split_assignments $$, '42501', null, 'anon cannot select workflow_split_assignments');
select throws_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'A'), 'other', tests.row_id('session', 'A'), tests.store_id('A'), 'a') $$, '42501', null, 'anon cannot insert workflow_split_assignments');
select throws_ok($$ update public.workflow_split_assignments set branch = 'z' $$, '42501', null, 'anon cannot update workflow_split_assignments');
select throws_ok($$ delete from public.workflow_split_assignments $$, '42501', null, 'anon cannot delete workflow_split_assignments');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.workflow_split_assignments'), 0::bigint, 'outsider sees no workflow_split_assignments row');
select throws_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'A'), 'other', tests.row_id('session', 'A'), tests.store_id('A'), 'a') $$, '42501', null, 'outsider cannot insert workflow_split_assignments');
select throws_ok($$ update public.workflow_split_assignments set branch = 'z' $$, '42501', null, 'outsider cannot update workflow_split_assignments');
select throws_ok($$ delete from public.workflow_split_assignments $$, '42501', null, 'outsider cannot delete workflow_split_assignments');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.workflow_split_assignments'), 'A', 'agent sees store A rows only');
select throws_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'A'), 'other', tests.row_id('session', 'A'), tests.store_id('A'), 'a') $$, '42501', null, 'agent cannot insert workflow_split_assignments');
select throws_ok($$ update public.workflow_split_assignments set branch = 'z' $$, '42501', null, 'agent cannot update workflow_split_assignments');
select throws_ok($$ delete from public.workflow_split_assignments $$, '42501', null, 'agent cannot delete workflow_split_assignments');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.workflow_split_assignments'), 'A', 'admin sees store A rows only');
select throws_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'A'), 'other', tests.row_id('session', 'A'), tests.store_id('A'), 'a') $$, '42501', null, 'admin cannot insert workflow_split_assignments');
select throws_ok($$ update public.workflow_split_assignments set branch = 'z' $$, '42501', null, 'admin cannot update workflow_split_assignments');
select throws_ok($$ delete from public.workflow_split_assignments $$, '42501', null, 'admin cannot delete workflow_split_assignments');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.workflow_split_assignments'), 'B', 'owner of B sees store B rows only');
select throws_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'B'), 'other', tests.row_id('session', 'B'), tests.store_id('B'), 'a') $$, '42501', null, 'owner of B cannot insert workflow_split_assignments');
select throws_ok($$ update public.workflow_split_assignments set branch = 'z' $$, '42501', null, 'owner of B cannot update workflow_split_assignments');
select throws_ok($$ delete from public.workflow_split_assignments $$, '42501', null, 'owner of B cannot delete workflow_split_assignments');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.workflow_split_assignments'), 'A', 'owner sees store A rows only');
select throws_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'A'), 'other', tests.row_id('session', 'A'), tests.store_id('A'), 'a') $$, '42501', null, 'owner cannot insert workflow_split_assignments');
select throws_ok($$ update public.workflow_split_assignments set branch = 'z' $$, '42501', null, 'owner cannot update workflow_split_assignments');
select throws_ok($$ delete from public.workflow_split_assignments $$, '42501', null, 'owner cannot delete workflow_split_assignments');

-- service_role (the worker)
select tests.as_service();
select is(tests.seen_fixtures('public.workflow_split_assignments'), 'A,B', 'service_role sees every workflow_split_assignments row');
select lives_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'B'), 'other', tests.row_id('session', 'B'), tests.store_id('B'), 'a') $$, 'service_role inserts workflow_split_assignments');
select throws_ok($$ insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch) values (tests.row_id('workflow', 'A'), 'x', tests.row_id('session', 'B'), tests.store_id('A'), 'a') $$, '23503', null, 'an assignment cannot pair a workflow with another store''s conversation');

-- integrity
reset role;
delete from public.chat_sessions where id = tests.row_id('session', 'A');
select is((select count(*) from public.workflow_split_assignments where store_id = tests.store_id('A')), 0::bigint, 'deleting a conversation deletes its assignments');

select * from finish();
rollback;
