-- What the bot knows and how it answers: knowledge documents (chunked and indexed for full-text search),
-- full-text search over FAQs, the retrieval function, the widget's public configuration, the chatbot's
-- AI provider settings (the API key is write-only) and the responder failures admins see.

-- ---------------------------------------------------------------------------------------------
-- Text-search configuration for a chatbot language (ISO 639-1); unknown languages use 'simple'.
create or replace function private.ts_config(p_lang text)
returns regconfig
language sql
immutable
set search_path = ''
as $$
  select (case lower(split_part(coalesce(p_lang, ''), '-', 1))
    when 'en' then 'pg_catalog.english' when 'de' then 'pg_catalog.german'
    when 'fr' then 'pg_catalog.french' when 'es' then 'pg_catalog.spanish'
    when 'it' then 'pg_catalog.italian' when 'nl' then 'pg_catalog.dutch'
    when 'pt' then 'pg_catalog.portuguese' else 'pg_catalog.simple' end)::regconfig;
$$;

-- The distinct configurations of a chatbot's languages (at least one).
create or replace function private.chatbot_ts_configs(p_chatbot_id uuid)
returns setof regconfig
language sql
stable
security definer
set search_path = ''
as $$
  select distinct private.ts_config(l)
  from public.chatbots c
  cross join lateral unnest(case when cardinality(c.languages) > 0 then c.languages else '{en}' end) l
  where c.id = p_chatbot_id;
$$;

-- A text indexed in every language of the chatbot, with a weight (A for titles and questions).
create or replace function private.chatbot_tsvector(p_chatbot_id uuid, p_text text, p_weight "char" default 'D')
returns tsvector
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select tsvector_agg_v from (
      select string_agg(setweight(to_tsvector(cfg, coalesce(p_text, '')), p_weight)::text, ' ')::tsvector
        as tsvector_agg_v
      from private.chatbot_ts_configs(p_chatbot_id) cfg) x),
    ''::tsvector);
$$;

-- ---------------------------------------------------------------------------------------------
-- FAQs: searchable, question weighted above answer.
alter table public.faqs add column fts tsvector;
create index faqs_fts_idx on public.faqs using gin (fts);

create or replace function private.faqs_index()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.fts := private.chatbot_tsvector(new.chatbot_id, new.question, 'A')
    || private.chatbot_tsvector(new.chatbot_id, new.answer, 'B');
  return new;
end;
$$;
create trigger faqs_index before insert or update of question, answer, chatbot_id, fts on public.faqs
  for each row execute function private.faqs_index();
update public.faqs set fts = null;

