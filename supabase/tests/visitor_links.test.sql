-- Verified visitors: contact_visitors links a visitor (another device) to a contact after the chat function
-- checked an identity HMAC; the linked visitor then reads that contact's sessions and public messages.
-- Links are written only by service_role; members read them, owners and admins remove them.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(42);

-- Two more anonymous visitors: 'phone' (verified as contact A) and 'stranger' (knows contact A's e-mail).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, created_at, updated_at, is_anonymous)
select '00000000-0000-0000-0000-000000000000', id::uuid, 'authenticated', 'authenticated', null, '', now(), now(), true
from unnest(array['10000000-0000-4000-8000-0000000000f1', '10000000-0000-4000-8000-0000000000f2',
  '10000000-0000-4000-8000-0000000000f3']) id;

create function tests.as_device(p_id text, p_email text default null) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', p_id, 'role', 'authenticated',
    'aud', 'authenticated', 'email', p_email, 'is_anonymous', true)::text, true);
end;
$$;

insert into public.contact_visitors (store_id, contact_id, visitor_id) values
  (tests.store_id('A'), tests.row_id('contact', 'A'), '10000000-0000-4000-8000-0000000000f1'),
  (tests.store_id('B'), tests.row_id('contact', 'B'), '10000000-0000-4000-8000-0000000000f2');

create function tests.insert_link() returns text language sql as $$
  select format($f$ insert into public.contact_visitors (store_id, contact_id, visitor_id) values (%L, %L, %L) $f$,
    tests.store_id('A'), tests.row_id('contact', 'A'), '10000000-0000-4000-8000-0000000000f3');
$$;
grant execute on function tests.insert_link() to anon, authenticated, service_role;

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.contact_visitors $$, '42501', null, 'anon cannot select links');
select throws_ok(tests.insert_link(), '42501', null, 'anon cannot insert links');
select throws_ok($$ update public.contact_visitors set created_at = now() $$, '42501', null, 'anon cannot update links');
select throws_ok($$ delete from public.contact_visitors $$, '42501', null, 'anon cannot delete links');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.contact_visitors'), 0::bigint, 'outsider sees no link');
select throws_ok(tests.insert_link(), '42501', null, 'outsider cannot insert links');
select throws_ok($$ update public.contact_visitors set created_at = now() $$, '42501', null, 'outsider cannot update links');
select is(tests.affected($$ delete from public.contact_visitors $$), 0::bigint, 'outsider deletes no link');

-- the stranger, whose JWT even carries contact A's e-mail: an e-mail unlocks nothing
select tests.as_device('10000000-0000-4000-8000-0000000000f3', 'buyer@example.com');
select is(tests.count('public.contact_visitors'), 0::bigint, 'a stranger sees no link');
select throws_ok(tests.insert_link(), '42501', null, 'a visitor cannot link itself to a contact');
select is(tests.count('public.chat_sessions'), 0::bigint, 'a stranger with the contact''s e-mail sees no session');
select is(tests.count('public.messages'), 0::bigint, 'and no message');
select is(tests.count('public.contacts'), 0::bigint, 'and no contact');

-- the verified phone
select tests.as_device('10000000-0000-4000-8000-0000000000f1');
select is(tests.seen('public.contact_visitors'), 'A', 'a linked visitor sees its own link');
select is(tests.seen('public.chat_sessions'), 'A', 'a linked visitor reads the contact''s session');
select is(tests.count('public.messages'), 2::bigint, 'and its public messages, not the private note');
select is(tests.affected($$ delete from public.contact_visitors $$), 0::bigint, 'a visitor cannot remove links');
select throws_ok($$ update public.contact_visitors set created_at = now() $$, '42501', null, 'a visitor cannot update links');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content) values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', 'x') $$,
  '42501', null, 'a linked visitor still cannot write messages directly');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.contact_visitors'), 'A', 'agent sees store A links');
select throws_ok(tests.insert_link(), '42501', null, 'agent cannot insert links');
select throws_ok($$ update public.contact_visitors set created_at = now() $$, '42501', null, 'agent cannot update links');
select is(tests.affected($$ delete from public.contact_visitors $$), 0::bigint, 'agent cannot remove links');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.contact_visitors'), 'B', 'owner of B sees store B links only');
select throws_ok(tests.insert_link(), '42501', null, 'owner of B cannot insert links');
select is(tests.affected($$ delete from public.contact_visitors where store_id = tests.store_id('A') $$), 0::bigint, 'owner of B cannot remove A''s links');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.contact_visitors'), 'A', 'owner sees store A links only');
select throws_ok(tests.insert_link(), '42501', null, 'owner cannot insert links');
select throws_ok($$ update public.contact_visitors set created_at = now() $$, '42501', null, 'owner cannot update links');

-- admin of A removes the link (a shared device): the phone loses the history
select tests.as_user('admin');
select is(tests.seen('public.contact_visitors'), 'A', 'admin sees store A links only');
select throws_ok(tests.insert_link(), '42501', null, 'admin cannot insert links');
select is(tests.affected($$ delete from public.contact_visitors $$), 1::bigint, 'admin removes the link of A');
select tests.as_device('10000000-0000-4000-8000-0000000000f1');
select is(tests.count('public.chat_sessions'), 0::bigint, 'an unlinked visitor no longer sees the contact''s sessions');

-- the original visitor keeps its own session
select tests.as_user('visitor');
select is(tests.seen('public.chat_sessions'), 'A', 'the visitor still reads its own session');

-- service_role (the chat function)
select tests.as_service();
select is(tests.seen_fixtures('public.contact_visitors'), 'B', 'service_role sees every link');
select lives_ok(tests.insert_link(), 'service_role links a verified visitor');
select is(tests.affected($$ update public.contact_visitors set created_at = now() where store_id = tests.store_id('A') $$), 1::bigint, 'service_role updates a link');
select is(tests.affected($$ delete from public.contact_visitors where store_id = tests.store_id('A') $$), 1::bigint, 'service_role removes a link');

-- messages.client_id: one message per client id and session
reset role;
insert into public.messages (store_id, session_id, sender, content, client_id)
values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', 'once', '40000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.messages (store_id, session_id, sender, content, client_id)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', 'twice', '40000000-0000-4000-8000-000000000001') $$,
  '23505', null, 'the same client id is stored once per session');
select lives_ok($$ insert into public.messages (store_id, session_id, sender, content, client_id)
  values (tests.store_id('B'), tests.row_id('session', 'B'), 'customer', 'elsewhere', '40000000-0000-4000-8000-000000000001') $$,
  'another session may use the same client id');
select tests.as_user('agent');
select lives_ok($$ insert into public.messages (store_id, session_id, sender, author_id, content, client_id)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', tests.user_id('agent'), 'Hi!', '40000000-0000-4000-8000-000000000002') $$,
  'an agent sends with a client id');

reset role;
select ok((select count(*) = 2 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public'
  and tablename in ('messages', 'chat_sessions')), 'messages and chat_sessions are published for realtime');

select * from finish();
rollback;
