-- Demo data for local development: the store "Acme Outdoor".
--
--   demo owner  demo@parley.dev   / parley-demo-2026   id de000000-0000-4000-8000-000000000001
--   demo agent  agent@parley.dev  / parley-demo-2026   id de000000-0000-4000-8000-000000000002
--   store       Acme Outdoor (acme-outdoor)            id de000000-0000-4000-8000-000000000010
--   chatbot     Scout (public id acmeoutdoor0001)      id de000000-0000-4000-8000-000000000020
--   FAQs        de000000-0000-4000-8000-00000000003x, contacts ...4x, chat sessions ...5x
--
-- Users are inserted the way Supabase's own seeds do it (GoTrue reads these rows to sign in).
-- Applied once, on a fresh database, after the migrations; timestamps are relative to now() so the
-- conversations look recent.

-- ---------------------------------------------------------------------------------------------
-- Users and their e-mail identities
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at, last_sign_in_at
)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
  extensions.crypt('parley-demo-2026', extensions.gen_salt('bf')), now(),
  '', '', '', '',
  '{"provider": "email", "providers": ["email"]}', jsonb_build_object('full_name', u.full_name),
  false, now() - interval '30 days', now(), now() - interval '1 day'
from (values
  ('de000000-0000-4000-8000-000000000001'::uuid, 'demo@parley.dev', 'Dana Demo'),
  ('de000000-0000-4000-8000-000000000002'::uuid, 'agent@parley.dev', 'Alex Agent')
) as u (id, email, full_name);

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select gen_random_uuid(), u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
  'email', now() - interval '1 day', now() - interval '30 days', now()
from auth.users u
where u.id in ('de000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000002');

-- ---------------------------------------------------------------------------------------------
-- The store and its team (the store's triggers queue its Chatwoot provisioning and audit the rows)
insert into public.stores (id, name, slug, created_by, created_at)
values ('de000000-0000-4000-8000-000000000010', 'Acme Outdoor', 'acme-outdoor',
  'de000000-0000-4000-8000-000000000001', now() - interval '30 days');

insert into public.memberships (store_id, user_id, role) values
  ('de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000001', 'owner'),
  ('de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000002', 'agent');

-- ---------------------------------------------------------------------------------------------
-- The chatbot and its FAQs
insert into public.chatbots (id, store_id, name, public_id, persona, greeting, languages, theme, prechat_form)
values (
  'de000000-0000-4000-8000-000000000020', 'de000000-0000-4000-8000-000000000010', 'Scout', 'acmeoutdoor0001',
  'You are Scout, the friendly gear expert of Acme Outdoor, a shop for hiking, camping and climbing '
    || 'equipment. Answer briefly and concretely, recommend products only from the Acme catalogue, and hand '
    || 'the conversation to a human when the customer asks for one or is unhappy.',
  'Hi, I''m Scout from Acme Outdoor! Ask me about orders, shipping, returns or the right size.',
  '{en,de}',
  '{"color": "#2f6f4e", "position": "right"}',
  -- Offered to new visitors above the chat (not blocking it); the answers score the lead (below).
  '{"show": "new_visitors", "blocking": false,
    "intro": {"en": "Tell us a little about you and we will find the right gear faster.",
              "de": "Erzählen Sie uns kurz von sich, dann finden wir schneller die richtige Ausrüstung."},
    "fields": [
      {"key": "name", "type": "text", "label": {"en": "Your name", "de": "Ihr Name"}, "required": true},
      {"key": "email", "type": "email", "label": {"en": "E-mail", "de": "E-Mail"}, "required": true},
      {"key": "shopping_for", "type": "select", "label": {"en": "Who are you shopping for?", "de": "Für wen kaufen Sie ein?"},
       "required": true, "options": [
         {"value": "myself", "label": {"en": "Myself", "de": "Für mich"}},
         {"value": "team_or_club", "label": {"en": "A team or club", "de": "Ein Team oder einen Verein"}},
         {"value": "business", "label": {"en": "A business", "de": "Ein Unternehmen"}}]},
      {"key": "budget", "type": "number", "label": {"en": "Budget (EUR)", "de": "Budget (EUR)"}, "min": 0, "max": 1000000},
      {"key": "consent", "type": "consent", "required": true,
       "label": {"en": "Acme Outdoor may contact me about my request.", "de": "Acme Outdoor darf mich zu meiner Anfrage kontaktieren."}}]}'
);

