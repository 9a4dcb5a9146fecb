-- knowledge_documents: members read their store's documents; owners and admins add, edit and delete them;
-- every insert or edit re-chunks the document into knowledge_chunks (deleting it removes its chunks).
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(41);

insert into public.knowledge_documents (id, store_id, chatbot_id, title, content) values
  ('38000000-0000-4000-8000-00000000000a', tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Shipping A',
   'We ship within two days.' || E'\n\n' || 'Express arrives tomorrow.'),
  ('38000000-0000-4000-8000-00000000000b', tests.store_id('B'), tests.row_id('chatbot', 'B'), 'Returns B',
   'Returns within 30 days.');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.knowledge_documents $$, '42501', null, 'anon cannot select documents');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'Y') $$, '42501', null, 'anon cannot insert documents');
select throws_ok($$ update public.knowledge_documents set title = 'X' $$, '42501', null, 'anon cannot update documents');
select throws_ok($$ delete from public.knowledge_documents $$, '42501', null, 'anon cannot delete documents');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.knowledge_documents'), 0::bigint, 'outsider sees no document');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'Y') $$, '42501', null, 'outsider cannot add a document to A');
select is(tests.affected($$ update public.knowledge_documents set title = 'X' $$), 0::bigint, 'outsider updates no document');
select is(tests.affected($$ delete from public.knowledge_documents $$), 0::bigint, 'outsider deletes no document');

-- the website visitor of A
select tests.as_user('visitor');
select is(tests.count('public.knowledge_documents'), 0::bigint, 'a visitor sees no document');

-- agent of A: read only
select tests.as_user('agent');
select is(tests.seen('public.knowledge_documents'), 'A', 'agent sees store A documents only');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'Y') $$, '42501', null, 'agent cannot add a document');
select is(tests.affected($$ update public.knowledge_documents set title = 'X' $$), 0::bigint, 'agent cannot edit documents');
select is(tests.affected($$ delete from public.knowledge_documents $$), 0::bigint, 'agent cannot delete documents');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.knowledge_documents'), 'A', 'admin sees store A documents only');
select lives_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, source, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Admin doc', 'upload', 'Tents are waterproof.') $$, 'admin adds a document to A');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('B'), tests.row_id('chatbot', 'B'), 'X', 'Y') $$, '42501', null, 'admin of A cannot add a document to B');
select is(tests.affected($$ update public.knowledge_documents set content = 'Changed.' where title = 'Admin doc' $$), 1::bigint, 'admin edits a document of A');
select is(tests.affected($$ update public.knowledge_documents set title = 'X' where store_id = tests.store_id('B') $$), 0::bigint, 'admin of A cannot edit the documents of B');
select is(tests.affected($$ delete from public.knowledge_documents where title = 'Admin doc' $$), 1::bigint, 'admin deletes a document');
select is(tests.affected($$ delete from public.knowledge_documents where store_id = tests.store_id('B') $$), 0::bigint, 'admin of A cannot delete the documents of B');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.knowledge_documents'), 'B', 'owner of B sees store B documents only');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'X', 'Y') $$, '42501', null, 'owner of B cannot add a document to A');
select is(tests.affected($$ update public.knowledge_documents set title = 'X' where store_id = tests.store_id('A') $$), 0::bigint, 'owner of B cannot edit the documents of A');
select is(tests.affected($$ delete from public.knowledge_documents where store_id = tests.store_id('A') $$), 0::bigint, 'owner of B cannot delete the documents of A');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('B'), tests.row_id('chatbot', 'A'), 'X', 'Y') $$, '23503', null, 'a document cannot point at another store''s chatbot');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.knowledge_documents'), 'A', 'owner sees store A documents only');
select lives_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Owner doc', 'Boots run small.') $$, 'owner adds a document');
select is(tests.affected($$ update public.knowledge_documents set title = 'Owner doc 2' where title = 'Owner doc' $$), 1::bigint, 'owner edits a document');
select is(tests.affected($$ delete from public.knowledge_documents where title = 'Owner doc 2' $$), 1::bigint, 'owner deletes a document');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), '', 'Y') $$, '23514', null, 'a title is required');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.knowledge_documents'), 'A,B', 'service_role sees every document');
select lives_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('B'), tests.row_id('chatbot', 'B'), 'Service doc', 'Y') $$, 'service_role adds a document');
select is(tests.affected($$ update public.knowledge_documents set content = 'Z' where title = 'Service doc' $$), 1::bigint, 'service_role edits a document');
select is(tests.affected($$ delete from public.knowledge_documents where title = 'Service doc' $$), 1::bigint, 'service_role deletes a document');

-- chunking
reset role;
select is((select count(*) from public.knowledge_chunks where document_id = '38000000-0000-4000-8000-00000000000a'), 1::bigint,
  'a short document is one chunk, its paragraphs kept together');
update public.knowledge_documents set content = repeat('The tent is light and strong. ', 60) || E'\n\n' || repeat('Poles are aluminium. ', 30)
where id = '38000000-0000-4000-8000-00000000000a';
select ok((select count(*) from public.knowledge_chunks where document_id = '38000000-0000-4000-8000-00000000000a') >= 3,
  'an edit re-chunks the document (a long text becomes several chunks)');
select is((select max(char_length(content)) <= 800 from public.knowledge_chunks where document_id = '38000000-0000-4000-8000-00000000000a'), true,
  'chunks stay within about 800 characters');
select is((select string_agg(position::text, ',' order by position) from public.knowledge_chunks where document_id = '38000000-0000-4000-8000-00000000000a'),
  (select string_agg(g::text, ',') from generate_series(1, (select count(*)::int from public.knowledge_chunks where document_id = '38000000-0000-4000-8000-00000000000a')) g),
  'chunk positions run 1..n');
select ok((select bool_and(fts @@ to_tsquery('english', 'shipping')) from public.knowledge_chunks where document_id = '38000000-0000-4000-8000-00000000000a'),
  'every chunk is indexed with the document title');
delete from public.knowledge_documents where id = '38000000-0000-4000-8000-00000000000a';
select is((select count(*) from public.knowledge_chunks where document_id = '38000000-0000-4000-8000-00000000000a'), 0::bigint,
  'deleting a document deletes its chunks');
select throws_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Big', repeat('x', 500001)) $$,
  '23514', null, 'a document holds at most 500000 characters');

select * from finish();
rollback;
