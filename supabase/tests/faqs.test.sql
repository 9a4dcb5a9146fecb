-- faqs: members of a store read its FAQs; owners and admins create, edit and delete them.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(32);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.faqs $$, '42501', null, 'anon cannot select FAQs');
select throws_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'An answer.') $$, '42501', null, 'anon cannot insert FAQs');
select throws_ok($$ update public.faqs set answer = 'Changed.' $$, '42501', null, 'anon cannot update FAQs');
select throws_ok($$ delete from public.faqs $$, '42501', null, 'anon cannot delete FAQs');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.faqs'), 0::bigint, 'outsider sees no FAQ');
select throws_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'An answer.') $$, '42501', null, 'outsider cannot add a FAQ to store A');
select is(tests.affected($$ update public.faqs set answer = 'Changed.' $$), 0::bigint, 'outsider updates no FAQ');
select is(tests.affected($$ delete from public.faqs $$), 0::bigint, 'outsider deletes no FAQ');

-- agent of A: read only
select tests.as_user('agent');
select is(tests.seen('public.faqs'), 'A', 'agent sees store A FAQs only');
select throws_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'An answer.') $$, '42501', null, 'agent cannot add a FAQ');
select is(tests.affected($$ update public.faqs set answer = 'Changed.' $$), 0::bigint, 'agent cannot edit FAQs');
select is(tests.affected($$ delete from public.faqs $$), 0::bigint, 'agent cannot delete FAQs');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.faqs'), 'A', 'admin sees store A FAQs only');
select lives_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Admin row', 'An answer.') $$, 'admin adds a FAQ to A');
select throws_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('B'), tests.row_id('chatbot', 'B'), 'X', 'An answer.') $$, '42501', null, 'admin of A cannot add a FAQ to B');
select is(tests.affected($$ update public.faqs set answer = 'Changed.' where store_id = tests.store_id('A') $$), 2::bigint,
  'admin edits the FAQs of A');
select is(tests.affected($$ update public.faqs set answer = 'Changed.' where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot edit the FAQs of B');
select is(tests.affected($$ delete from public.faqs where question = 'Admin row' $$), 1::bigint, 'admin deletes a FAQ');
select is(tests.affected($$ delete from public.faqs where store_id = tests.store_id('B') $$), 0::bigint,
  'admin of A cannot delete the FAQs of B');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.faqs'), 'B', 'owner of B sees store B FAQs only');
select throws_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'An answer.') $$, '42501', null, 'owner of B cannot add a FAQ to A');
select is(tests.affected($$ update public.faqs set answer = 'Changed.' where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot edit the FAQs of A');
select is(tests.affected($$ delete from public.faqs where store_id = tests.store_id('A') $$), 0::bigint,
  'owner of B cannot delete the FAQs of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.faqs'), 'A', 'owner sees store A FAQs only');
select lives_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Owner row', 'An answer.') $$, 'owner adds a FAQ');
select is(tests.affected($$ update public.faqs set answer = 'Changed.' where question = 'Owner row' $$), 1::bigint, 'owner edits a FAQ');
select is(tests.affected($$ delete from public.faqs where question = 'Owner row' $$), 1::bigint, 'owner deletes a FAQ');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.faqs'), 'A,B', 'service_role sees every FAQ');
select lives_ok($$ insert into public.faqs (store_id, chatbot_id, question, answer) values (tests.store_id('B'), tests.row_id('chatbot', 'B'), 'Service row', 'An answer.') $$, 'service_role adds a FAQ');
select is(tests.affected($$ update public.faqs set answer = 'Changed.' where question = 'Service row' $$), 1::bigint,
  'service_role edits a FAQ');
select is(tests.affected($$ delete from public.faqs where question = 'Service row' $$), 1::bigint, 'service_role deletes a FAQ');

-- integrity
reset role;
delete from public.chatbots where id = tests.row_id('chatbot', 'A');
select is((select count(*) from public.faqs where store_id = tests.store_id('A')), 0::bigint,
  'deleting a chatbot deletes its FAQs');
select * from finish();
rollback;