-- Lead rules and persona tiers: the form's answers, buying intents and engagement score the visitor; the
-- tier (>= 75, 45-74, < 45) chooses how Scout opens and answers.
update public.chatbots set lead_scoring = '{
  "base": 10,
  "rules": [
    {"source": "answer", "key": "shopping_for", "op": "equals", "value": "business", "points": 35, "reason": "Buying for a business"},
    {"source": "answer", "key": "shopping_for", "op": "equals", "value": "team_or_club", "points": 20, "reason": "Buying for a team or club"},
    {"source": "answer", "key": "budget", "op": "at_least", "value": 500, "points": 25, "reason": "Budget of EUR 500 or more"},
    {"source": "attribute", "key": "email", "op": "present", "points": 15, "reason": "Left an e-mail address"},
    {"source": "attribute", "key": "order_count", "op": "at_least", "value": 3, "points": 10, "reason": "Repeat customer (3+ orders)"},
    {"source": "attribute", "key": "order_value", "op": "at_least", "value": 300, "points": 10, "reason": "Ordered EUR 300 or more"},
    {"source": "intent", "key": "bulk_order", "points": 25, "reason": "Bulk or business order"},
    {"source": "intent", "key": "purchase", "points": 10, "reason": "Wants to buy"},
    {"source": "intent", "key": "demo_request", "points": 15, "reason": "Asked for a call"},
    {"source": "intent", "key": "pricing", "points": 5, "reason": "Asked about prices"},
    {"source": "intent", "key": "complaint", "points": -10, "reason": "Complained"},
    {"source": "engagement", "key": "messages", "op": "at_least", "value": 3, "points": 5, "reason": "Engaged (3+ messages)"}],
  "tiers": [
    {"min": 75, "name": "Outfitter", "tone": "Confident and quick: propose team quotes, volume prices and a call with our B2B desk.",
     "opening": {"en": "Hi {{name}}, I''m Scout, your outfitter at Acme Outdoor. Kitting out a group with a budget of EUR {{budget}} is exactly what our B2B desk does best: shall I put together a volume quote, or would you like a call?",
                 "de": "Hallo {{name}}, ich bin Scout, Ihr Ausrüster bei Acme Outdoor. Eine Gruppe mit einem Budget von EUR {{budget}} auszustatten ist genau das, was unser B2B-Team am besten kann: Soll ich ein Mengenangebot zusammenstellen, oder möchten Sie einen Rückruf?"}},
    {"min": 45, "name": "Advisor", "tone": "Helpful and explanatory: compare options and explain what fits.",
     "opening": {"en": "Hi {{name}}, I''m Scout. Tell me what you are planning and I''ll help you compare the gear that fits.",
                 "de": "Hallo {{name}}, ich bin Scout. Erzählen Sie mir, was Sie vorhaben, und ich helfe Ihnen, die passende Ausrüstung zu vergleichen."}},
    {"min": 0, "name": "Guide", "tone": "Patient and low-pressure: answer simply, never push a sale.",
     "opening": {"en": "Hi {{name}}, I''m Scout. Ask me anything about orders, shipping, returns or sizes: no question is too small.",
                 "de": "Hallo {{name}}, ich bin Scout. Fragen Sie mich alles zu Bestellungen, Versand, Rücksendungen oder Größen: keine Frage ist zu klein."}}]
}'
where id = 'de000000-0000-4000-8000-000000000020';

insert into public.faqs (id, store_id, chatbot_id, position, question, answer) values
  ('de000000-0000-4000-8000-000000000031', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 1,
   'How long does shipping take?',
   'Orders placed before 2 pm (CET) on a working day leave our warehouse the same day. Standard delivery takes '
     || '2-4 working days within the EU; express delivery arrives the next working day.'),
  ('de000000-0000-4000-8000-000000000032', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 2,
   'How much does shipping cost?',
   'Standard shipping is free on orders over EUR 60, otherwise EUR 4.95. Express shipping costs EUR 12.90.'),
  ('de000000-0000-4000-8000-000000000033', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 3,
   'Do you ship outside the EU?',
   'Yes, we ship to the UK, Switzerland, Norway, the US and Canada. Duties and import taxes are charged by the '
     || 'carrier on delivery; delivery takes 5-10 working days.'),
  ('de000000-0000-4000-8000-000000000034', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 4,
   'What is your return policy?',
   'You can return unused items in their original packaging within 30 days of delivery. Start a return from '
     || 'your order page and print the prepaid label; returns within the EU are free.'),
  ('de000000-0000-4000-8000-000000000035', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 5,
   'When will I get my refund?',
   'We refund to the original payment method within 5 working days after your return reaches our warehouse. '
     || 'You will get an e-mail as soon as the refund is on its way.'),
  ('de000000-0000-4000-8000-000000000036', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 6,
   'How do hiking boots fit? Should I size up?',
   'Our boots follow EU sizing. For hiking boots we recommend half a size up from your street shoes so your '
     || 'toes have room on descents; measure your foot in the evening and compare with the size chart.'),
  ('de000000-0000-4000-8000-000000000037', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 7,
   'How do your jackets fit?',
   'Acme jackets have an athletic fit that leaves room for a fleece underneath. If you are between sizes or '
     || 'want to layer a down jacket underneath, choose the larger size.'),
  ('de000000-0000-4000-8000-000000000038', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 8,
   'Is there a warranty on tents and backpacks?',
   'All Acme-brand tents and backpacks carry a 5-year warranty against manufacturing defects, and we repair '
     || 'zips, buckles and poles at cost price after that.'),
  ('de000000-0000-4000-8000-000000000039', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 9,
   'How can I track my order?',
   'As soon as your parcel ships you receive an e-mail with the tracking link. You can also find it under '
     || 'My account > Orders.');

