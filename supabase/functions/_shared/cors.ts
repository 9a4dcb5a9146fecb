/**
 * CORS for functions called from browsers (the dashboard, the widget). Same values as
 * `corsHeaders` from `@supabase/supabase-js/cors`: answer OPTIONS with them and add them to every reply.
 */
export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers':
    'authorization, x-client-info, apikey, content-type, x-retry-count, traceparent, tracestate, baggage',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
}
