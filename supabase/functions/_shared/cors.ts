/**
 * CORS for functions called from browsers (the dashboard, the widget). The values of
 * `corsHeaders` from `@supabase/supabase-js/cors`, and the headers a page may read (how long a refused
 * request should wait): answer OPTIONS with them and add them to every reply.
 */
export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers':
    'authorization, x-client-info, apikey, content-type, x-retry-count, traceparent, tracestate, baggage',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  // A browser hides every other response header from a page on another origin (the widget's iframe).
  'Access-Control-Expose-Headers': 'Retry-After, Server-Timing',
}
