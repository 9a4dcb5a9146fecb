-- Content per language: FAQs and knowledge documents in one language each (null: the chatbot's first), a greeting per language,
-- retrieval reporting each hit's language and ranking the question's language first, and the widget's
-- configuration carrying both.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(14);

update public.chatbots set public_id = 'widgeta', languages = '{en,de}', greetings = '{"de": "Hallo von A"}'
where id = tests.row_id('chatbot', 'A');
insert into public.faqs (store_id, chatbot_id, language, question, answer) values
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'de', 'Wie lange dauert der Versand?', 'Zwei Tage.'),
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), null, 'How long does shipping take?', 'Two days.');

select throws_ok($$ insert into public.faqs (store_id, chatbot_id, language, question, answer)
  values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'German', 'Q', 'A') $$, '23514', null,
  'an FAQ''s language is an ISO 639-1 code');
select throws_ok($$ update public.chatbots set greetings = '["Hallo"]' where id = tests.row_id('chatbot', 'A') $$,
  '23514', null, 'greetings are an object keyed by language');

insert into public.knowledge_documents (store_id, chatbot_id, title, content, language) values
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Lieferung', 'Pakete kommen mit DHL.', 'de'),
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Returns', 'Parcels go back with UPS.', null);

select tests.as_user('agent');
select is((select language from public.search_knowledge(tests.row_id('chatbot', 'A'), 'DHL Pakete') limit 1),
  'de', 'a knowledge document reports its language');
select is((select language from public.search_knowledge(tests.row_id('chatbot', 'A'), 'UPS parcels') limit 1),
  'en', 'a document without a language is in the chatbot''s first language');
select is((select language from public.search_knowledge(tests.row_id('chatbot', 'A'), 'How long does shipping take?') limit 1),
  'en', 'an FAQ without a language is in the chatbot''s first language');
select is((select title || ':' || language from public.search_knowledge(tests.row_id('chatbot', 'A'), 'Wie lange dauert der Versand?') limit 1),
  'Wie lange dauert der Versand?:de', 'a German question finds the German FAQ first');
select is((select title from public.search_knowledge(tests.row_id('chatbot', 'A'), 'How long does shipping take?') limit 1),
  'How long does shipping take?', 'an English question finds the English FAQ first');

-- What the dashboard does (a member's insert and update name the language column).
select tests.as_user('owner');
select lives_ok($$ insert into public.knowledge_documents (store_id, chatbot_id, title, content, source, language)
  values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 'Retouren', 'Zurück mit UPS.', 'paste', 'de') $$,
  'an owner adds a document in a language');
select lives_ok($$ update public.knowledge_documents set language = 'en' where title = 'Retouren' $$,
  'an owner changes a document''s language');
select is((select language from public.knowledge_documents where title = 'Retouren'), 'en',
  'the change is kept');

select tests.as_anon();
select is((public.widget_config('widgeta')
  -> 'chatbot' -> 'greetings' ->> 'de'), 'Hallo von A', 'the widget gets the greeting per language');
select is((select count(*) from jsonb_array_elements(public.widget_config(
    'widgeta') -> 'faqs') f
  where f ->> 'language' = 'de'), 1::bigint, 'the widget gets each FAQ''s language');
select is((select count(*) from jsonb_array_elements(public.widget_config(
    'widgeta') -> 'faqs') f
  where f ->> 'language' = 'en'), 2::bigint, 'FAQs without a language are in the first language');

select tests.as_user('other_owner');
select is_empty($$ update public.chatbots set greetings = '{"de": "x"}' where id = tests.row_id('chatbot', 'A') returning 1 $$,
  'another store''s owner cannot change the greetings');
rollback;