-- Knowledge documents (chunked and indexed by a trigger into knowledge_chunks)
insert into public.knowledge_documents (id, store_id, chatbot_id, title, source, content) values
  ('de000000-0000-4000-8000-000000000071', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'Shipping policy', 'paste',
   'Acme Outdoor ships from its warehouse in Innsbruck, Austria. Orders placed before 2 pm CET on a working day '
   || 'leave the warehouse the same day; orders placed later, on weekends or on Austrian public holidays leave on the '
   || 'next working day. We pack in recycled cardboard and never use plastic air cushions.'
   || E'\n\n'
   || 'Standard delivery with DHL or the Austrian Post takes 2-4 working days to Germany, Austria, Italy and the '
   || 'Benelux countries and 3-6 working days to the rest of the EU. Express delivery with UPS arrives the next '
   || 'working day in Germany and Austria and within two working days elsewhere in the EU, when ordered before 2 pm.'
   || E'\n\n'
   || 'Standard shipping costs EUR 4.95 and is free on orders over EUR 60. Express shipping costs EUR 12.90. '
   || 'Bulky items such as kayaks, paddle boards and large tents over 10 kg ship by freight forwarder for a flat '
   || 'EUR 39; the forwarder calls you to agree a delivery slot.'
   || E'\n\n'
   || 'Outside the EU we ship to the United Kingdom, Switzerland, Norway, the United States and Canada. Delivery '
   || 'takes 5-10 working days. Import duties and taxes are not included in our prices: the carrier collects them '
   || 'on delivery. We cannot ship gas canisters, fuel bottles or avalanche airbag cartridges outside the EU.'
   || E'\n\n'
   || 'Every parcel gets a tracking link by e-mail as soon as it leaves the warehouse; you also find it under My '
   || 'account > Orders. If your tracking has not changed for three working days, write to us and we open an '
   || 'investigation with the carrier. Lost parcels are replaced or refunded, whichever you prefer.'
   || E'\n\n'
   || 'Packstation and parcel-shop delivery is possible in Germany and Austria: enter the Packstation number or '
   || 'the shop''s address as the delivery address. Click and collect in our Innsbruck store is free; we e-mail '
   || 'you when the order is ready, usually within two hours during opening hours.'),
  ('de000000-0000-4000-8000-000000000072', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'Size guide', 'paste',
   'All Acme clothing and footwear follows EU sizing. Measure yourself in the evening, wearing the base layer or '
   || 'hiking socks you plan to use, and compare with the tables on each product page.'
   || E'\n\n'
   || 'Hiking boots and approach shoes: measure your foot length from heel to the longest toe while standing. '
   || 'Choose half a size larger than your street shoes so your toes do not hit the front on long descents; a '
   || 'thumb''s width of room in front of the toes is right. Women''s models are cut narrower at the heel. If you '
   || 'have wide feet, the Acme Trail Wide and Summit Wide models come one width larger.'
   || E'\n\n'
   || 'Climbing shoes are worn snug: for all-day routes choose your street size, for bouldering and steep sport '
   || 'climbing half to one size smaller. Synthetic uppers hardly stretch, leather uppers stretch up to half a size.'
   || E'\n\n'
   || 'Jackets and shell layers have an athletic fit with room for a fleece underneath. Measure your chest at the '
   || 'widest point under the arms: S fits 88-94 cm, M 95-101 cm, L 102-108 cm, XL 109-116 cm. If you are between '
   || 'two sizes or want to wear a down jacket underneath, take the larger size.'
   || E'\n\n'
   || 'Trousers: measure your waist at the narrowest point and your inside leg from the crotch to the floor. Our '
   || 'trekking trousers come in short (78 cm), regular (82 cm) and long (86 cm) inside leg lengths.'
   || E'\n\n'
   || 'Backpacks are sized by back length, not by your height: measure from the bony bump at the base of your neck '
   || '(C7) down to the top of your hip bones. S/M fits 40-47 cm, M/L 46-53 cm. Most Acme packs have an adjustable '
   || 'back system; come to the Innsbruck store for a free fitting with weight in the pack.'),
  ('de000000-0000-4000-8000-000000000073', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'Gear care and repairs', 'paste',
   'Wash waterproof jackets with a technical detergent at 30 degrees, without fabric softener, then tumble dry on '
   || 'low heat for twenty minutes: the heat reactivates the water-repellent finish. Re-proof with a spray-on DWR '
   || 'treatment when water no longer beads on the fabric.'
   || E'\n\n'
   || 'Down sleeping bags and jackets are washed rarely, with down wash, and dried on low heat with two tennis balls '
   || 'until no clumps remain; this can take three hours. Store sleeping bags loose in the large cotton sack, never '
   || 'compressed.'
   || E'\n\n'
   || 'Our repair workshop in Innsbruck fixes zips, buckles, tent poles, seams and delaminated tape on any brand. '
   || 'Repairs of Acme-brand tents and backpacks are free during the 5-year warranty and at cost price afterwards. '
   || 'Send the item with the repair form from your account; a typical repair takes 10 working days.'),
  ('de000000-0000-4000-8000-000000000074', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'Versand und Rücksendung', 'paste',
   'Bestellungen, die an einem Werktag bis 14 Uhr eingehen, verlassen unser Lager in Innsbruck noch am selben Tag. '
   || 'Der Standardversand dauert nach Deutschland und Österreich 2-4 Werktage und kostet 4,95 Euro; ab 60 Euro '
   || 'Bestellwert ist er kostenlos. Der Expressversand kostet 12,90 Euro und kommt am nächsten Werktag an.'
   || E'\n\n'
   || 'Unbenutzte Artikel können Sie innerhalb von 30 Tagen nach der Lieferung in der Originalverpackung '
   || 'zurücksenden. Starten Sie die Rücksendung auf Ihrer Bestellseite und drucken Sie das vorfrankierte Etikett '
   || 'aus; innerhalb der EU ist die Rücksendung kostenlos. Die Erstattung erfolgt innerhalb von 5 Werktagen, '
   || 'nachdem die Ware bei uns eingetroffen ist.');

-- ---------------------------------------------------------------------------------------------
-- Contacts (end customers)
insert into public.contacts (id, store_id, external_id, email, name, phone, verified, custom_attributes, created_at) values
  ('de000000-0000-4000-8000-000000000041', 'de000000-0000-4000-8000-000000000010', 'cust-10482', 'maria.keller@example.com',
   'Maria Keller', '+49 151 2345678', true, '{"plan": "member", "lifetime_value": 642.50, "orders": 7}', now() - interval '20 days'),
  ('de000000-0000-4000-8000-000000000042', 'de000000-0000-4000-8000-000000000010', 'cust-11207', 'tom.becker@example.com',
   'Tom Becker', null, true, '{"orders": 1}', now() - interval '3 days'),
  ('de000000-0000-4000-8000-000000000043', 'de000000-0000-4000-8000-000000000010', null, 'lena.ho@example.com',
   'Lena Ho', null, false, '{}', now() - interval '2 hours'),
  ('de000000-0000-4000-8000-000000000044', 'de000000-0000-4000-8000-000000000010', null, null,
   null, null, false, '{}', now() - interval '15 minutes');

