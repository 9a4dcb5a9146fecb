-- knowledge_chunks: written only by the re-chunking trigger (and service_role); members read their store's.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(30);

insert into public.knowledge_documents (id, store_id, chatbot_id, title, content) values
  ('38000000-0000-4000-8000-00000000000a', tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Doc A', 'Alpha.'),
  ('38000000-0000-4000-8000-00000000000b', tests.store_id('B'), tests.row_id('chatbot', 'B'), 'Doc B', 'Beta.');

create function tests.insert_chunk(p_label text) returns text language sql as $$
  select format($f$ insert into public.knowledge_chunks (store_id, chatbot_id, document_id, position, content, fts)
    values (%L, %L, %L, 99, 'x', ''::tsvector) $f$, tests.store_id(p_label), tests.row_id('chatbot', p_label),
    '38000000-0000-4000-8000-00000000000' || lower(p_label));
$$;
grant execute on function tests.insert_chunk(text) to anon, authenticated, service_role;

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.knowledge_chunks $$, '42501', null, 'anon cannot select chunks');
select throws_ok(tests.insert_chunk('A'), '42501', null, 'anon cannot insert chunks');
select throws_ok($$ update public.knowledge_chunks set content = 'x' $$, '42501', null, 'anon cannot update chunks');
select throws_ok($$ delete from public.knowledge_chunks $$, '42501', null, 'anon cannot delete chunks');

-- every signed-in role: no writes at all
select tests.as_user('outsider');
select is(tests.count('public.knowledge_chunks'), 0::bigint, 'outsider sees no chunk');
select throws_ok(tests.insert_chunk('A'), '42501', null, 'outsider cannot insert chunks');
select throws_ok($$ update public.knowledge_chunks set content = 'x' $$, '42501', null, 'outsider cannot update chunks');
select throws_ok($$ delete from public.knowledge_chunks $$, '42501', null, 'outsider cannot delete chunks');

select tests.as_user('visitor');
select is(tests.count('public.knowledge_chunks'), 0::bigint, 'a visitor sees no chunk');

select tests.as_user('agent');
select is(tests.seen('public.knowledge_chunks'), 'A', 'agent sees store A chunks only');
select throws_ok(tests.insert_chunk('A'), '42501', null, 'agent cannot insert chunks');
select throws_ok($$ update public.knowledge_chunks set content = 'x' $$, '42501', null, 'agent cannot update chunks');
select throws_ok($$ delete from public.knowledge_chunks $$, '42501', null, 'agent cannot delete chunks');

select tests.as_user('admin');
select is(tests.seen('public.knowledge_chunks'), 'A', 'admin sees store A chunks only');
select throws_ok(tests.insert_chunk('A'), '42501', null, 'admin cannot insert chunks (the trigger does)');
select throws_ok($$ update public.knowledge_chunks set content = 'x' $$, '42501', null, 'admin cannot update chunks');
select throws_ok($$ delete from public.knowledge_chunks $$, '42501', null, 'admin cannot delete chunks');

select tests.as_user('other_owner');
select is(tests.seen('public.knowledge_chunks'), 'B', 'owner of B sees store B chunks only');
select throws_ok(tests.insert_chunk('A'), '42501', null, 'owner of B cannot insert chunks');
select throws_ok($$ update public.knowledge_chunks set content = 'x' $$, '42501', null, 'owner of B cannot update chunks');
select throws_ok($$ delete from public.knowledge_chunks $$, '42501', null, 'owner of B cannot delete chunks');

select tests.as_user('owner');
select is(tests.seen('public.knowledge_chunks'), 'A', 'owner sees store A chunks only');
select throws_ok(tests.insert_chunk('A'), '42501', null, 'owner cannot insert chunks');
select throws_ok($$ update public.knowledge_chunks set content = 'x' $$, '42501', null, 'owner cannot update chunks');
select throws_ok($$ delete from public.knowledge_chunks $$, '42501', null, 'owner cannot delete chunks');

select tests.as_service();
select is(tests.seen_fixtures('public.knowledge_chunks'), 'A,B', 'service_role sees every chunk');
select lives_ok(tests.insert_chunk('B'), 'service_role inserts a chunk');
select is(tests.affected($$ update public.knowledge_chunks set content = 'y' where position = 99 $$), 1::bigint, 'service_role updates a chunk');
select is(tests.affected($$ delete from public.knowledge_chunks where position = 99 $$), 1::bigint, 'service_role deletes a chunk');

reset role;
select throws_ok($$ insert into public.knowledge_chunks (store_id, chatbot_id, document_id, position, content, fts)
  values (tests.store_id('B'), tests.row_id('chatbot', 'B'), '38000000-0000-4000-8000-00000000000a', 5, 'x', ''::tsvector) $$,
  '23503', null, 'a chunk cannot point at another store''s document');

select * from finish();
rollback;
