-- workflows: members of a store read its workflows; owners and admins create, edit and delete them.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(32);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.workflows $$, '42501', null, 'anon cannot select workflows');
select throws_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null, 'anon cannot insert workflows');
select throws_ok($$ update public.workflows set enabled = true $$, '42501', null, 'anon cannot update workflows');
select throws_ok($$ delete from public.workflows $$, '42501', null, 'anon cannot delete workflows');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.workflows'), 0::bigint, 'outsider sees no workflow');
select throws_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null, 'outsider cannot add a workflow to store A');
select is(tests.affected($$ update public.workflows set enabled = true $$), 0::bigint, 'outsider updates no workflow');
select is(tests.affected($$ delete from public.workflows $$), 0::bigint, 'outsider deletes no workflow');

-- agent of A: read only
select tests.as_user('agent');
select is(tests.seen('public.workflows'), 'A', 'agent sees store A workflows only');
select throws_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null, 'agent cannot add a workflow');
select is(tests.affected($$ update public.workflows set enabled = true $$), 0::bigint, 'agent cannot edit workflows');
select is(tests.affected($$ delete from public.workflows $$), 0::bigint, 'agent cannot delete workflows');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.workflows'), 'A', 'admin sees store A workflows only');
select lives_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('A'), 'Admin row') $$, 'admin adds a workflow to A');
select throws_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('B'), 'X') $$, '42501', null, 'admin of A cannot add a workflow to B');
select is(tests.affected($$ update public.workflows set enabled = true where store_id = tests.store_id('A') $$), 2::bigint,
  'admin edits the workflows of A');
select is(tests.affected($$ update public.workflows set enabled = true where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot edit the workflows of B');
select is(tests.affected($$ delete from public.workflows where name = 'Admin row' $$), 1::bigint, 'admin deletes a workflow');
select is(tests.affected($$ delete from public.workflows where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot delete the workflows of B');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.workflows'), 'B', 'owner of B sees store B workflows only');
select throws_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('A'), 'X') $$, '42501', null, 'owner of B cannot add a workflow to A');
select is(tests.affected($$ update public.workflows set enabled = true where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot edit the workflows of A');
select is(tests.affected($$ delete from public.workflows where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot delete the workflows of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.workflows'), 'A', 'owner sees store A workflows only');
select lives_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('A'), 'Owner row') $$, 'owner adds a workflow');
select is(tests.affected($$ update public.workflows set enabled = true where name = 'Owner row' $$), 1::bigint, 'owner edits a workflow');
select is(tests.affected($$ delete from public.workflows where name = 'Owner row' $$), 1::bigint, 'owner deletes a workflow');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.workflows'), 'A,B', 'service_role sees every workflow');
select lives_ok($$ insert into public.workflows (store_id, name) values (tests.store_id('B'), 'Service row') $$, 'service_role adds a workflow');
select is(tests.affected($$ update public.workflows set enabled = true where name = 'Service row' $$), 1::bigint,
  'service_role edits a workflow');
select is(tests.affected($$ delete from public.workflows where name = 'Service row' $$), 1::bigint, 'service_role deletes a workflow');

-- integrity
reset role;
delete from public.workflows where id = tests.row_id('workflow', 'A');
select is((select count(*) from public.workflow_runs where store_id = tests.store_id('A')), 0::bigint,
  'deleting a workflow deletes its runs');
select * from finish();
rollback;