-- ---------------------------------------------------------------------------------------------
-- Conversations
insert into public.chat_sessions (id, store_id, chatbot_id, contact_id, status, lead_score, sentiment, language,
  started_at, last_message_at, resolved_at) values
  ('de000000-0000-4000-8000-000000000051', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'de000000-0000-4000-8000-000000000041', 'resolved', 35, 0.6, 'en',
   now() - interval '2 days', now() - interval '2 days', now() - interval '2 days' + interval '6 minutes'),
  ('de000000-0000-4000-8000-000000000052', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'de000000-0000-4000-8000-000000000042', 'human', 80, 0.1, 'en',
   now() - interval '3 hours', now() - interval '3 hours', null),
  ('de000000-0000-4000-8000-000000000053', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'de000000-0000-4000-8000-000000000043', 'queued', 55, -0.5, 'en',
   now() - interval '2 hours', now() - interval '2 hours', null),
  ('de000000-0000-4000-8000-000000000054', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
   'de000000-0000-4000-8000-000000000044', 'bot', 20, 0.3, 'de',
   now() - interval '15 minutes', now() - interval '15 minutes', null);

insert into public.messages (store_id, session_id, sender, author_id, content, sentiment, intent, is_private, created_at)
select 'de000000-0000-4000-8000-000000000010', m.session_id, m.sender, m.author_id, m.content, m.sentiment, m.intent,
  m.is_private, s.started_at + m.after
from (values
  -- 1. a return, answered by the bot, resolved
  ('de000000-0000-4000-8000-000000000051'::uuid, interval '0 minutes', 'customer'::public.message_sender, null::uuid,
   'Hi, the rain jacket I ordered is too small. Can I send it back?', 0.0::real, 'return_request', false),
  ('de000000-0000-4000-8000-000000000051', interval '1 minute', 'bot', null,
   'Of course! You can return unused items within 30 days of delivery. Start the return from your order page and print the prepaid label - returns within the EU are free.',
   null, null, false),
  ('de000000-0000-4000-8000-000000000051', interval '3 minutes', 'customer', null,
   'Great, and when do I get my money back?', 0.2, 'refund_status', false),
  ('de000000-0000-4000-8000-000000000051', interval '4 minutes', 'bot', null,
   'We refund to your original payment method within 5 working days after the return reaches our warehouse. Anything else I can help with?',
   null, null, false),
  ('de000000-0000-4000-8000-000000000051', interval '6 minutes', 'customer', null, 'No, that''s all. Thanks!', 0.8, 'thanks', false),
  -- 2. tent advice, handed over to the agent
  ('de000000-0000-4000-8000-000000000052', interval '0 minutes', 'customer', null,
   'I''m planning a week in the Dolomites with my two kids. Which tent would you recommend?', 0.3, 'product_advice', false),
  ('de000000-0000-4000-8000-000000000052', interval '1 minute', 'bot', null,
   'For three people on a trekking trip, the Acme Ridge 3 (2.4 kg) and the Acme Basecamp 4 (more room, 4.1 kg) are popular choices. Would you like to talk to one of our gear experts?',
   null, null, false),
  ('de000000-0000-4000-8000-000000000052', interval '2 minutes', 'customer', null,
   'Yes please, I''d like to talk to someone about the weight.', 0.1, 'handoff_request', false),
  ('de000000-0000-4000-8000-000000000052', interval '2 minutes 5 seconds', 'system', null,
   'Conversation handed over to the team.', null, null, false),
  ('de000000-0000-4000-8000-000000000052', interval '5 minutes', 'agent', 'de000000-0000-4000-8000-000000000002'::uuid,
   'Hi Tom, Alex here. If you carry the tent yourself, the Ridge 3 is the better pick - the kids can carry the poles and pegs. Are you camping above 2000 m?',
   null, null, false),
  ('de000000-0000-4000-8000-000000000052', interval '6 minutes', 'agent', 'de000000-0000-4000-8000-000000000002',
   'Repeat customer soon, high intent: offer the 10% family bundle if he asks about sleeping bags.', null, null, true),
  ('de000000-0000-4000-8000-000000000052', interval '8 minutes', 'customer', null,
   'Mostly around 1800 m, one night higher up. Does the Ridge 3 handle wind well?', 0.2, 'product_advice', false),
  -- 3. a late parcel, waiting for an agent
  ('de000000-0000-4000-8000-000000000053', interval '0 minutes', 'customer', null,
   'My order #A-20931 was supposed to arrive on Friday and the tracking hasn''t changed for 4 days.', -0.4, 'order_status', false),
  ('de000000-0000-4000-8000-000000000053', interval '1 minute', 'bot', null,
   'I''m sorry about the delay! Your tracking link is in your shipping e-mail and under My account > Orders. If it hasn''t moved for 4 days, a colleague will check with the carrier.',
   null, null, false),
  ('de000000-0000-4000-8000-000000000053', interval '2 minutes', 'customer', null,
   'I already checked that. I need the boots for a trip on Saturday, please get me a human.', -0.7, 'handoff_request', false),
  ('de000000-0000-4000-8000-000000000053', interval '2 minutes 5 seconds', 'system', null,
   'Waiting for an agent.', null, null, false),
  -- 4. a sizing question in German, the bot is on it
  ('de000000-0000-4000-8000-000000000054', interval '0 minutes', 'customer', null,
   'Hallo! Fallen die Wanderschuhe normal aus? Ich trage sonst 42.', 0.3, 'sizing', false),
  ('de000000-0000-4000-8000-000000000054', interval '1 minute', 'bot', null,
   'Hallo! Unsere Schuhe folgen der EU-Größentabelle. Für Wanderschuhe empfehlen wir eine halbe Nummer größer als im Alltag, also 42,5 - so haben die Zehen beim Abstieg Platz.',
   null, null, false)
) as m (session_id, after, sender, author_id, content, sentiment, intent, is_private)
join public.chat_sessions s on s.id = m.session_id
-- ids follow time, as they do for live messages (transcripts are read in id order)
order by s.started_at + m.after;