-- ---------------------------------------------------------------------------------------------
-- knowledge_documents: pasted or uploaded text; chunked into knowledge_chunks by a trigger.
create table public.knowledge_documents (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  chatbot_id uuid not null,
  title text not null check (char_length(title) between 1 and 200),
  source text not null default 'paste' check (source in ('paste', 'upload')),
  content text not null check (char_length(content) <= 500000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, store_id),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create index knowledge_documents_store_id_idx on public.knowledge_documents (store_id);
create index knowledge_documents_chatbot_id_idx on public.knowledge_documents (chatbot_id, created_at desc);
create trigger knowledge_documents_set_updated_at before update on public.knowledge_documents
  for each row execute function private.set_updated_at();

create table public.knowledge_chunks (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  chatbot_id uuid not null,
  document_id uuid not null,
  position int not null,
  content text not null,
  fts tsvector not null,
  foreign key (document_id, store_id) references public.knowledge_documents (id, store_id) on delete cascade,
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade,
  unique (document_id, position)
);
create index knowledge_chunks_store_id_idx on public.knowledge_chunks (store_id);
create index knowledge_chunks_chatbot_id_idx on public.knowledge_chunks (chatbot_id);
create index knowledge_chunks_fts_idx on public.knowledge_chunks using gin (fts);

-- Paragraph-aware chunks of about p_size characters: paragraphs are packed together up to the size; a
-- longer paragraph is cut at sentence ends (or hard at the size when a sentence is longer still).
create or replace function private.chunk_text(p_text text, p_size int default 800)
returns setof text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_par text;
  v_piece text;
  v_current text := '';
begin
  for v_par in
    select btrim(p) from regexp_split_to_table(replace(coalesce(p_text, ''), E'\r\n', E'\n'), E'\n\\s*\n') p
  loop
    continue when v_par = '';
    if char_length(v_current) + char_length(v_par) + 2 <= p_size then
      v_current := case when v_current = '' then v_par else v_current || E'\n\n' || v_par end;
      continue;
    end if;
    if v_current <> '' then
      return next v_current;
      v_current := '';
    end if;
    if char_length(v_par) <= p_size then
      v_current := v_par;
      continue;
    end if;
    -- A long paragraph: pack its sentences.
    for v_piece in select s from regexp_split_to_table(v_par, E'(?<=[.!?])\\s+') s loop
      while char_length(v_piece) > p_size loop
        if v_current <> '' then
          return next v_current;
          v_current := '';
        end if;
        return next left(v_piece, p_size);
        v_piece := substr(v_piece, p_size + 1);
      end loop;
      if char_length(v_current) + char_length(v_piece) + 1 <= p_size then
        v_current := case when v_current = '' then v_piece else v_current || ' ' || v_piece end;
      else
        if v_current <> '' then
          return next v_current;
        end if;
        v_current := v_piece;
      end if;
    end loop;
  end loop;
  if v_current <> '' then
    return next v_current;
  end if;
end;
$$;

create or replace function private.knowledge_rechunk()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.knowledge_chunks where document_id = new.id;
  insert into public.knowledge_chunks (store_id, chatbot_id, document_id, position, content, fts)
  select new.store_id, new.chatbot_id, new.id, c.ord::int, c.chunk,
    private.chatbot_tsvector(new.chatbot_id, new.title, 'A') || private.chatbot_tsvector(new.chatbot_id, c.chunk, 'D')
  from private.chunk_text(new.content) with ordinality as c (chunk, ord);
  return null;
end;
$$;
create trigger knowledge_documents_rechunk after insert or update of title, content, chatbot_id
  on public.knowledge_documents
  for each row execute function private.knowledge_rechunk();

-- A chatbot's languages changed: re-index its FAQs and knowledge.
create or replace function private.chatbot_reindex()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.faqs set fts = null where chatbot_id = new.id;
  update public.knowledge_chunks k
  set fts = private.chatbot_tsvector(new.id, d.title, 'A') || private.chatbot_tsvector(new.id, k.content, 'D')
  from public.knowledge_documents d
  where d.id = k.document_id and k.chatbot_id = new.id;
  return null;
end;
$$;
create trigger chatbots_reindex after update of languages on public.chatbots
  for each row when (old.languages is distinct from new.languages)
  execute function private.chatbot_reindex();

-- ---------------------------------------------------------------------------------------------
-- Retrieval: FAQs and knowledge chunks of one chatbot for a visitor's text, best first. Words are
-- OR-ed (a question rarely repeats every word of an FAQ); `title_coverage` and `coverage` are the shares
-- of the query's words found in the FAQ question / chunk's document title, and in the whole hit, so the
-- responder can tell a confident match from a vague one. Security invoker: RLS applies to the caller
-- (members see their stores; the chat function calls it with the service role, scoped by chatbot).
create or replace function public.search_knowledge(p_chatbot_id uuid, p_query text, p_limit int default 5)
returns table (
  kind text, id text, title text, content text, rank real, title_coverage real, coverage real
)
language sql
stable
set search_path = ''
as $$
  -- The query's language: the configuration that leaves the fewest words (it dropped the most stop
  -- words), the chatbot's first language on a tie. Mixing configurations would let one language's
  -- stop words ("what is the") match another's index.
  with all_cfgs as (
    select cfg, array(select distinct unnest(tsvector_to_array(to_tsvector(cfg, left(p_query, 4000))))) as words
    from private.chatbot_ts_configs(p_chatbot_id) cfg
  ),
  chosen as (
    select a.cfg, a.words from all_cfgs a
    order by cardinality(a.words),
      a.cfg = (select private.ts_config(c.languages[1]) from public.chatbots c where c.id = p_chatbot_id) desc
    limit 1
  ),
  -- Only words that occur somewhere in this chatbot's FAQs or knowledge count: a greeting or a place name
  -- that nothing mentions cannot be matched and should not dilute the coverage of what can.
  cfgs as (
    select c.cfg, array(
      select w from unnest(c.words) w
      where strpos(w, E'\\') = 0 and (
        exists (select 1 from public.faqs f
                where f.chatbot_id = p_chatbot_id and f.fts @@ to_tsquery('pg_catalog.simple', quote_literal(w)))
        or exists (select 1 from public.knowledge_chunks k
                   where k.chatbot_id = p_chatbot_id and k.fts @@ to_tsquery('pg_catalog.simple', quote_literal(w))))
    ) as words
    from chosen c
  ),
  q as (
    select to_tsquery('pg_catalog.simple', string_agg(
      (select string_agg(quote_literal(w), ' | ') from unnest(words) w), ' | ')) as query
    from cfgs where cardinality(words) > 0
  ),
  hits as (
    select 'faq'::text as kind, f.id::text as id, f.question as title, f.answer as content,
      ts_rank(f.fts, q.query) as rank, f.position as pos
    from public.faqs f, q
    where f.chatbot_id = p_chatbot_id and q.query is not null and f.fts @@ q.query
    union all
    select 'knowledge', k.id::text, d.title, k.content, ts_rank(k.fts, q.query), k.position
    from public.knowledge_chunks k
    join public.knowledge_documents d on d.id = k.document_id, q
    where k.chatbot_id = p_chatbot_id and q.query is not null and k.fts @@ q.query
    order by rank desc, pos
    limit greatest(1, least(coalesce(p_limit, 5), 20)) * 3
  ),
  scored as (
    select h.*,
      (select max(
          (select count(*) from unnest(c.words) w
           where w = any (tsvector_to_array(to_tsvector(c.cfg, h.title))))::real / cardinality(c.words))
       from cfgs c where cardinality(c.words) > 0) as title_coverage,
      (select max(
          (select count(*) from unnest(c.words) w
           where w = any (tsvector_to_array(to_tsvector(c.cfg, h.title || ' ' || h.content))))::real
            / cardinality(c.words))
       from cfgs c where cardinality(c.words) > 0) as coverage
    from hits h
  )
  select s.kind, s.id, s.title, s.content, s.rank, s.title_coverage, s.coverage
  from scored s
  order by (case when s.kind = 'faq' then s.title_coverage else s.coverage * 0.8 end) desc, s.rank desc, s.pos
  limit greatest(1, least(coalesce(p_limit, 5), 20));
