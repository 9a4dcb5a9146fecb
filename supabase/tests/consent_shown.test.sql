-- A consent keeps the words the visitor read (the variant of the visitor's language, chosen as the widget chooses
-- it) and their language; chatbot_consents tells the team who agreed, as RLS lets each caller see them.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(21);

update public.chatbots set languages = '{en,de}', consent_text = 'We keep this chat.',
  consent_texts = '{"de": "Wir speichern diesen Chat.", "fr": "  "}' where id = tests.row_id('chatbot', 'A');

-- The variant: the locale's, its base language's, else the main one's (a blank variant is missing).
select is((select row(language, text)::text from private.consent_variant((select c from public.chatbots c where c.id = tests.row_id('chatbot', 'A')), 'de')),
  row('de', 'Wir speichern diesen Chat.')::text, 'a German visitor reads the German text');
select is((select row(language, text)::text from private.consent_variant((select c from public.chatbots c where c.id = tests.row_id('chatbot', 'A')), 'de-AT')),
  row('de', 'Wir speichern diesen Chat.')::text, 'de-AT reads the German text');
select is((select row(language, text)::text from private.consent_variant((select c from public.chatbots c where c.id = tests.row_id('chatbot', 'A')), 'fr')),
  row('en', 'We keep this chat.')::text, 'a blank French variant reads the main text');
select is((select row(language, text)::text from private.consent_variant((select c from public.chatbots c where c.id = tests.row_id('chatbot', 'A')), null)),
  row('en', 'We keep this chat.')::text, 'no locale reads the main text');

-- Recording: only the service role (the chat function), with the variant for the visitor's locale.
select tests.as_user('visitor');
select throws_ok($$ select public.chat_record_consent(tests.user_id('visitor'), 'x', 1, 'de') $$, '42501', null,
  'a visitor cannot record a consent directly');
select tests.as_service();
select is(public.chat_record_consent(tests.user_id('visitor'), (select public_id from public.chatbots where id = tests.row_id('chatbot', 'A')),
  (select consent_version from public.chatbots where id = tests.row_id('chatbot', 'A')), 'de') ->> 'language', 'de',
  'the German variant is recorded');
select is((select row(consent_text, language)::text from public.consents where chatbot_id = tests.row_id('chatbot', 'A')),
  row('Wir speichern diesen Chat.', 'de')::text, 'with the words the visitor read and their language');
select is(public.chat_record_consent(tests.user_id('visitor'), (select public_id from public.chatbots where id = tests.row_id('chatbot', 'B')), 1)
  ->> 'language', 'en', 'without a locale, the main text');
reset role;
insert into public.consents (store_id, chatbot_id, visitor_id, consent_version, consent_text) values
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), null, 1, 'Erased visitor');

-- Who agreed: the contact (name, e-mail) and the visitor's latest conversation with the chatbot.
select tests.as_user('agent');
select is((select row(contact_name, contact_email, language, session_id)::text from public.chatbot_consents(tests.row_id('chatbot', 'A')) where visitor_id is not null),
  row('Buyer A', 'buyer@example.com', 'de', tests.row_id('session', 'A'))::text, 'an agent sees who agreed, in which language, and their conversation');
select is((select row(contact_id, session_id)::text from public.chatbot_consents(tests.row_id('chatbot', 'A')) where visitor_id is null),
  row(null::uuid, null::uuid)::text, 'an erased visitor stays nobody');
select is((select count(*) from public.chatbot_consents(tests.row_id('chatbot', 'B'))), 0::bigint, 'the agent sees no consent of store B');
select tests.as_user('owner');
select is((select count(*) from public.chatbot_consents(tests.row_id('chatbot', 'A'))), 2::bigint, 'the owner sees both consents of A');
select is(public.export_contact(tests.row_id('contact', 'A')) -> 'consents' -> 0 ->> 'language', 'de',
  'the contact''s export names the language of the words they agreed to');
select tests.as_user('admin');
select is((select count(*) from public.chatbot_consents(tests.row_id('chatbot', 'A'))), 2::bigint, 'an admin sees both consents of A');
select tests.as_user('other_owner');
select is((select count(*) from public.chatbot_consents(tests.row_id('chatbot', 'A'))), 0::bigint, 'another store''s owner sees none of A');
select is((select row(contact_id, session_id)::text from public.chatbot_consents(tests.row_id('chatbot', 'B'))), row(null::uuid, null::uuid)::text,
  'but sees their own: a visitor without a contact or conversation in B is anonymous');
select tests.as_user('outsider');
select is((select count(*) from public.chatbot_consents(tests.row_id('chatbot', 'A'))), 0::bigint, 'an outsider sees none');
select tests.as_user('visitor');
select is((select count(*) from public.chatbot_consents(tests.row_id('chatbot', 'A'))), 0::bigint, 'a visitor sees none, not even their own');
select tests.as_anon();
select throws_ok($$ select * from public.chatbot_consents(tests.row_id('chatbot', 'A')) $$, '42501', null, 'anon cannot list consents');
select throws_ok($$ select public.chat_record_consent(tests.user_id('visitor'), 'x', 1, 'de') $$, '42501', null, 'anon cannot record a consent');
select tests.as_service();
select is((select count(*) from public.chatbot_consents(tests.row_id('chatbot', 'A'))), 2::bigint, 'the service role sees them');

select * from finish();
rollback;
