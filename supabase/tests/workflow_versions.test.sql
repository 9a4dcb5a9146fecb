-- workflow_versions: published versions are frozen. Members read them; only publish_workflow (service role) writes.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(29);

-- rows of both stores, as the worker writes them
insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values
  (tests.row_id('workflow', 'A'), 1, tests.store_id('A'), '{}', '{}', 'conversation-started'),
  (tests.row_id('workflow', 'B'), 1, tests.store_id('B'), '{}', '{}', 'conversation-started');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.workflow_versions $$, '42501', null, 'anon cannot select workflow_versions');
select throws_ok($$ insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values (tests.row_id('workflow', 'A'), 2, tests.store_id('A'), '{}', '{}', 'x') $$, '42501', null, 'anon cannot insert workflow_versions');
select throws_ok($$ update public.workflow_versions set trigger_type = 'y' $$, '42501', null, 'anon cannot update workflow_versions');
select throws_ok($$ delete from public.workflow_versions $$, '42501', null, 'anon cannot delete workflow_versions');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.workflow_versions'), 0::bigint, 'outsider sees no workflow_versions row');
select throws_ok($$ insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values (tests.row_id('workflow', 'A'), 2, tests.store_id('A'), '{}', '{}', 'x') $$, '42501', null, 'outsider cannot insert workflow_versions');
select throws_ok($$ update public.workflow_versions set trigger_type = 'y' $$, '42501', null, 'outsider cannot update workflow_versions');
select throws_ok($$ delete from public.workflow_versions $$, '42501', null, 'outsider cannot delete workflow_versions');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.workflow_versions'), 'A', 'agent sees store A rows only');
select throws_ok($$ insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values (tests.row_id('workflow', 'A'), 2, tests.store_id('A'), '{}', '{}', 'x') $$, '42501', null, 'agent cannot insert workflow_versions');
select throws_ok($$ update public.workflow_versions set trigger_type = 'y' $$, '42501', null, 'agent cannot update workflow_versions');
select throws_ok($$ delete from public.workflow_versions $$, '42501', null, 'agent cannot delete workflow_versions');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.workflow_versions'), 'A', 'admin sees store A rows only');
select throws_ok($$ insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values (tests.row_id('workflow', 'A'), 2, tests.store_id('A'), '{}', '{}', 'x') $$, '42501', null, 'admin cannot insert workflow_versions');
select throws_ok($$ update public.workflow_versions set trigger_type = 'y' $$, '42501', null, 'admin cannot update workflow_versions');
select throws_ok($$ delete from public.workflow_versions $$, '42501', null, 'admin cannot delete workflow_versions');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.workflow_versions'), 'B', 'owner of B sees store B rows only');
select throws_ok($$ insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values (tests.row_id('workflow', 'B'), 2, tests.store_id('B'), '{}', '{}', 'x') $$, '42501', null, 'owner of B cannot insert workflow_versions');
select throws_ok($$ update public.workflow_versions set trigger_type = 'y' $$, '42501', null, 'owner of B cannot update workflow_versions');
select throws_ok($$ delete from public.workflow_versions $$, '42501', null, 'owner of B cannot delete workflow_versions');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.workflow_versions'), 'A', 'owner sees store A rows only');
select throws_ok($$ insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values (tests.row_id('workflow', 'A'), 2, tests.store_id('A'), '{}', '{}', 'x') $$, '42501', null, 'owner cannot insert workflow_versions');
select throws_ok($$ update public.workflow_versions set trigger_type = 'y' $$, '42501', null, 'owner cannot update workflow_versions');
select throws_ok($$ delete from public.workflow_versions $$, '42501', null, 'owner cannot delete workflow_versions');

-- service_role (the worker)
select tests.as_service();
select is(tests.seen_fixtures('public.workflow_versions'), 'A,B', 'service_role sees every workflow_versions row');
select lives_ok($$ insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type) values (tests.row_id('workflow', 'B'), 2, tests.store_id('B'), '{}', '{}', 'x') $$, 'service_role inserts workflow_versions');
select throws_ok($$ update public.workflow_versions set trigger_type = 'y' $$, '42501', 'a published workflow version cannot be changed; publish a new one', 'not even service_role changes a published version');
select lives_ok($$ delete from public.workflow_versions where version = 2 $$, 'service_role deletes versions');

-- integrity
reset role;
delete from public.workflows where id = tests.row_id('workflow', 'A');
select is((select count(*) from public.workflow_versions where store_id = tests.store_id('A')), 0::bigint, 'deleting a workflow deletes its versions');

select * from finish();
rollback;