$$;

-- ---------------------------------------------------------------------------------------------
-- The widget's public configuration, for anyone who has the chatbot's public id (the loader is public).
create or replace function public.widget_config(p_public_id text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'chatbot', jsonb_build_object(
      'id', c.id, 'public_id', c.public_id, 'name', c.name, 'greeting', c.greeting,
      'languages', to_jsonb(c.languages), 'theme', c.theme, 'prechat_form', c.prechat_form),
    'store', jsonb_build_object('name', s.name),
    'faqs', coalesce((
      select jsonb_agg(jsonb_build_object('id', f.id, 'question', f.question, 'answer', f.answer)
        order by f.position, f.created_at)
      from public.faqs f where f.chatbot_id = c.id and f.store_id = c.store_id), '[]'::jsonb))
  from public.chatbots c
  join public.stores s on s.id = c.store_id
  where c.public_id = p_public_id and s.status = 'active';
$$;

-- ---------------------------------------------------------------------------------------------
-- chatbot_ai_settings: the optional LLM provider of a chatbot. One row per chatbot (made by a trigger).
-- api_key is write-only: owners and admins set or clear it, nobody but service_role reads it back;
-- has_api_key tells the dashboard whether one is set.
create table public.chatbot_ai_settings (
  chatbot_id uuid primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  provider text check (provider in ('openai', 'anthropic')),
  base_url text check (base_url ~ '^https?://[^\s]+$' and char_length(base_url) <= 500),
  model text check (char_length(model) between 1 and 200),
  api_key text check (char_length(api_key) between 1 and 500),
  has_api_key boolean generated always as (api_key is not null) stored,
  timeout_ms int not null default 20000 check (timeout_ms between 1000 and 120000),
  max_tokens int not null default 512 check (max_tokens between 16 and 8192),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create index chatbot_ai_settings_store_id_idx on public.chatbot_ai_settings (store_id);
create trigger chatbot_ai_settings_set_updated_at before update on public.chatbot_ai_settings
  for each row execute function private.set_updated_at();

create or replace function private.create_chatbot_ai_settings()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.chatbot_ai_settings (chatbot_id, store_id) values (new.id, new.store_id)
  on conflict (chatbot_id) do nothing;
  return null;
end;
$$;
create trigger chatbots_create_ai_settings after insert on public.chatbots
  for each row execute function private.create_chatbot_ai_settings();
insert into public.chatbot_ai_settings (chatbot_id, store_id)
select id, store_id from public.chatbots on conflict (chatbot_id) do nothing;

-- ---------------------------------------------------------------------------------------------
-- responder_failures: a provider that failed or timed out while answering (the visitor got a fallback).
-- Written by the chat function (service role); owners and admins read and dismiss them.
create table public.responder_failures (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  chatbot_id uuid not null,
  session_id uuid,
  message_id bigint,
  provider text not null,
  kind text not null check (kind in ('timeout', 'http_error', 'rate_limited', 'network', 'bad_response')),
  http_status int,
  detail text not null default '' check (char_length(detail) <= 2000),
  created_at timestamptz not null default now(),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create index responder_failures_store_id_idx on public.responder_failures (store_id, created_at desc);
create index responder_failures_chatbot_id_idx on public.responder_failures (chatbot_id);

-- ---------------------------------------------------------------------------------------------
alter table public.knowledge_documents enable row level security;
alter table public.knowledge_chunks enable row level security;
alter table public.chatbot_ai_settings enable row level security;
alter table public.responder_failures enable row level security;

revoke all on public.knowledge_documents, public.knowledge_chunks, public.chatbot_ai_settings,
  public.responder_failures from anon, authenticated, service_role;
grant all on public.knowledge_documents, public.knowledge_chunks, public.chatbot_ai_settings,
  public.responder_failures to service_role;

-- knowledge_documents: members read; owners and admins write. Chunks follow by trigger, read-only.
grant select, delete on public.knowledge_documents to authenticated;
grant insert (id, store_id, chatbot_id, title, source, content) on public.knowledge_documents to authenticated;
grant update (title, source, content) on public.knowledge_documents to authenticated;
grant select on public.knowledge_chunks to authenticated;

create policy "knowledge_documents: members select" on public.knowledge_documents
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "knowledge_documents: admins insert" on public.knowledge_documents
  for insert to authenticated with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "knowledge_documents: admins update" on public.knowledge_documents
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "knowledge_documents: admins delete" on public.knowledge_documents
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

create policy "knowledge_chunks: members select" on public.knowledge_chunks
  for select to authenticated using (store_id in (select private.my_store_ids()));

-- chatbot_ai_settings: owners and admins read (never the key) and update; rows come and go with chatbots.
grant select (chatbot_id, store_id, provider, base_url, model, has_api_key, timeout_ms, max_tokens, created_at,
  updated_at) on public.chatbot_ai_settings to authenticated;
grant update (provider, base_url, model, api_key, timeout_ms, max_tokens) on public.chatbot_ai_settings
  to authenticated;

create policy "chatbot_ai_settings: admins select" on public.chatbot_ai_settings
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "chatbot_ai_settings: admins update" on public.chatbot_ai_settings
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- responder_failures: owners and admins read and dismiss.
grant select, delete on public.responder_failures to authenticated;

create policy "responder_failures: admins select" on public.responder_failures
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "responder_failures: admins delete" on public.responder_failures
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- Functions
revoke execute on all functions in schema private from public;
grant execute on function private.chatbot_ts_configs(uuid) to authenticated, service_role;
grant execute on function private.ts_config(text) to authenticated, service_role;
grant execute on function private.chatbot_tsvector(uuid, text, "char") to authenticated, service_role;
revoke execute on function public.search_knowledge(uuid, text, int) from public;
grant execute on function public.search_knowledge(uuid, text, int) to authenticated, service_role;
revoke execute on function public.widget_config(text) from public;
grant execute on function public.widget_config(text) to anon, authenticated, service_role;
