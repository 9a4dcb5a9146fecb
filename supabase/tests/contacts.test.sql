-- contacts: members of a store read its contacts; owners and admins create, edit and delete them
-- (the chat function creates most of them with service_role).
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(34);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.contacts $$, '42501', null, 'anon cannot select contacts');
select throws_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('A'), 'someone@example.com', 'X') $$, '42501', null, 'anon cannot insert contacts');
select throws_ok($$ update public.contacts set custom_attributes = '{"vip": true}' $$, '42501', null, 'anon cannot update contacts');
select throws_ok($$ delete from public.contacts $$, '42501', null, 'anon cannot delete contacts');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.contacts'), 0::bigint, 'outsider sees no contact');
select throws_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('A'), 'someone@example.com', 'X') $$, '42501', null, 'outsider cannot add a contact to store A');
select is(tests.affected($$ update public.contacts set custom_attributes = '{"vip": true}' $$), 0::bigint, 'outsider updates no contact');
select is(tests.affected($$ delete from public.contacts $$), 0::bigint, 'outsider deletes no contact');

-- agent of A: read only
select tests.as_user('agent');
select is(tests.seen('public.contacts'), 'A', 'agent sees store A contacts only');
select throws_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('A'), 'someone@example.com', 'X') $$, '42501', null, 'agent cannot add a contact');
select is(tests.affected($$ update public.contacts set custom_attributes = '{"vip": true}' $$), 0::bigint, 'agent cannot edit contacts');
select is(tests.affected($$ delete from public.contacts $$), 0::bigint, 'agent cannot delete contacts');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.contacts'), 'A', 'admin sees store A contacts only');
select lives_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('A'), 'someone@example.com', 'Admin row') $$, 'admin adds a contact to A');
select throws_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('B'), 'someone@example.com', 'X') $$, '42501', null, 'admin of A cannot add a contact to B');
select is(tests.affected($$ update public.contacts set custom_attributes = '{"vip": true}' where store_id = tests.store_id('A') $$), 2::bigint,
  'admin edits the contacts of A');
select is(tests.affected($$ update public.contacts set custom_attributes = '{"vip": true}' where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot edit the contacts of B');
select is(tests.affected($$ delete from public.contacts where name = 'Admin row' $$), 1::bigint, 'admin deletes a contact');
select is(tests.affected($$ delete from public.contacts where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot delete the contacts of B');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.contacts'), 'B', 'owner of B sees store B contacts only');
select throws_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('A'), 'someone@example.com', 'X') $$, '42501', null, 'owner of B cannot add a contact to A');
select is(tests.affected($$ update public.contacts set custom_attributes = '{"vip": true}' where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot edit the contacts of A');
select is(tests.affected($$ delete from public.contacts where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot delete the contacts of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.contacts'), 'A', 'owner sees store A contacts only');
select lives_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('A'), 'someone@example.com', 'Owner row') $$, 'owner adds a contact');
select is(tests.affected($$ update public.contacts set custom_attributes = '{"vip": true}' where name = 'Owner row' $$), 1::bigint, 'owner edits a contact');
select is(tests.affected($$ delete from public.contacts where name = 'Owner row' $$), 1::bigint, 'owner deletes a contact');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.contacts'), 'A,B', 'service_role sees every contact');
select lives_ok($$ insert into public.contacts (store_id, email, name) values (tests.store_id('B'), 'someone@example.com', 'Service row') $$, 'service_role adds a contact');
select is(tests.affected($$ update public.contacts set custom_attributes = '{"vip": true}' where name = 'Service row' $$), 1::bigint,
  'service_role edits a contact');
select is(tests.affected($$ delete from public.contacts where name = 'Service row' $$), 1::bigint, 'service_role deletes a contact');

-- integrity
reset role;
insert into public.contacts (store_id, external_id) values (tests.store_id('A'), 'cust-1');
select throws_ok($$ insert into public.contacts (store_id, external_id) values (tests.store_id('A'), 'cust-1') $$,
  '23505', null, 'the store''s own customer id is unique within the store');
select lives_ok($$ insert into public.contacts (store_id, external_id) values (tests.store_id('B'), 'cust-1') $$,
  'another store may use the same customer id');
delete from public.contacts where id = tests.row_id('contact', 'A');
select results_eq($$ select store_id, contact_id from public.chat_sessions where id = tests.row_id('session', 'A') $$,
  $$ values (tests.store_id('A'), null::uuid) $$, 'deleting a contact keeps its sessions (contact cleared)');
select * from finish();
rollback;
