-- widget_config(public_id): what the widget may know before anyone signs in (the loader is public): the
-- chatbot's look and greeting, the store's name and the FAQs; nothing secret; null for an unknown id.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(12);

update public.chatbots set public_id = 'widgeta', theme = '{"color": "#0f766e", "position": "left"}', languages = '{en,de}'
where id = tests.row_id('chatbot', 'A');
update public.chatbots set public_id = 'widgetb' where id = tests.row_id('chatbot', 'B');
insert into public.faqs (id, store_id, chatbot_id, question, answer, position)
values ('31000000-0000-4000-8000-0000000000f1', tests.store_id('A'), tests.row_id('chatbot', 'A'), 'First?', 'Yes.', -1);

select tests.as_anon();
select is(public.widget_config('widgeta') -> 'chatbot' ->> 'name', 'Bot A', 'anon reads the chatbot by its public id');
select is(public.widget_config('widgeta') -> 'chatbot' ->> 'id', tests.row_id('chatbot', 'A')::text, 'with its id');
select is(public.widget_config('widgeta') -> 'chatbot' ->> 'greeting', 'Hi from A', 'with its greeting');
select is(public.widget_config('widgeta') -> 'chatbot' -> 'theme', '{"color": "#0f766e", "position": "left"}'::jsonb, 'with its theme');
select is(public.widget_config('widgeta') -> 'chatbot' -> 'languages', '["en", "de"]'::jsonb, 'with its languages');
select ok(public.widget_config('widgeta') -> 'chatbot' ? 'prechat_form', 'with its pre-chat form');
select is(public.widget_config('widgeta') -> 'store' ->> 'name', 'Store A', 'with the store name');
select is(public.widget_config('widgeta') -> 'faqs', jsonb_build_array(
  jsonb_build_object('id', '31000000-0000-4000-8000-0000000000f1', 'question', 'First?', 'answer', 'Yes.', 'language', 'en'),
  jsonb_build_object('id', tests.row_id('faq', 'A'), 'question', 'Shipping?', 'answer', 'Two days.',
    'language', 'en')),
  'with the chatbot''s FAQs in order, and only them');
select is(public.widget_config('nope'), null, 'an unknown public id gives null');
select ok(public.widget_config('widgeta')::text !~ '(identity_secret|persona|store_id|api_key)', 'nothing secret or internal is exposed');

select tests.as_user('visitor');
select is(public.widget_config('widgetb') -> 'store' ->> 'name', 'Store B', 'any signed-in user reads it too');

reset role;
update public.stores set status = 'suspended' where id = tests.store_id('B');
select tests.as_anon();
select is(public.widget_config('widgetb'), null, 'a suspended store''s widget is off');

select * from finish();
rollback;