-- ---------------------------------------------------------------------------------------------
-- Automations: two published workflows (from the templates "Escalate unhappy visitors" and "Nobody
-- answered in 10 minutes"; a test checks each compiled machine is what the compiler makes of its graph).
insert into public.workflows (id, store_id, name, description, graph, published_version, published_at, enabled,
  created_at) values
  ('de000000-0000-4000-8000-000000000060', 'de000000-0000-4000-8000-000000000010', 'Escalate unhappy visitors',
   'When sentiment turns negative: tag the conversation, hand it off with high priority and brief the agent.',
   $escalation_graph${"nodes":[{"id":"trigger","type":"sentiment-below","position":{"x":0,"y":0},"data":{"config":{"threshold":-0.4},"version":1,"ended":[]}},{"id":"tag","type":"add-tags","position":{"x":0,"y":140},"data":{"config":{"tags":["unhappy"]},"version":1,"ended":[]}},{"id":"handoff","type":"handoff","position":{"x":0,"y":280},"data":{"config":{"team":"Support","priority":"high","message":"I'm sorry this has been frustrating. I'm bringing in a colleague who can sort it out."},"version":1,"ended":[]}},{"id":"note","type":"chatwoot-note","position":{"x":0,"y":420},"data":{"config":{"note":"Escalated by automation: sentiment {{session.sentiment}}. Last message: “{{message.text}}”"},"version":1,"ended":["out"]}}],"edges":[{"id":"trigger-out-tag","source":"trigger","sourceHandle":"out","target":"tag"},{"id":"tag-out-handoff","source":"tag","sourceHandle":"out","target":"handoff"},{"id":"handoff-out-note","source":"handoff","sourceHandle":"out","target":"note"}]}$escalation_graph$, 1, now() - interval '3 days', true, now() - interval '4 days'),
  ('de000000-0000-4000-8000-000000000061', 'de000000-0000-4000-8000-000000000010', 'Nobody answered in 10 minutes',
   'When a visitor waiting for a person has had no answer for 10 minutes: apologise, give the phone number and alert the team.',
   $nudge_graph${"nodes":[{"id":"trigger","type":"agent-no-reply","position":{"x":0,"y":0},"data":{"config":{"minutes":10},"version":1,"ended":[]}},{"id":"apology","type":"send-reply","position":{"x":0,"y":140},"data":{"config":{"message":"Sorry for the wait! Our team is busier than usual. If it is urgent, call us on {{store.fallback_phone | \"our shop number\"}}."},"version":1,"ended":[]}},{"id":"tag","type":"add-tags","position":{"x":0,"y":280},"data":{"config":{"tags":["waited-10-min"]},"version":1,"ended":[]}},{"id":"note","type":"chatwoot-note","position":{"x":0,"y":420},"data":{"config":{"note":"This visitor has waited 10 minutes without an answer."},"version":1,"ended":["out"]}}],"edges":[{"id":"trigger-out-apology","source":"trigger","sourceHandle":"out","target":"apology"},{"id":"apology-out-tag","source":"apology","sourceHandle":"out","target":"tag"},{"id":"tag-out-note","source":"tag","sourceHandle":"out","target":"note"}]}$nudge_graph$, 1, now() - interval '3 days', true, now() - interval '4 days');

insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type, published_by,
  published_at)
select w.id, 1, w.store_id, w.graph, v.compiled, v.compiled -> 'trigger' ->> 'type',
  'de000000-0000-4000-8000-000000000001', w.published_at
from public.workflows w
join (values
  ('de000000-0000-4000-8000-000000000060'::uuid, $escalation_compiled${"format":1,"machine":{"id":"workflow","initial":"trigger","states":{"trigger":{"entry":[{"type":"node","params":{"id":"trigger"}}],"on":{"port.out":"tag"}},"tag":{"entry":[{"type":"node","params":{"id":"tag"}}],"on":{"port.out":"handoff"}},"handoff":{"entry":[{"type":"node","params":{"id":"handoff"}}],"on":{"port.out":"note"}},"note":{"entry":[{"type":"node","params":{"id":"note"}}],"on":{"port.out":"end"}},"end":{"type":"final"}}},"nodes":{"trigger":{"type":"sentiment-below","version":1,"kind":"trigger","config":{"threshold":-0.4}},"tag":{"type":"add-tags","version":1,"kind":"action","config":{"tags":["unhappy"]}},"handoff":{"type":"handoff","version":1,"kind":"action","config":{"team":"Support","priority":"high","message":"I'm sorry this has been frustrating. I'm bringing in a colleague who can sort it out."}},"note":{"type":"chatwoot-note","version":1,"kind":"action","config":{"note":"Escalated by automation: sentiment {{session.sentiment}}. Last message: “{{message.text}}”"}}},"trigger":{"node":"trigger","type":"sentiment-below","config":{"threshold":-0.4},"events":["sentiment.changed"]}}$escalation_compiled$::jsonb),
  ('de000000-0000-4000-8000-000000000061'::uuid, $nudge_compiled${"format":1,"machine":{"id":"workflow","initial":"trigger","states":{"trigger":{"entry":[{"type":"node","params":{"id":"trigger"}}],"on":{"port.out":"apology"}},"apology":{"entry":[{"type":"node","params":{"id":"apology"}}],"on":{"port.out":"tag"}},"tag":{"entry":[{"type":"node","params":{"id":"tag"}}],"on":{"port.out":"note"}},"note":{"entry":[{"type":"node","params":{"id":"note"}}],"on":{"port.out":"end"}},"end":{"type":"final"}}},"nodes":{"trigger":{"type":"agent-no-reply","version":1,"kind":"trigger","config":{"minutes":10}},"apology":{"type":"send-reply","version":1,"kind":"action","config":{"message":"Sorry for the wait! Our team is busier than usual. If it is urgent, call us on {{store.fallback_phone | \"our shop number\"}}."}},"tag":{"type":"add-tags","version":1,"kind":"action","config":{"tags":["waited-10-min"]}},"note":{"type":"chatwoot-note","version":1,"kind":"action","config":{"note":"This visitor has waited 10 minutes without an answer."}}},"trigger":{"node":"trigger","type":"agent-no-reply","config":{"minutes":10},"events":["handoff.requested","message.awaiting_agent"]}}$nudge_compiled$::jsonb)
) as v (workflow_id, compiled) on v.workflow_id = w.id;

