-- audit_log: owners and admins of a store read its audit trail; only service_role and the audit triggers write.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(33);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.audit_log $$, '42501', null, 'anon cannot select audit entries');
select throws_ok($$ insert into public.audit_log (store_id, action) values (tests.store_id('A'), 'test.action') $$, '42501', null, 'anon cannot insert audit entries');
select throws_ok($$ update public.audit_log set action = 'tampered' $$, '42501', null, 'anon cannot update audit entries');
select throws_ok($$ delete from public.audit_log $$, '42501', null, 'anon cannot delete audit entries');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.audit_log'), 0::bigint, 'outsider sees no audit entry');
select throws_ok($$ insert into public.audit_log (store_id, action) values (tests.store_id('A'), 'test.action') $$, '42501', null, 'outsider cannot insert audit entries');
select throws_ok($$ update public.audit_log set action = 'tampered' $$, '42501', null, 'outsider cannot update audit entries');
select throws_ok($$ delete from public.audit_log $$, '42501', null, 'outsider cannot delete audit entries');

-- agent of A
select tests.as_user('agent');
select is(tests.count('public.audit_log'), 0::bigint, 'agent sees no audit entry');
select throws_ok($$ insert into public.audit_log (store_id, action) values (tests.store_id('A'), 'test.action') $$, '42501', null, 'agent cannot insert audit entries');
select throws_ok($$ update public.audit_log set action = 'tampered' $$, '42501', null, 'agent cannot update audit entries');
select throws_ok($$ delete from public.audit_log $$, '42501', null, 'agent cannot delete audit entries');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.audit_log'), 'A', 'admin sees store A audit entries only');
select throws_ok($$ insert into public.audit_log (store_id, action) values (tests.store_id('A'), 'test.action') $$, '42501', null, 'admin cannot insert audit entries');
select throws_ok($$ update public.audit_log set action = 'tampered' $$, '42501', null, 'admin cannot update audit entries');
select throws_ok($$ delete from public.audit_log $$, '42501', null, 'admin cannot delete audit entries');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.audit_log'), 'B', 'owner of B sees store B audit entries only');
select throws_ok($$ insert into public.audit_log (store_id, action) values (tests.store_id('B'), 'test.action') $$, '42501', null, 'owner of B cannot insert audit entries');
select throws_ok($$ update public.audit_log set action = 'tampered' $$, '42501', null, 'owner of B cannot update audit entries');
select throws_ok($$ delete from public.audit_log $$, '42501', null, 'owner of B cannot delete audit entries');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.audit_log'), 'A', 'owner sees store A audit entries only');
select throws_ok($$ insert into public.audit_log (store_id, action) values (tests.store_id('A'), 'test.action') $$, '42501', null, 'owner cannot insert audit entries');
select throws_ok($$ update public.audit_log set action = 'tampered' $$, '42501', null, 'owner cannot update audit entries');
select throws_ok($$ delete from public.audit_log $$, '42501', null, 'owner cannot delete audit entries');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.audit_log'), 'A,B', 'service_role sees every audit entry');
select lives_ok($$ insert into public.audit_log (store_id, action) values (tests.store_id('B'), 'test.action') $$, 'service_role inserts audit entries');
select is(tests.affected($$ update public.audit_log set action = 'tampered' where store_id = tests.store_id('B') $$) > 0, true,
  'service_role updates audit entries');
select is(tests.affected($$ delete from public.audit_log where store_id = tests.store_id('B') $$) > 0, true,
  'service_role deletes audit entries');

-- what the triggers record
select tests.as_user('owner');
update public.stores set name = 'Store A, renamed' where id = tests.store_id('A');
update public.memberships set role = 'admin' where user_id = tests.user_id('agent');
reset role;
select results_eq($$ select actor_id, target, details ->> 'name', details -> 'old' ->> 'name' from public.audit_log
  where action = 'stores.updated' $$,
  $$ values (tests.user_id('owner'), 'store:' || tests.store_id('A'), 'Store A, renamed'::text, 'Store A'::text) $$,
  'renaming a store is audited with the actor and the old name');
select results_eq($$ select actor_id, details ->> 'role', details -> 'old' ->> 'role' from public.audit_log
  where action = 'memberships.updated' $$,
  $$ values (tests.user_id('owner'), 'admin'::text, 'agent'::text) $$, 'a role change is audited with the old role');
select is((select count(*) from public.audit_log where action = 'stores.created' and store_id = tests.store_id('A')), 1::bigint,
  'store creation is audited');
delete from public.stores where id = tests.store_id('B');
select results_eq($$ select store_id, details ->> 'store_id' from public.audit_log where action = 'stores.deleted' $$,
  $$ values (null::uuid, tests.store_id('B')::text) $$, 'a store''s deletion is audited and outlives the store');
select is((select count(*) from public.audit_log where action = 'memberships.deleted'), 0::bigint,
  'the memberships removed with a store are not logged one by one');
select * from finish();
rollback;
