-- responder_failures: provider failures the chat function records; owners and admins read and dismiss them.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(31);

insert into public.responder_failures (store_id, chatbot_id, session_id, provider, kind, http_status, detail) values
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), tests.row_id('session', 'A'), 'openai', 'http_error', 500, 'down'),
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), tests.row_id('session', 'A'), 'openai', 'timeout', null, 'slow'),
  (tests.store_id('B'), tests.row_id('chatbot', 'B'), tests.row_id('session', 'B'), 'anthropic', 'rate_limited', 429, 'busy');

create function tests.insert_failure(p_label text) returns text language sql as $$
  select format($f$ insert into public.responder_failures (store_id, chatbot_id, provider, kind) values (%L, %L, 'openai', 'network') $f$,
    tests.store_id(p_label), tests.row_id('chatbot', p_label));
$$;
grant execute on function tests.insert_failure(text) to anon, authenticated, service_role;

select tests.as_anon();
select throws_ok($$ select * from public.responder_failures $$, '42501', null, 'anon cannot select failures');
select throws_ok(tests.insert_failure('A'), '42501', null, 'anon cannot insert failures');
select throws_ok($$ update public.responder_failures set detail = 'x' $$, '42501', null, 'anon cannot update failures');
select throws_ok($$ delete from public.responder_failures $$, '42501', null, 'anon cannot delete failures');

select tests.as_user('outsider');
select is(tests.count('public.responder_failures'), 0::bigint, 'outsider sees no failure');
select throws_ok(tests.insert_failure('A'), '42501', null, 'outsider cannot insert failures');
select throws_ok($$ update public.responder_failures set detail = 'x' $$, '42501', null, 'outsider cannot update failures');
select is(tests.affected($$ delete from public.responder_failures $$), 0::bigint, 'outsider dismisses no failure');

select tests.as_user('visitor');
select is(tests.count('public.responder_failures'), 0::bigint, 'a visitor sees no failure');

select tests.as_user('agent');
select is(tests.count('public.responder_failures'), 0::bigint, 'agent sees no failure (admins only)');
select throws_ok(tests.insert_failure('A'), '42501', null, 'agent cannot insert failures');
select throws_ok($$ update public.responder_failures set detail = 'x' $$, '42501', null, 'agent cannot update failures');
select is(tests.affected($$ delete from public.responder_failures $$), 0::bigint, 'agent dismisses no failure');

select tests.as_user('other_owner');
select is(tests.seen('public.responder_failures'), 'B', 'owner of B sees store B failures only');
select throws_ok(tests.insert_failure('B'), '42501', null, 'owner of B cannot insert failures');
select throws_ok($$ update public.responder_failures set detail = 'x' $$, '42501', null, 'owner of B cannot update failures');
select is(tests.affected($$ delete from public.responder_failures where store_id = tests.store_id('A') $$), 0::bigint, 'owner of B cannot dismiss A''s failures');

select tests.as_user('admin');
select is(tests.seen('public.responder_failures'), 'A', 'admin sees store A failures only');
select throws_ok(tests.insert_failure('A'), '42501', null, 'admin cannot insert failures');
select throws_ok($$ update public.responder_failures set detail = 'x' $$, '42501', null, 'admin cannot update failures');
select is(tests.affected($$ delete from public.responder_failures where kind = 'timeout' $$), 1::bigint, 'admin dismisses a failure of A');
select is(tests.affected($$ delete from public.responder_failures where store_id = tests.store_id('B') $$), 0::bigint, 'admin of A cannot dismiss B''s failures');

select tests.as_user('owner');
select is(tests.seen('public.responder_failures'), 'A', 'owner sees store A failures only');
select throws_ok(tests.insert_failure('A'), '42501', null, 'owner cannot insert failures');
select throws_ok($$ update public.responder_failures set detail = 'x' $$, '42501', null, 'owner cannot update failures');
select is(tests.affected($$ delete from public.responder_failures $$), 1::bigint, 'owner dismisses the failures of A');

select tests.as_service();
select is(tests.seen_fixtures('public.responder_failures'), 'B', 'service_role sees every failure left');
select lives_ok(tests.insert_failure('A'), 'service_role records a failure');
select is(tests.affected($$ update public.responder_failures set detail = 'x' where kind = 'network' $$), 1::bigint, 'service_role updates a failure');
select is(tests.affected($$ delete from public.responder_failures where kind = 'network' $$), 1::bigint, 'service_role deletes a failure');
select throws_ok($$ insert into public.responder_failures (store_id, chatbot_id, provider, kind) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'openai', 'boom') $$,
  '22P02', null, 'the kind is one of the known failures');

select * from finish();
rollback;
