-- Each FAQ and knowledge chunk keeps its words per text-search configuration of its chatbot (`lexemes`),
-- which search_knowledge scores with: written by the same triggers as `fts`, re-written when the chatbot's
-- languages change, readable as the row is.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(7);

insert into public.knowledge_documents (store_id, chatbot_id, title, content) values
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Care', 'Waterproofing wears off: wash the jacket gently.');

select ok((select lexemes -> 'english' ? 'ship' from public.faqs where id = tests.row_id('faq', 'A')),
  'a FAQ keeps its words as English stems');
select ok((select lexemes -> 'english' ? 'day' from public.faqs where id = tests.row_id('faq', 'A')),
  'its answer''s words too');
select ok((select bool_and(lexemes -> 'english' ? 'care' and lexemes -> 'english' ? 'jacket')
           from public.knowledge_chunks where chatbot_id = tests.row_id('chatbot', 'A')),
  'a chunk keeps its document title''s and its own words');
update public.faqs set question = 'Returns?' where id = tests.row_id('faq', 'A');
select ok((select lexemes -> 'english' ? 'return' and not lexemes -> 'english' ? 'ship'
           from public.faqs where id = tests.row_id('faq', 'A')),
  'an edited question is re-indexed');
update public.chatbots set languages = '{en,de}' where id = tests.row_id('chatbot', 'A');
select ok((select lexemes ? 'german' from public.faqs where id = tests.row_id('faq', 'A')),
  'a new language of the chatbot re-indexes its FAQs');
select ok((select bool_and(lexemes ? 'german') from public.knowledge_chunks where chatbot_id = tests.row_id('chatbot', 'A')),
  'and its knowledge');

select tests.as_user('other_owner');
select is((select count(*) from public.faqs where lexemes is not null and store_id = tests.store_id('A')), 0::bigint,
  'another store''s owner sees none of it');

select * from finish();
rollback;
