-- Full-text search: FAQs are indexed by trigger in the chatbot's languages; search_knowledge ranks FAQs and
-- knowledge of one chatbot under the caller's RLS; text-search configurations follow the language.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(15);

insert into public.knowledge_documents (store_id, chatbot_id, title, content) values
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Size guide', 'Boots: take half a size larger.' || E'\n\n' || 'Jackets fit athletic.'),
  (tests.store_id('B'), tests.row_id('chatbot', 'B'), 'Size guide B', 'Boots of store B run large.');

select is(private.ts_config('en'), 'english'::regconfig, 'en searches in English');
select is(private.ts_config('de-AT'), 'german'::regconfig, 'de-AT searches in German');
select is(private.ts_config('xx'), 'simple'::regconfig, 'an unknown language uses the simple configuration');
select ok((select fts @@ to_tsquery('english', 'ship') from public.faqs where id = tests.row_id('faq', 'A')),
  'a FAQ is indexed by trigger (question stemmed in English)');

-- members search their chatbot
select tests.as_user('agent');
select is((select kind || ':' || title from public.search_knowledge(tests.row_id('chatbot', 'A'), 'shipping') limit 1), 'faq:Shipping?',
  'the FAQ that fits comes first');
select is((select title_coverage from public.search_knowledge(tests.row_id('chatbot', 'A'), 'shipping') limit 1), 1::real,
  'every word of the query is in its question');
select is((select kind || ':' || title from public.search_knowledge(tests.row_id('chatbot', 'A'), 'which size for boots?') limit 1), 'knowledge:Size guide',
  'knowledge chunks are found too');
select is((select count(*) from public.search_knowledge(tests.row_id('chatbot', 'A'), 'what is it')), 0::bigint,
  'a query of stop words finds nothing');
select is((select count(*) from public.search_knowledge(tests.row_id('chatbot', 'A'), 'boots')), 1::bigint,
  'only the chatbot''s own knowledge is searched');

-- RLS applies to the caller
select tests.as_user('other_owner');
select is((select count(*) from public.search_knowledge(tests.row_id('chatbot', 'A'), 'shipping')), 0::bigint,
  'another store''s owner finds nothing in A');
select tests.as_user('visitor');
select is((select count(*) from public.search_knowledge(tests.row_id('chatbot', 'A'), 'shipping')), 0::bigint,
  'a visitor finds nothing directly (the chat function searches for them)');
select tests.as_anon();
select throws_ok($$ select * from public.search_knowledge(tests.row_id('chatbot', 'A'), 'shipping') $$, '42501', null,
  'anon cannot search');
select tests.as_service();
select is((select count(*) from public.search_knowledge(tests.row_id('chatbot', 'B'), 'returns')), 1::bigint,
  'service_role searches any chatbot');

-- languages
reset role;
insert into public.faqs (store_id, chatbot_id, question, answer)
values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Wie lange dauert der Versand?', 'Zwei Tage.');
update public.chatbots set languages = '{de,en}' where id = tests.row_id('chatbot', 'A');
select is((select title from public.search_knowledge(tests.row_id('chatbot', 'A'), 'Wie lange dauern Versandzeiten beim Versand?') limit 1),
  'Wie lange dauert der Versand?', 'after adding German, FAQs are re-indexed and German questions match');
select is((select kind from public.search_knowledge(tests.row_id('chatbot', 'A'), 'shipping') limit 1), 'faq',
  'English still matches');

select * from finish();
rollback;