-- Their events are written below, with the analytics history, as the live triggers would have written
-- them while each conversation unfolded. The dry run replays them; the worker runs the automations on
-- Lena's (still waiting) when the stack starts, so the demo's runs are the engine's own.

-- ---------------------------------------------------------------------------------------------
-- Analytics: sixty days of history for the demo store (4 conversations a day: most answered by Scout,
-- some unanswered questions, one in five handed by Scout to Alex), written with the row triggers off (nothing is
-- sent to Chatwoot or to automations for the past) and then counted by the same rebuild the analytics
-- migration runs on existing data.
set session_replication_role = replica;
create temporary table seed_history as
select n, ('de100000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid as id,
  date_trunc('minute', now() - interval '1 day' - (n * interval '6 hours') - (n % 7) * interval '37 minutes') as started_at,
  n % 5 = 0 as handed_off,
  n % 9 <> 0 as resolved,
  (array['en', 'en', 'de'])[1 + n % 3] as language,
  case when n % 4 = 0 then '{vip}'::text[] else '{}' end as tags
from generate_series(1, 240) n;

insert into public.chat_sessions (id, store_id, chatbot_id, status, lead_score, sentiment, language, tags, started_at,
  last_message_at, resolved_at, handoff_state)
select id, 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020',
  (case when resolved then 'resolved' when handed_off then 'human' else 'bot' end)::public.chat_session_status,
  (n * 37) % 101, ((n * 13) % 21 - 10) / 10.0, language, tags, started_at, started_at + interval '5 minutes',
  case when resolved then started_at + interval '5 minutes' + (n % 11) * interval '3 minutes' end,
  case when handed_off then 'delivered' end
from seed_history;

insert into public.messages (store_id, session_id, sender, author_id, content, intent, sentiment, metadata, created_at)
select 'de000000-0000-4000-8000-000000000010', h.id,
  (case when k % 2 = 1 then 'customer' when h.handed_off and k >= 4 then 'agent' else 'bot' end)::public.message_sender,
  case when h.handed_off and k >= 4 and k % 2 = 0 then 'de000000-0000-4000-8000-000000000002'::uuid end,
  case when k % 2 = 1 then (array['How long does shipping take?', 'Can I return worn boots?', 'Do you ship to Canada?',
    'Which size fits a 27 cm foot?', 'Can I pay with PayPal?', 'Where is my order?', 'Is the Ridgeline tent waterproof?'])
    [1 + (h.n + k) % 7]
    when h.handed_off and k = 2 then 'Let me bring in a colleague who can help.'
    else 'Thanks for asking!' end,
  case when k % 2 = 1 then (array['shipping', 'returns', 'shipping', 'sizing', 'payment', 'order_status', 'product'])
    [1 + (h.n + k) % 7] end,
  case when k % 2 = 1 then ((h.n * 7 + k) % 21 - 10) / 10.0 end,
  case when h.handed_off and k = 2 then jsonb_build_object('kind', 'handoff')
    when k % 2 = 0 and not (h.handed_off and k >= 4)
    then jsonb_build_object('kind', case when (h.n + k - 1) % 7 in (2, 4) then 'clarify' else 'answer' end)
    else '{}'::jsonb end,
  -- the bot hands over at 80 s; Alex answers 80 to 130 s later (the agents' first response)
  h.started_at + k * interval '40 seconds'
    + case when h.handed_off and k >= 4 then (h.n % 6) * interval '10 seconds' else interval '0' end
from seed_history h cross join generate_series(1, 6) k;

-- Three in four filled in the pre-chat form before their first line (the funnel's first step).
insert into public.session_leads (session_id, store_id, score, form_submitted_at)
select id, 'de000000-0000-4000-8000-000000000010', (n * 37) % 101, started_at + interval '20 seconds'
from seed_history where n % 4 <> 0;

-- The bot's lines answer the visitor's line before them.
update public.messages b set reply_to = (select max(q.id) from public.messages q
  where q.session_id = b.session_id and q.sender = 'customer' and q.id < b.id)
where b.sender = 'bot' and b.session_id in (select id from seed_history);
drop table seed_history;
set session_replication_role = origin;

select private.analytics_rebuild('de000000-0000-4000-8000-000000000010');

-- Automation events: what the live triggers would have appended while each seeded conversation happened
-- (the demo's and the history's), so "Try on the last N conversations" has something to replay. Inserted
-- rows carry only their final state, so the triggers' own events are replaced by ones derived from the
-- messages, in time order: started; per visitor line received, intent, sentiment and (with a person)
-- awaiting an agent; the lead score; the handoff; the resolution. History, not work: all processed but
-- those of Lena's conversation, which is going on (the escalation and the nudge run on it).
delete from public.automation_events where store_id = 'de000000-0000-4000-8000-000000000010';
with sessions as (
  select s.*,
    s.status in ('queued', 'human') or s.handoff_state is not null as handed_off,
    (select min(m.created_at) from public.messages m where m.session_id = s.id and m.sender = 'system') as system_at,
    (select min(m.created_at) from public.messages m
      where m.session_id = s.id and m.sender = 'agent' and not m.is_private) as agent_at,
    (select max(m.created_at) from public.messages m where m.session_id = s.id and m.sender = 'customer') as last_line_at
  from public.chat_sessions s where s.store_id = 'de000000-0000-4000-8000-000000000010'
), handoffs as (
  select s.*, case when s.handed_off then coalesce(s.system_at, s.agent_at - interval '30 seconds',
    s.last_line_at + interval '5 seconds') end as handoff_at
  from sessions s
), lines as (
  select m.*, s.contact_id, s.language, s.handoff_at,
    lag(m.sentiment) over (partition by m.session_id order by m.created_at, m.id) as previous_sentiment
  from public.messages m join handoffs s on s.id = m.session_id
  where m.sender = 'customer' and not m.is_private and m.sentiment is not null
  union all
  select m.*, s.contact_id, s.language, s.handoff_at, null
  from public.messages m join handoffs s on s.id = m.session_id
  where m.sender = 'customer' and not m.is_private and m.sentiment is null
), events (session_id, contact_id, type, payload, dedupe_key, at, ord) as (
  select id, contact_id, 'conversation.started', jsonb_build_object('chatbot_id', chatbot_id), 'started:' || id,
    started_at, 0
  from handoffs
  union all
  select session_id, contact_id, 'message.received', jsonb_build_object('message_id', id, 'text', left(content, 4000),
    'language', language, 'intent', intent, 'sentiment', sentiment, 'attachments', jsonb_array_length(attachments)),
    'message:' || id, created_at, 1
  from lines
  union all
  select session_id, contact_id, 'intent.detected', jsonb_build_object('message_id', id, 'intent', intent),
    'intent:' || id, created_at, 2
  from lines where intent is not null and intent <> 'other'
  union all
  select session_id, contact_id, 'sentiment.changed',
    jsonb_build_object('previous', previous_sentiment, 'current', sentiment), null, created_at, 3
  from lines where sentiment is distinct from previous_sentiment and sentiment is not null
  union all
  select session_id, contact_id, 'message.awaiting_agent', jsonb_build_object('message_id', id), 'awaiting:' || id,
    created_at, 4
  from lines where handoff_at < created_at
  union all
  select id, contact_id, 'lead_score.changed', jsonb_build_object('previous', null, 'current', lead_score), null,
    coalesce(least(handoff_at, last_line_at), last_line_at, started_at), 5
  from handoffs where lead_score is not null
  union all
  select s.id, s.contact_id, 'handoff.requested', jsonb_build_object('by', case when exists (
      select 1 from public.messages m where m.session_id = s.id and m.intent = 'handoff_request') then 'visitor'
      else 'bot' end), null, s.handoff_at, 6
  from handoffs s where s.handed_off
  union all
  select id, contact_id, 'conversation.resolved',
    jsonb_build_object('by', case when handed_off then 'agent' else 'bot' end), null, resolved_at, 7
  from handoffs where status = 'resolved' and resolved_at is not null
)
insert into public.automation_events (store_id, type, session_id, contact_id, payload, dedupe_key, created_at,
  processed_at)
select 'de000000-0000-4000-8000-000000000010', type, session_id, contact_id, payload, dedupe_key, at,
  case when session_id <> 'de000000-0000-4000-8000-000000000053' then now() end
from events order by at, ord;
-- Connected apps: Slack (#support) and Google Sheets (the "Leads" sheet of a demo spreadsheet), and a
-- published automation that tells the team on Slack when a visitor asks for a person and adds them to the
-- sheet. The tokens cannot be seeded (they are
-- encrypted with this machine's key): `pnpm dev` connects the demo store to the fakes through the real
-- OAuth flow when it starts and then switches the automation on; with real apps the owner presses Connect
-- on the Integrations page and switches it on. Off until then, so that no handoff's job dies waiting for
-- an app nobody connected (the test stacks).
insert into public.integrations (store_id, provider, status, config) values
  ('de000000-0000-4000-8000-000000000010', 'slack', 'disconnected',
   '{"default_channel": "C0SUPPORT01", "default_channel_name": "support"}'),
  ('de000000-0000-4000-8000-000000000010', 'google-sheets', 'disconnected',
   '{"spreadsheet_id": "1ParleyDemoLeadsSheet0000000000000000000000", "sheet": "Leads"}');

insert into public.workflows (id, store_id, name, description, graph, published_version, published_at, enabled,
  created_at) values
  ('de000000-0000-4000-8000-000000000062', 'de000000-0000-4000-8000-000000000010', 'Tell the team on Slack',
   'When a visitor asks for a person: post it to the team''s Slack channel with a link to the conversation, and add them to the leads sheet.',
   $team_slack_graph${"nodes":[{"id":"trigger","type":"handoff-requested","position":{"x":0,"y":0},"data":{"config":{"by":[]},"version":1,"ended":[]}},{"id":"slack","type":"slack-post-message","position":{"x":0,"y":140},"data":{"config":{"text":"{{contact.name | \"A visitor\"}} asked for a person: “{{message.text}}”","channel":"","thread":true},"version":1,"ended":[]}},{"id":"sheet","type":"google-sheets-append-row","position":{"x":0,"y":280},"data":{"config":{"columns":["{{contact.name}}","{{contact.email}}","{{message.text}}"],"sheet":""},"version":1,"ended":["out"]}}],"edges":[{"id":"trigger-out-slack","source":"trigger","sourceHandle":"out","target":"slack"},{"id":"slack-out-sheet","source":"slack","sourceHandle":"out","target":"sheet"}]}$team_slack_graph$::jsonb, 1, now() - interval '1 day', false, now() - interval '1 day');

insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type, published_by,
  published_at)
select w.id, 1, w.store_id, w.graph, c.compiled, c.compiled -> 'trigger' ->> 'type',
  'de000000-0000-4000-8000-000000000001', w.published_at
from public.workflows w,
  (select $team_slack_compiled${"format":1,"machine":{"id":"workflow","initial":"trigger","states":{"trigger":{"entry":[{"type":"node","params":{"id":"trigger"}}],"on":{"port.out":"slack"}},"slack":{"entry":[{"type":"node","params":{"id":"slack"}}],"on":{"port.out":"sheet"}},"sheet":{"entry":[{"type":"node","params":{"id":"sheet"}}],"on":{"port.out":"end"}},"end":{"type":"final"}}},"nodes":{"trigger":{"type":"handoff-requested","version":1,"kind":"trigger","config":{"by":[]}},"slack":{"type":"slack-post-message","version":1,"kind":"action","config":{"text":"{{contact.name | \"A visitor\"}} asked for a person: “{{message.text}}”","channel":"","thread":true}},"sheet":{"type":"google-sheets-append-row","version":1,"kind":"action","config":{"columns":["{{contact.name}}","{{contact.email}}","{{message.text}}"],"sheet":""}}},"trigger":{"node":"trigger","type":"handoff-requested","config":{"by":[]},"events":["handoff.requested"]}}$team_slack_compiled$::jsonb as compiled) c
where w.id = 'de000000-0000-4000-8000-000000000062';
-- Billing: Acme Outdoor is on Starter without a Stripe subscription (a complimentary plan, so the demo's
-- own tests and benchmarks have room); the owner can upgrade to Pro through Checkout. Its conversations of
-- this month are in the usage ledger, and the counters the caps take agree with it.
update public.store_subscriptions set plan_id = 'starter', status = 'active'
 where store_id = 'de000000-0000-4000-8000-000000000010';
update public.stores set offline_message = 'Our chat is resting for now. Your message is saved and we will answer by e-mail.'
 where id = 'de000000-0000-4000-8000-000000000010';
insert into public.usage_ledger (store_id, meter, quantity, occurred_at, source_id)
select s.store_id, 'conversations', 1, s.started_at, s.id::text from public.chat_sessions s
 where s.store_id = 'de000000-0000-4000-8000-000000000010' and s.started_at <@ private.billing_period(s.store_id)
on conflict do nothing;
insert into private.usage_counters (store_id, meter, period_start, used)
select u.store_id, u.meter, lower(private.billing_period(u.store_id)), sum(u.quantity) from public.usage_ledger u
 where u.store_id = 'de000000-0000-4000-8000-000000000010' and u.occurred_at <@ private.billing_period(u.store_id)
 group by u.store_id, u.meter
on conflict (store_id, meter, period_start) do update set used = excluded.used;

-- ---------------------------------------------------------------------------------------------
-- The demo chatbot in German too: its greeting and FAQs (a German visitor sees and is answered with these).
update public.chatbots
set greetings = jsonb_build_object('de',
  'Hallo, ich bin Scout von Acme Outdoor! Fragen Sie mich zu Bestellungen, Versand, Rücksendungen oder der richtigen Größe.')
where id = 'de000000-0000-4000-8000-000000000020';

insert into public.faqs (id, store_id, chatbot_id, position, language, question, answer) values
  ('de000000-0000-4000-8000-000000000131', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 1, 'de',
   'Wie lange dauert der Versand?',
   'Bestellungen, die an einem Werktag vor 14 Uhr (MEZ) eingehen, verlassen unser Lager am selben Tag. Der '
     || 'Standardversand dauert innerhalb der EU 2-4 Werktage; Expresssendungen kommen am nächsten Werktag an.'),
  ('de000000-0000-4000-8000-000000000132', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 2, 'de',
   'Was kostet der Versand?',
   'Der Standardversand ist ab einem Bestellwert von 60 EUR kostenlos, sonst kostet er 4,95 EUR. Expressversand '
     || 'kostet 12,90 EUR.'),
  ('de000000-0000-4000-8000-000000000133', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 3, 'de',
   'Liefern Sie auch außerhalb der EU?',
   'Ja, wir liefern nach Großbritannien, in die Schweiz, nach Norwegen, in die USA und nach Kanada. Zölle und '
     || 'Einfuhrsteuern erhebt der Paketdienst bei der Zustellung; die Lieferung dauert 5-10 Werktage.'),
  ('de000000-0000-4000-8000-000000000134', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 4, 'de',
   'Wie kann ich etwas zurückgeben?',
   'Unbenutzte Artikel in der Originalverpackung können Sie innerhalb von 30 Tagen nach der Lieferung '
     || 'zurückgeben. Starten Sie die Rücksendung auf Ihrer Bestellseite und drucken Sie das frankierte Etikett '
     || 'aus; Rücksendungen innerhalb der EU sind kostenlos.'),
  ('de000000-0000-4000-8000-000000000135', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 5, 'de',
   'Wann bekomme ich mein Geld zurück?',
   'Wir erstatten den Betrag innerhalb von 5 Werktagen, nachdem Ihre Rücksendung in unserem Lager angekommen '
     || 'ist, auf das ursprüngliche Zahlungsmittel. Sie bekommen eine E-Mail, sobald die Erstattung unterwegs ist.'),
  ('de000000-0000-4000-8000-000000000136', 'de000000-0000-4000-8000-000000000010', 'de000000-0000-4000-8000-000000000020', 6, 'de',
   'Wie fallen die Wanderschuhe aus?',
   'Unsere Schuhe haben EU-Größen. Bei Wanderschuhen empfehlen wir eine halbe Größe mehr als bei Ihren '
     || 'Straßenschuhen, damit die Zehen beim Abstieg Platz haben; messen Sie Ihren Fuß am Abend.');

-- ---------------------------------------------------------------------------------------------
-- The demo chatbot offers by itself what the store set up (the "Bot offers" tab): the Cal.com booking card
-- ("can I book a call") and a deposit ("I want to pay the deposit"), once `pnpm dev` has connected the
-- demo store to the fake Cal.com and Stripe; without them it answers as usual.
update public.chatbots
set bot_offers_booking = true,
    bot_payables = '[{"name": "Deposit", "amount": 5000, "currency": "eur",
      "description": "Deposit for a custom-made tent", "expires_in_minutes": 1440}]'
where id = 'de000000-0000-4000-8000-000000000020';
