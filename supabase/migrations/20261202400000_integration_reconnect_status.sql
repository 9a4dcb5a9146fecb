-- A connected app whose refresh token died (invalid_grant, uninstalled) waits for an owner to connect it
-- again. Its own migration: a new enum value cannot be used in the transaction that adds it.
alter type public.integration_status add value if not exists 'reconnect';
