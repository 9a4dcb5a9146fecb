-- Provider failures recorded before the providers stopped quoting an answer that echoes the API key
-- (supabase/functions/_shared/ai/providers/errors.ts) may show the key to the store's admins: hide them.
update public.responder_failures f
   set detail = '(the answer quoted the API key, so it is not shown)'
  from public.chatbot_ai_settings s
 where s.chatbot_id = f.chatbot_id
   and s.api_key is not null
   and strpos(f.detail, s.api_key) > 0;
