export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: '12'
  }
  graphql_public: {
    Tables: {
      [_ in never]: never
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      graphql: {
        Args: {
          extensions?: Json
          operationName?: string
          query?: string
          variables?: Json
        }
        Returns: Json
      }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
  public: {
    Tables: {
      analytics_daily: {
        Row: {
          agent: string
          channel: string
          chatbot_id: string | null
          day: string
          events: number
          intent: string
          kind: Database['public']['Enums']['analytics_event_kind']
          language: string
          outcome: string
          sentiment_count: number
          sentiment_hist: number[] | null
          sentiment_sum: number
          shard: number
          store_id: string
          value_count: number
          value_hist: number[] | null
          value_sum: number
        }
        Insert: {
          agent: string
          channel: string
          chatbot_id?: string | null
          day: string
          events?: number
          intent: string
          kind: Database['public']['Enums']['analytics_event_kind']
          language: string
          outcome: string
          sentiment_count?: number
          sentiment_hist?: number[] | null
          sentiment_sum?: number
          shard: number
          store_id: string
          value_count?: number
          value_hist?: number[] | null
          value_sum?: number
        }
        Update: {
          agent?: string
          channel?: string
          chatbot_id?: string | null
          day?: string
          events?: number
          intent?: string
          kind?: Database['public']['Enums']['analytics_event_kind']
          language?: string
          outcome?: string
          sentiment_count?: number
          sentiment_hist?: number[] | null
          sentiment_sum?: number
          shard?: number
          store_id?: string
          value_count?: number
          value_hist?: number[] | null
          value_sum?: number
        }
        Relationships: [
          {
            foreignKeyName: 'analytics_daily_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'analytics_daily_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      analytics_daily_tags: {
        Row: {
          agent: string
          channel: string
          chatbot_id: string | null
          day: string
          events: number
          intent: string
          kind: Database['public']['Enums']['analytics_event_kind']
          language: string
          outcome: string
          sentiment_count: number
          sentiment_hist: number[] | null
          sentiment_sum: number
          shard: number
          store_id: string
          tag: string
          value_count: number
          value_hist: number[] | null
          value_sum: number
        }
        Insert: {
          agent?: string
          channel: string
          chatbot_id?: string | null
          day: string
          events?: number
          intent?: string
          kind: Database['public']['Enums']['analytics_event_kind']
          language: string
          outcome?: string
          sentiment_count?: number
          sentiment_hist?: number[] | null
          sentiment_sum?: number
          shard: number
          store_id: string
          tag: string
          value_count?: number
          value_hist?: number[] | null
          value_sum?: number
        }
        Update: {
          agent?: string
          channel?: string
          chatbot_id?: string | null
          day?: string
          events?: number
          intent?: string
          kind?: Database['public']['Enums']['analytics_event_kind']
          language?: string
          outcome?: string
          sentiment_count?: number
          sentiment_hist?: number[] | null
          sentiment_sum?: number
          shard?: number
          store_id?: string
          tag?: string
          value_count?: number
          value_hist?: number[] | null
          value_sum?: number
        }
        Relationships: [
          {
            foreignKeyName: 'analytics_daily_tags_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'analytics_daily_tags_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      analytics_events: {
        Row: {
          agent: string
          at: string
          channel: string
          chatbot_id: string | null
          day: string
          detail: NonNullable<Json>
          id: number
          intent: string
          kind: Database['public']['Enums']['analytics_event_kind']
          language: string
          outcome: string
          sentiment: number | null
          session_id: string | null
          store_id: string
          tags: string[]
          value: number | null
        }
        Insert: {
          agent?: string
          at?: string
          channel?: string
          chatbot_id?: string | null
          day: string
          detail?: NonNullable<Json>
          id?: never
          intent?: string
          kind: Database['public']['Enums']['analytics_event_kind']
          language?: string
          outcome?: string
          sentiment?: number | null
          session_id?: string | null
          store_id: string
          tags?: string[]
          value?: number | null
        }
        Update: {
          agent?: string
          at?: string
          channel?: string
          chatbot_id?: string | null
          day?: string
          detail?: NonNullable<Json>
          id?: never
          intent?: string
          kind?: Database['public']['Enums']['analytics_event_kind']
          language?: string
          outcome?: string
          sentiment?: number | null
          session_id?: string | null
          store_id?: string
          tags?: string[]
          value?: number | null
        }
        Relationships: [
          {
            foreignKeyName: 'analytics_events_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'analytics_events_session_id_store_id_fkey'
            columns: ['session_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'analytics_events_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      analytics_report_schedules: {
        Row: {
          cadence: Database['public']['Enums']['report_cadence']
          created_at: string
          created_by: string | null
          enabled: boolean
          id: string
          last_sent_period_start: string | null
          recipients: string[]
          store_id: string
          updated_at: string
        }
        Insert: {
          cadence: Database['public']['Enums']['report_cadence']
          created_at?: string
          created_by?: string | null
          enabled?: boolean
          id?: string
          last_sent_period_start?: string | null
          recipients?: string[]
          store_id: string
          updated_at?: string
        }
        Update: {
          cadence?: Database['public']['Enums']['report_cadence']
          created_at?: string
          created_by?: string | null
          enabled?: boolean
          id?: string
          last_sent_period_start?: string | null
          recipients?: string[]
          store_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'analytics_report_schedules_created_by_fkey'
            columns: ['created_by']
            isOneToOne: false
            referencedRelation: 'profiles'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'analytics_report_schedules_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      app_oauth_states: {
        Row: {
          app: string
          code_verifier_encrypted: string
          created_at: string
          expires_at: string
          redirect_uri: string
          state: string
          store_id: string
          user_id: string
        }
        Insert: {
          app: string
          code_verifier_encrypted: string
          created_at?: string
          expires_at?: string
          redirect_uri: string
          state: string
          store_id: string
          user_id: string
        }
        Update: {
          app?: string
          code_verifier_encrypted?: string
          created_at?: string
          expires_at?: string
          redirect_uri?: string
          state?: string
          store_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'app_oauth_states_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      app_threads: {
        Row: {
          app: string
          created_at: string
          place: string
          session_id: string
          store_id: string
          thread: string
        }
        Insert: {
          app: string
          created_at?: string
          place: string
          session_id: string
          store_id: string
          thread: string
        }
        Update: {
          app?: string
          created_at?: string
          place?: string
          session_id?: string
          store_id?: string
          thread?: string
        }
        Relationships: [
          {
            foreignKeyName: 'app_threads_session_id_fkey'
            columns: ['session_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'app_threads_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      audit_log: {
        Row: {
          action: string
          actor_id: string | null
          created_at: string
          details: NonNullable<Json>
          id: number
          store_id: string | null
          target: string | null
        }
        Insert: {
          action: string
          actor_id?: string | null
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          store_id?: string | null
          target?: string | null
        }
        Update: {
          action?: string
          actor_id?: string | null
          created_at?: string
          details?: NonNullable<Json>
          id?: never
          store_id?: string | null
          target?: string | null
        }
        Relationships: [
          {
            foreignKeyName: 'audit_log_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      automation_events: {
        Row: {
          claimed_until: string | null
          contact_id: string | null
          created_at: string
          dedupe_key: string | null
          id: number
          payload: NonNullable<Json>
          processed_at: string | null
          rerun_of: string | null
          run_id: string | null
          session_id: string | null
          store_id: string
          type: string
          workflow_id: string | null
        }
        Insert: {
          claimed_until?: string | null
          contact_id?: string | null
          created_at?: string
          dedupe_key?: string | null
          id?: never
          payload?: NonNullable<Json>
          processed_at?: string | null
          rerun_of?: string | null
          run_id?: string | null
          session_id?: string | null
          store_id: string
          type: string
          workflow_id?: string | null
        }
        Update: {
          claimed_until?: string | null
          contact_id?: string | null
          created_at?: string
          dedupe_key?: string | null
          id?: never
          payload?: NonNullable<Json>
          processed_at?: string | null
          rerun_of?: string | null
          run_id?: string | null
          session_id?: string | null
          store_id?: string
          type?: string
          workflow_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: 'automation_events_rerun_of_fkey'
            columns: ['rerun_of']
            isOneToOne: false
            referencedRelation: 'workflow_runs'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'automation_events_run_id_fkey'
            columns: ['run_id']
            isOneToOne: false
            referencedRelation: 'workflow_runs'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'automation_events_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'automation_events_workflow_id_fkey'
            columns: ['workflow_id']
            isOneToOne: false
            referencedRelation: 'workflows'
            referencedColumns: ['id']
          },
        ]
      }
      automation_secrets: {
        Row: {
          created_at: string
          store_id: string
          updated_at: string
          webhook_secret: string
        }
        Insert: {
          created_at?: string
          store_id: string
          updated_at?: string
          webhook_secret?: string
        }
        Update: {
          created_at?: string
          store_id?: string
          updated_at?: string
          webhook_secret?: string
        }
        Relationships: [
          {
            foreignKeyName: 'automation_secrets_store_id_fkey'
            columns: ['store_id']
            isOneToOne: true
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      billing_invoices: {
        Row: {
          amount_due: number
          amount_paid: number
          created_at: string
          currency: string
          hosted_invoice_url: string | null
          id: string
          number: string | null
          period_end: string | null
          period_start: string | null
          status: string
          store_id: string
          stripe_state_at: string
        }
        Insert: {
          amount_due: number
          amount_paid: number
          created_at: string
          currency: string
          hosted_invoice_url?: string | null
          id: string
          number?: string | null
          period_end?: string | null
          period_start?: string | null
          status: string
          store_id: string
          stripe_state_at: string
        }
        Update: {
          amount_due?: number
          amount_paid?: number
          created_at?: string
          currency?: string
          hosted_invoice_url?: string | null
          id?: string
          number?: string | null
          period_end?: string | null
          period_start?: string | null
          status?: string
          store_id?: string
          stripe_state_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'billing_invoices_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      billing_notices: {
        Row: {
          created_at: string
          id: number
          kind: string
          message: string
          meter: Database['public']['Enums']['usage_meter'] | null
          once_per: string
          read_at: string | null
          store_id: string
        }
        Insert: {
          created_at?: string
          id?: never
          kind: string
          message: string
          meter?: Database['public']['Enums']['usage_meter'] | null
          once_per: string
          read_at?: string | null
          store_id: string
        }
        Update: {
          created_at?: string
          id?: never
          kind?: string
          message?: string
          meter?: Database['public']['Enums']['usage_meter'] | null
          once_per?: string
          read_at?: string | null
          store_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'billing_notices_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      bookings: {
        Row: {
          attendee_email: string | null
          attendee_name: string | null
          attendee_time_zone: string | null
          cancellation_reason: string | null
          created_at: string
          end_at: string | null
          event_type_id: number | null
          id: string
          previous_uid: string | null
          session_id: string | null
          start_at: string | null
          status: string
          store_id: string
          title: string | null
          uid: string
          updated_at: string
        }
        Insert: {
          attendee_email?: string | null
          attendee_name?: string | null
          attendee_time_zone?: string | null
          cancellation_reason?: string | null
          created_at?: string
          end_at?: string | null
          event_type_id?: number | null
          id?: string
          previous_uid?: string | null
          session_id?: string | null
          start_at?: string | null
          status: string
          store_id: string
          title?: string | null
          uid: string
          updated_at?: string
        }
        Update: {
          attendee_email?: string | null
          attendee_name?: string | null
          attendee_time_zone?: string | null
          cancellation_reason?: string | null
          created_at?: string
          end_at?: string | null
          event_type_id?: number | null
          id?: string
          previous_uid?: string | null
          session_id?: string | null
          start_at?: string | null
          status?: string
          store_id?: string
          title?: string | null
          uid?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'bookings_session_id_store_id_fkey'
            columns: ['session_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'bookings_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      calcom_events: {
        Row: {
          booking_uid: string
          delivery_ref: string
          id: number
          outcome: string | null
          payload: NonNullable<Json>
          processed_at: string | null
          received_at: string
          sent_at: string
          store_id: string
          trigger_event: string
        }
        Insert: {
          booking_uid: string
          delivery_ref: string
          id?: never
          outcome?: string | null
          payload: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          sent_at: string
          store_id: string
          trigger_event: string
        }
        Update: {
          booking_uid?: string
          delivery_ref?: string
          id?: never
          outcome?: string | null
          payload?: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          sent_at?: string
          store_id?: string
          trigger_event?: string
        }
        Relationships: [
          {
            foreignKeyName: 'calcom_events_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      chat_sessions: {
        Row: {
          attributes: NonNullable<Json>
          chatbot_id: string
          chatwoot_conversation_id: number | null
          contact_id: string | null
          handoff_priority: string | null
          handoff_state: string | null
          handoff_team: string | null
          id: string
          language: string | null
          last_message_at: string
          lead_score: number | null
          over_cap_at: string | null
          resolved_at: string | null
          sentiment: number | null
          started_at: string
          status: Database['public']['Enums']['chat_session_status']
          store_id: string
          summary: string
          tags: string[]
          visitor_id: string | null
        }
        Insert: {
          attributes?: NonNullable<Json>
          chatbot_id: string
          chatwoot_conversation_id?: number | null
          contact_id?: string | null
          handoff_priority?: string | null
          handoff_state?: string | null
          handoff_team?: string | null
          id?: string
          language?: string | null
          last_message_at?: string
          lead_score?: number | null
          over_cap_at?: string | null
          resolved_at?: string | null
          sentiment?: number | null
          started_at?: string
          status?: Database['public']['Enums']['chat_session_status']
          store_id: string
          summary?: string
          tags?: string[]
          visitor_id?: string | null
        }
        Update: {
          attributes?: NonNullable<Json>
          chatbot_id?: string
          chatwoot_conversation_id?: number | null
          contact_id?: string | null
          handoff_priority?: string | null
          handoff_state?: string | null
          handoff_team?: string | null
          id?: string
          language?: string | null
          last_message_at?: string
          lead_score?: number | null
          over_cap_at?: string | null
          resolved_at?: string | null
          sentiment?: number | null
          started_at?: string
          status?: Database['public']['Enums']['chat_session_status']
          store_id?: string
          summary?: string
          tags?: string[]
          visitor_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: 'chat_sessions_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'chat_sessions_contact_id_store_id_fkey'
            columns: ['contact_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'contacts'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'chat_sessions_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      chatbot_ai_settings: {
        Row: {
          api_key: string | null
          base_url: string | null
          chatbot_id: string
          created_at: string
          has_api_key: boolean | null
          max_tokens: number
          model: string | null
          provider: Database['public']['Enums']['ai_provider'] | null
          store_id: string
          timeout_ms: number
          updated_at: string
        }
        Insert: {
          api_key?: string | null
          base_url?: string | null
          chatbot_id: string
          created_at?: string
          has_api_key?: never
          max_tokens?: number
          model?: string | null
          provider?: Database['public']['Enums']['ai_provider'] | null
          store_id: string
          timeout_ms?: number
          updated_at?: string
        }
        Update: {
          api_key?: string | null
          base_url?: string | null
          chatbot_id?: string
          created_at?: string
          has_api_key?: never
          max_tokens?: number
          model?: string | null
          provider?: Database['public']['Enums']['ai_provider'] | null
          store_id?: string
          timeout_ms?: number
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'chatbot_ai_settings_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'chatbot_ai_settings_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      chatbot_secrets: {
        Row: {
          chatbot_id: string
          created_at: string
          identity_secret: string
          store_id: string
          updated_at: string
        }
        Insert: {
          chatbot_id: string
          created_at?: string
          identity_secret?: string
          store_id: string
          updated_at?: string
        }
        Update: {
          chatbot_id?: string
          created_at?: string
          identity_secret?: string
          store_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'chatbot_secrets_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'chatbot_secrets_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      chatbots: {
        Row: {
          bot_offers_booking: boolean
          bot_payables: NonNullable<Json>
          consent_changed_at: string
          consent_required: boolean
          consent_text: string
          consent_texts: NonNullable<Json>
          consent_version: number
          created_at: string
          greeting: string
          greetings: NonNullable<Json>
          id: string
          languages: string[]
          lead_scoring: NonNullable<Json>
          name: string
          persona: string
          prechat_form: NonNullable<Json>
          public_id: string
          store_id: string
          theme: NonNullable<Json>
          updated_at: string
        }
        Insert: {
          bot_offers_booking?: boolean
          bot_payables?: NonNullable<Json>
          consent_changed_at?: string
          consent_required?: boolean
          consent_text?: string
          consent_texts?: NonNullable<Json>
          consent_version?: number
          created_at?: string
          greeting?: string
          greetings?: NonNullable<Json>
          id?: string
          languages?: string[]
          lead_scoring?: NonNullable<Json>
          name: string
          persona?: string
          prechat_form?: NonNullable<Json>
          public_id?: string
          store_id: string
          theme?: NonNullable<Json>
          updated_at?: string
        }
        Update: {
          bot_offers_booking?: boolean
          bot_payables?: NonNullable<Json>
          consent_changed_at?: string
          consent_required?: boolean
          consent_text?: string
          consent_texts?: NonNullable<Json>
          consent_version?: number
          created_at?: string
          greeting?: string
          greetings?: NonNullable<Json>
          id?: string
          languages?: string[]
          lead_scoring?: NonNullable<Json>
          name?: string
          persona?: string
          prechat_form?: NonNullable<Json>
          public_id?: string
          store_id?: string
          theme?: NonNullable<Json>
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'chatbots_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      chatwoot_accounts: {
        Row: {
          account_id: number | null
          admin_access_token: string | null
          admin_user_id: number | null
          api_inbox_id: number | null
          api_inbox_identifier: string | null
          api_inbox_secret: string | null
          created_at: string
          dashboard_app_id: number | null
          hmac_token: string | null
          inbox_id: number | null
          last_error: string | null
          provisioned_steps: NonNullable<Json>
          status: Database['public']['Enums']['chatwoot_account_status']
          store_id: string
          updated_at: string
          webhook_id: number | null
          webhook_secret: string | null
          website_token: string | null
        }
        Insert: {
          account_id?: number | null
          admin_access_token?: string | null
          admin_user_id?: number | null
          api_inbox_id?: number | null
          api_inbox_identifier?: string | null
          api_inbox_secret?: string | null
          created_at?: string
          dashboard_app_id?: number | null
          hmac_token?: string | null
          inbox_id?: number | null
          last_error?: string | null
          provisioned_steps?: NonNullable<Json>
          status?: Database['public']['Enums']['chatwoot_account_status']
          store_id: string
          updated_at?: string
          webhook_id?: number | null
          webhook_secret?: string | null
          website_token?: string | null
        }
        Update: {
          account_id?: number | null
          admin_access_token?: string | null
          admin_user_id?: number | null
          api_inbox_id?: number | null
          api_inbox_identifier?: string | null
          api_inbox_secret?: string | null
          created_at?: string
          dashboard_app_id?: number | null
          hmac_token?: string | null
          inbox_id?: number | null
          last_error?: string | null
          provisioned_steps?: NonNullable<Json>
          status?: Database['public']['Enums']['chatwoot_account_status']
          store_id?: string
          updated_at?: string
          webhook_id?: number | null
          webhook_secret?: string | null
          website_token?: string | null
        }
        Relationships: [
          {
            foreignKeyName: 'chatwoot_accounts_store_id_fkey'
            columns: ['store_id']
            isOneToOne: true
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      chatwoot_agents: {
        Row: {
          chatwoot_user_id: number | null
          created_at: string
          last_error: string | null
          role: Database['public']['Enums']['member_role']
          status: Database['public']['Enums']['chatwoot_agent_status']
          store_id: string
          synced_at: string | null
          updated_at: string
          user_id: string
        }
        Insert: {
          chatwoot_user_id?: number | null
          created_at?: string
          last_error?: string | null
          role: Database['public']['Enums']['member_role']
          status?: Database['public']['Enums']['chatwoot_agent_status']
          store_id: string
          synced_at?: string | null
          updated_at?: string
          user_id: string
        }
        Update: {
          chatwoot_user_id?: number | null
          created_at?: string
          last_error?: string | null
          role?: Database['public']['Enums']['member_role']
          status?: Database['public']['Enums']['chatwoot_agent_status']
          store_id?: string
          synced_at?: string | null
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'chatwoot_agents_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      chatwoot_webhook_events: {
        Row: {
          delivery_id: string
          event: string
          id: number
          outcome: string | null
          payload: NonNullable<Json>
          processed_at: string | null
          received_at: string
          signed_at: string
          store_id: string
        }
        Insert: {
          delivery_id: string
          event: string
          id?: never
          outcome?: string | null
          payload: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          signed_at: string
          store_id: string
        }
        Update: {
          delivery_id?: string
          event?: string
          id?: never
          outcome?: string | null
          payload?: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          signed_at?: string
          store_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'chatwoot_webhook_events_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      consents: {
        Row: {
          chatbot_id: string
          consent_text: string
          consent_version: number
          given_at: string
          id: number
          language: string | null
          store_id: string
          visitor_id: string | null
        }
        Insert: {
          chatbot_id: string
          consent_text: string
          consent_version: number
          given_at?: string
          id?: never
          language?: string | null
          store_id: string
          visitor_id?: string | null
        }
        Update: {
          chatbot_id?: string
          consent_text?: string
          consent_version?: number
          given_at?: string
          id?: never
          language?: string | null
          store_id?: string
          visitor_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: 'consents_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'consents_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      contact_visitors: {
        Row: {
          contact_id: string
          created_at: string
          store_id: string
          visitor_id: string
        }
        Insert: {
          contact_id: string
          created_at?: string
          store_id: string
          visitor_id: string
        }
        Update: {
          contact_id?: string
          created_at?: string
          store_id?: string
          visitor_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'contact_visitors_contact_id_store_id_fkey'
            columns: ['contact_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'contacts'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'contact_visitors_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      contacts: {
        Row: {
          chatwoot_contact_id: number | null
          created_at: string
          custom_attributes: NonNullable<Json>
          email: string | null
          external_id: string | null
          id: string
          lead_score: number | null
          name: string | null
          phone: string | null
          store_id: string
          updated_at: string
          verified: boolean
          visitor_id: string | null
        }
        Insert: {
          chatwoot_contact_id?: number | null
          created_at?: string
          custom_attributes?: NonNullable<Json>
          email?: string | null
          external_id?: string | null
          id?: string
          lead_score?: number | null
          name?: string | null
          phone?: string | null
          store_id: string
          updated_at?: string
          verified?: boolean
          visitor_id?: string | null
        }
        Update: {
          chatwoot_contact_id?: number | null
          created_at?: string
          custom_attributes?: NonNullable<Json>
          email?: string | null
          external_id?: string | null
          id?: string
          lead_score?: number | null
          name?: string | null
          phone?: string | null
          store_id?: string
          updated_at?: string
          verified?: boolean
          visitor_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: 'contacts_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      faqs: {
        Row: {
          answer: string
          chatbot_id: string
          created_at: string
          fts: unknown
          id: string
          language: string | null
          lexemes: Json | null
          position: number
          question: string
          store_id: string
          updated_at: string
        }
        Insert: {
          answer: string
          chatbot_id: string
          created_at?: string
          fts?: unknown
          id?: string
          language?: string | null
          lexemes?: Json | null
          position?: number
          question: string
          store_id: string
          updated_at?: string
        }
        Update: {
          answer?: string
          chatbot_id?: string
          created_at?: string
          fts?: unknown
          id?: string
          language?: string | null
          lexemes?: Json | null
          position?: number
          question?: string
          store_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'faqs_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'faqs_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      integrations: {
        Row: {
          account_label: string | null
          config: NonNullable<Json>
          connected_by: string | null
          created_at: string
          credentials_encrypted: string | null
          expires_at: string | null
          failing_since: string | null
          id: string
          last_error: string | null
          last_success_at: string | null
          provider: string
          refresh_lock_until: string | null
          refresh_token_encrypted: string | null
          status: Database['public']['Enums']['integration_status']
          store_id: string
          updated_at: string
          webhook_secret_encrypted: string | null
        }
        Insert: {
          account_label?: string | null
          config?: NonNullable<Json>
          connected_by?: string | null
          created_at?: string
          credentials_encrypted?: string | null
          expires_at?: string | null
          failing_since?: string | null
          id?: string
          last_error?: string | null
          last_success_at?: string | null
          provider: string
          refresh_lock_until?: string | null
          refresh_token_encrypted?: string | null
          status?: Database['public']['Enums']['integration_status']
          store_id: string
          updated_at?: string
          webhook_secret_encrypted?: string | null
        }
        Update: {
          account_label?: string | null
          config?: NonNullable<Json>
          connected_by?: string | null
          created_at?: string
          credentials_encrypted?: string | null
          expires_at?: string | null
          failing_since?: string | null
          id?: string
          last_error?: string | null
          last_success_at?: string | null
          provider?: string
          refresh_lock_until?: string | null
          refresh_token_encrypted?: string | null
          status?: Database['public']['Enums']['integration_status']
          store_id?: string
          updated_at?: string
          webhook_secret_encrypted?: string | null
        }
        Relationships: [
          {
            foreignKeyName: 'integrations_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      invitations: {
        Row: {
          accepted_at: string | null
          created_at: string
          email: string
          expires_at: string
          id: string
          invited_by: string | null
          role: Database['public']['Enums']['member_role']
          status: Database['public']['Enums']['invitation_status']
          store_id: string
          token: string
        }
        Insert: {
          accepted_at?: string | null
          created_at?: string
          email: string
          expires_at?: string
          id?: string
          invited_by?: string | null
          role: Database['public']['Enums']['member_role']
          status?: Database['public']['Enums']['invitation_status']
          store_id: string
          token?: string
        }
        Update: {
          accepted_at?: string | null
          created_at?: string
          email?: string
          expires_at?: string
          id?: string
          invited_by?: string | null
          role?: Database['public']['Enums']['member_role']
          status?: Database['public']['Enums']['invitation_status']
          store_id?: string
          token?: string
        }
        Relationships: [
          {
            foreignKeyName: 'invitations_invited_by_fkey'
            columns: ['invited_by']
            isOneToOne: false
            referencedRelation: 'profiles'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'invitations_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      knowledge_chunks: {
        Row: {
          chatbot_id: string
          content: string
          document_id: string
          fts: unknown
          id: number
          lexemes: Json | null
          position: number
          store_id: string
        }
        Insert: {
          chatbot_id: string
          content: string
          document_id: string
          fts: unknown
          id?: never
          lexemes?: Json | null
          position: number
          store_id: string
        }
        Update: {
          chatbot_id?: string
          content?: string
          document_id?: string
          fts?: unknown
          id?: never
          lexemes?: Json | null
          position?: number
          store_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'knowledge_chunks_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'knowledge_chunks_document_id_store_id_fkey'
            columns: ['document_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'knowledge_documents'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'knowledge_chunks_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      knowledge_documents: {
        Row: {
          chatbot_id: string
          content: string
          created_at: string
          id: string
          language: string | null
          source: Database['public']['Enums']['knowledge_source']
          store_id: string
          title: string
          updated_at: string
        }
        Insert: {
          chatbot_id: string
          content: string
          created_at?: string
          id?: string
          language?: string | null
          source?: Database['public']['Enums']['knowledge_source']
          store_id: string
          title: string
          updated_at?: string
        }
        Update: {
          chatbot_id?: string
          content?: string
          created_at?: string
          id?: string
          language?: string | null
          source?: Database['public']['Enums']['knowledge_source']
          store_id?: string
          title?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'knowledge_documents_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'knowledge_documents_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      memberships: {
        Row: {
          created_at: string
          role: Database['public']['Enums']['member_role']
          store_id: string
          user_id: string
        }
        Insert: {
          created_at?: string
          role: Database['public']['Enums']['member_role']
          store_id: string
          user_id: string
        }
        Update: {
          created_at?: string
          role?: Database['public']['Enums']['member_role']
          store_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'memberships_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'memberships_user_id_fkey'
            columns: ['user_id']
            isOneToOne: false
            referencedRelation: 'profiles'
            referencedColumns: ['id']
          },
        ]
      }
      messages: {
        Row: {
          attachments: NonNullable<Json>
          author_id: string | null
          chatwoot_message_id: number | null
          client_id: string | null
          content: string
          created_at: string
          id: number
          intent: string | null
          is_private: boolean
          metadata: NonNullable<Json>
          reply_to: number | null
          sender: Database['public']['Enums']['message_sender']
          sentiment: number | null
          session_id: string
          store_id: string
        }
        Insert: {
          attachments?: NonNullable<Json>
          author_id?: string | null
          chatwoot_message_id?: number | null
          client_id?: string | null
          content?: string
          created_at?: string
          id?: never
          intent?: string | null
          is_private?: boolean
          metadata?: NonNullable<Json>
          reply_to?: number | null
          sender: Database['public']['Enums']['message_sender']
          sentiment?: number | null
          session_id: string
          store_id: string
        }
        Update: {
          attachments?: NonNullable<Json>
          author_id?: string | null
          chatwoot_message_id?: number | null
          client_id?: string | null
          content?: string
          created_at?: string
          id?: never
          intent?: string | null
          is_private?: boolean
          metadata?: NonNullable<Json>
          reply_to?: number | null
          sender?: Database['public']['Enums']['message_sender']
          sentiment?: number | null
          session_id?: string
          store_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'messages_author_id_fkey'
            columns: ['author_id']
            isOneToOne: false
            referencedRelation: 'profiles'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'messages_reply_to_fkey'
            columns: ['reply_to']
            isOneToOne: false
            referencedRelation: 'messages'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'messages_session_id_store_id_fkey'
            columns: ['session_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'messages_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      outbox: {
        Row: {
          after_lane: string | null
          attempts: number
          coalesce_key: string | null
          created_at: string
          held_by: number | null
          id: number
          idempotency_key: string | null
          lane: string | null
          last_error: string | null
          next_attempt_at: string
          payload: NonNullable<Json>
          processed_at: string | null
          result: Json | null
          runs: number
          status: string
          store_id: string | null
          topic: string
          job_title: string | null
        }
        Insert: {
          after_lane?: string | null
          attempts?: number
          coalesce_key?: string | null
          created_at?: string
          held_by?: number | null
          id?: never
          idempotency_key?: string | null
          lane?: string | null
          last_error?: string | null
          next_attempt_at?: string
          payload?: NonNullable<Json>
          processed_at?: string | null
          result?: Json | null
          runs?: number
          status?: string
          store_id?: string | null
          topic: string
        }
        Update: {
          after_lane?: string | null
          attempts?: number
          coalesce_key?: string | null
          created_at?: string
          held_by?: number | null
          id?: never
          idempotency_key?: string | null
          lane?: string | null
          last_error?: string | null
          next_attempt_at?: string
          payload?: NonNullable<Json>
          processed_at?: string | null
          result?: Json | null
          runs?: number
          status?: string
          store_id?: string | null
          topic?: string
        }
        Relationships: [
          {
            foreignKeyName: 'outbox_held_by_fkey'
            columns: ['held_by']
            isOneToOne: false
            referencedRelation: 'outbox'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'outbox_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      payment_events: {
        Row: {
          created_at: string
          id: string
          outcome: string | null
          payload: NonNullable<Json>
          processed_at: string | null
          received_at: string
          store_id: string
          type: string
        }
        Insert: {
          created_at: string
          id: string
          outcome?: string | null
          payload: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          store_id: string
          type: string
        }
        Update: {
          created_at?: string
          id?: string
          outcome?: string | null
          payload?: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          store_id?: string
          type?: string
        }
        Relationships: [
          {
            foreignKeyName: 'payment_events_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      payment_requests: {
        Row: {
          amount: number
          checkout_session_id: string | null
          checkout_url: string | null
          created_at: string
          currency: string
          description: string
          expires_at: string
          failure_reason: string | null
          id: string
          origin: Database['public']['Enums']['payment_request_origin']
          paid_at: string | null
          requested_by: string | null
          session_id: string
          source_ref: string | null
          status: Database['public']['Enums']['payment_request_status']
          store_id: string
          updated_at: string
        }
        Insert: {
          amount: number
          checkout_session_id?: string | null
          checkout_url?: string | null
          created_at?: string
          currency: string
          description: string
          expires_at: string
          failure_reason?: string | null
          id?: string
          origin: Database['public']['Enums']['payment_request_origin']
          paid_at?: string | null
          requested_by?: string | null
          session_id: string
          source_ref?: string | null
          status?: Database['public']['Enums']['payment_request_status']
          store_id: string
          updated_at?: string
        }
        Update: {
          amount?: number
          checkout_session_id?: string | null
          checkout_url?: string | null
          created_at?: string
          currency?: string
          description?: string
          expires_at?: string
          failure_reason?: string | null
          id?: string
          origin?: Database['public']['Enums']['payment_request_origin']
          paid_at?: string | null
          requested_by?: string | null
          session_id?: string
          source_ref?: string | null
          status?: Database['public']['Enums']['payment_request_status']
          store_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'payment_requests_session_id_store_id_fkey'
            columns: ['session_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'payment_requests_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      plans: {
        Row: {
          active: boolean
          allows_overage: boolean
          currency: string
          features: string[]
          id: string
          max_ai_answers_per_month: number | null
          max_chatbots: number | null
          max_conversations_per_month: number | null
          max_seats: number | null
          monthly_price_cents: number
          name: string
          overage_lookup_key: string | null
          position: number
          price_lookup_key: string | null
        }
        Insert: {
          active?: boolean
          allows_overage?: boolean
          currency?: string
          features?: string[]
          id: string
          max_ai_answers_per_month?: number | null
          max_chatbots?: number | null
          max_conversations_per_month?: number | null
          max_seats?: number | null
          monthly_price_cents?: number
          name: string
          overage_lookup_key?: string | null
          position: number
          price_lookup_key?: string | null
        }
        Update: {
          active?: boolean
          allows_overage?: boolean
          currency?: string
          features?: string[]
          id?: string
          max_ai_answers_per_month?: number | null
          max_chatbots?: number | null
          max_conversations_per_month?: number | null
          max_seats?: number | null
          monthly_price_cents?: number
          name?: string
          overage_lookup_key?: string | null
          position?: number
          price_lookup_key?: string | null
        }
        Relationships: []
      }
      profiles: {
        Row: {
          created_at: string
          email: string | null
          full_name: string | null
          id: string
        }
        Insert: {
          created_at?: string
          email?: string | null
          full_name?: string | null
          id: string
        }
        Update: {
          created_at?: string
          email?: string | null
          full_name?: string | null
          id?: string
        }
        Relationships: []
      }
      responder_failures: {
        Row: {
          chatbot_id: string
          created_at: string
          detail: string
          http_status: number | null
          id: number
          kind: Database['public']['Enums']['responder_failure_kind']
          message_id: number | null
          provider: Database['public']['Enums']['ai_provider']
          session_id: string | null
          store_id: string
        }
        Insert: {
          chatbot_id: string
          created_at?: string
          detail?: string
          http_status?: number | null
          id?: never
          kind: Database['public']['Enums']['responder_failure_kind']
          message_id?: number | null
          provider: Database['public']['Enums']['ai_provider']
          session_id?: string | null
          store_id: string
        }
        Update: {
          chatbot_id?: string
          created_at?: string
          detail?: string
          http_status?: number | null
          id?: never
          kind?: Database['public']['Enums']['responder_failure_kind']
          message_id?: number | null
          provider?: Database['public']['Enums']['ai_provider']
          session_id?: string | null
          store_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'responder_failures_chatbot_id_store_id_fkey'
            columns: ['chatbot_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chatbots'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'responder_failures_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      session_leads: {
        Row: {
          adjustment: number
          contact_id: string | null
          form_submitted_at: string | null
          intents: string[]
          reasons: NonNullable<Json>
          score: number
          session_id: string
          store_id: string
          tier: string | null
          updated_at: string
        }
        Insert: {
          adjustment?: number
          contact_id?: string | null
          form_submitted_at?: string | null
          intents?: string[]
          reasons?: NonNullable<Json>
          score: number
          session_id: string
          store_id: string
          tier?: string | null
          updated_at?: string
        }
        Update: {
          adjustment?: number
          contact_id?: string | null
          form_submitted_at?: string | null
          intents?: string[]
          reasons?: NonNullable<Json>
          score?: number
          session_id?: string
          store_id?: string
          tier?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'session_leads_contact_id_store_id_fkey'
            columns: ['contact_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'contacts'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'session_leads_session_id_store_id_fkey'
            columns: ['session_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'session_leads_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      store_subscriptions: {
        Row: {
          cancel_at_period_end: boolean
          current_period_end: string | null
          current_period_start: string | null
          plan_id: string
          status: Database['public']['Enums']['billing_status']
          store_id: string
          stripe_customer_id: string | null
          stripe_state_at: string | null
          stripe_subscription_id: string | null
          updated_at: string
        }
        Insert: {
          cancel_at_period_end?: boolean
          current_period_end?: string | null
          current_period_start?: string | null
          plan_id?: string
          status?: Database['public']['Enums']['billing_status']
          store_id: string
          stripe_customer_id?: string | null
          stripe_state_at?: string | null
          stripe_subscription_id?: string | null
          updated_at?: string
        }
        Update: {
          cancel_at_period_end?: boolean
          current_period_end?: string | null
          current_period_start?: string | null
          plan_id?: string
          status?: Database['public']['Enums']['billing_status']
          store_id?: string
          stripe_customer_id?: string | null
          stripe_state_at?: string | null
          stripe_subscription_id?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'store_subscriptions_plan_id_fkey'
            columns: ['plan_id']
            isOneToOne: false
            referencedRelation: 'plans'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'store_subscriptions_store_id_fkey'
            columns: ['store_id']
            isOneToOne: true
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      stores: {
        Row: {
          attachment_max_bytes: number
          attachment_max_per_session: number
          business_hours: NonNullable<Json>
          created_at: string
          created_by: string | null
          fallback_email: string | null
          fallback_phone: string | null
          id: string
          name: string
          offline_message: string | null
          reply_time: string | null
          retention_days: number | null
          slug: string
          status: Database['public']['Enums']['store_status']
          time_zone: string
          updated_at: string
        }
        Insert: {
          attachment_max_bytes?: number
          attachment_max_per_session?: number
          business_hours?: NonNullable<Json>
          created_at?: string
          created_by?: string | null
          fallback_email?: string | null
          fallback_phone?: string | null
          id?: string
          name: string
          offline_message?: string | null
          reply_time?: string | null
          retention_days?: number | null
          slug: string
          status?: Database['public']['Enums']['store_status']
          time_zone?: string
          updated_at?: string
        }
        Update: {
          attachment_max_bytes?: number
          attachment_max_per_session?: number
          business_hours?: NonNullable<Json>
          created_at?: string
          created_by?: string | null
          fallback_email?: string | null
          fallback_phone?: string | null
          id?: string
          name?: string
          offline_message?: string | null
          reply_time?: string | null
          retention_days?: number | null
          slug?: string
          status?: Database['public']['Enums']['store_status']
          time_zone?: string
          updated_at?: string
        }
        Relationships: []
      }
      stripe_events: {
        Row: {
          created_at: string
          id: string
          outcome: string | null
          payload: NonNullable<Json>
          processed_at: string | null
          received_at: string
          store_id: string | null
          type: string
        }
        Insert: {
          created_at: string
          id: string
          outcome?: string | null
          payload: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          store_id?: string | null
          type: string
        }
        Update: {
          created_at?: string
          id?: string
          outcome?: string | null
          payload?: NonNullable<Json>
          processed_at?: string | null
          received_at?: string
          store_id?: string | null
          type?: string
        }
        Relationships: [
          {
            foreignKeyName: 'stripe_events_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      usage_ledger: {
        Row: {
          id: number
          meter: Database['public']['Enums']['usage_meter']
          occurred_at: string
          overage: boolean
          quantity: number
          source_id: string
          store_id: string
        }
        Insert: {
          id?: never
          meter: Database['public']['Enums']['usage_meter']
          occurred_at?: string
          overage?: boolean
          quantity?: number
          source_id: string
          store_id: string
        }
        Update: {
          id?: never
          meter?: Database['public']['Enums']['usage_meter']
          occurred_at?: string
          overage?: boolean
          quantity?: number
          source_id?: string
          store_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'usage_ledger_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      workflow_run_steps: {
        Row: {
          attempts: number
          error: string | null
          finished_at: string | null
          id: number
          input: Json | null
          job_id: number | null
          kind: string
          node_id: string
          node_type: string
          output: Json | null
          port: string | null
          run_id: string
          seq: number
          started_at: string
          status: string
          store_id: string
        }
        Insert: {
          attempts?: number
          error?: string | null
          finished_at?: string | null
          id?: never
          input?: Json | null
          job_id?: number | null
          kind: string
          node_id: string
          node_type: string
          output?: Json | null
          port?: string | null
          run_id: string
          seq: number
          started_at?: string
          status: string
          store_id: string
        }
        Update: {
          attempts?: number
          error?: string | null
          finished_at?: string | null
          id?: never
          input?: Json | null
          job_id?: number | null
          kind?: string
          node_id?: string
          node_type?: string
          output?: Json | null
          port?: string | null
          run_id?: string
          seq?: number
          started_at?: string
          status?: string
          store_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'workflow_run_steps_job_id_fkey'
            columns: ['job_id']
            isOneToOne: false
            referencedRelation: 'outbox'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_run_steps_run_id_fkey'
            columns: ['run_id']
            isOneToOne: false
            referencedRelation: 'workflow_runs'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_run_steps_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
      workflow_runs: {
        Row: {
          awaiting: string | null
          contact_id: string | null
          current_step: number
          error: string | null
          finished_at: string | null
          id: string
          idempotency_key: string | null
          rerun_of: string | null
          session_id: string | null
          snapshot: Json | null
          started_at: string
          status: Database['public']['Enums']['workflow_run_status']
          steps_taken: number
          store_id: string
          trigger_event_id: number | null
          updated_at: string
          wake_at: string | null
          workflow_id: string
          workflow_version: number
        }
        Insert: {
          awaiting?: string | null
          contact_id?: string | null
          current_step?: number
          error?: string | null
          finished_at?: string | null
          id?: string
          idempotency_key?: string | null
          rerun_of?: string | null
          session_id?: string | null
          snapshot?: Json | null
          started_at?: string
          status?: Database['public']['Enums']['workflow_run_status']
          steps_taken?: number
          store_id: string
          trigger_event_id?: number | null
          updated_at?: string
          wake_at?: string | null
          workflow_id: string
          workflow_version?: number
        }
        Update: {
          awaiting?: string | null
          contact_id?: string | null
          current_step?: number
          error?: string | null
          finished_at?: string | null
          id?: string
          idempotency_key?: string | null
          rerun_of?: string | null
          session_id?: string | null
          snapshot?: Json | null
          started_at?: string
          status?: Database['public']['Enums']['workflow_run_status']
          steps_taken?: number
          store_id?: string
          trigger_event_id?: number | null
          updated_at?: string
          wake_at?: string | null
          workflow_id?: string
          workflow_version?: number
        }
        Relationships: [
          {
            foreignKeyName: 'workflow_runs_contact_id_store_id_fkey'
            columns: ['contact_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'contacts'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'workflow_runs_rerun_of_fkey'
            columns: ['rerun_of']
            isOneToOne: false
            referencedRelation: 'workflow_runs'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_runs_session_id_store_id_fkey'
            columns: ['session_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'workflow_runs_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_runs_workflow_id_store_id_fkey'
            columns: ['workflow_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'workflows'
            referencedColumns: ['id', 'store_id']
          },
        ]
      }
      workflow_split_assignments: {
        Row: {
          branch: string
          created_at: string
          node_id: string
          run_id: string | null
          session_id: string
          store_id: string
          workflow_id: string
        }
        Insert: {
          branch: string
          created_at?: string
          node_id: string
          run_id?: string | null
          session_id: string
          store_id: string
          workflow_id: string
        }
        Update: {
          branch?: string
          created_at?: string
          node_id?: string
          run_id?: string | null
          session_id?: string
          store_id?: string
          workflow_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'workflow_split_assignments_run_id_fkey'
            columns: ['run_id']
            isOneToOne: false
            referencedRelation: 'workflow_runs'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_split_assignments_session_id_store_id_fkey'
            columns: ['session_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'chat_sessions'
            referencedColumns: ['id', 'store_id']
          },
          {
            foreignKeyName: 'workflow_split_assignments_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_split_assignments_workflow_id_store_id_fkey'
            columns: ['workflow_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'workflows'
            referencedColumns: ['id', 'store_id']
          },
        ]
      }
      workflow_versions: {
        Row: {
          compiled: NonNullable<Json>
          graph: NonNullable<Json>
          published_at: string
          published_by: string | null
          store_id: string
          trigger_type: string
          version: number
          workflow_id: string
        }
        Insert: {
          compiled: NonNullable<Json>
          graph: NonNullable<Json>
          published_at?: string
          published_by?: string | null
          store_id: string
          trigger_type: string
          version: number
          workflow_id: string
        }
        Update: {
          compiled?: NonNullable<Json>
          graph?: NonNullable<Json>
          published_at?: string
          published_by?: string | null
          store_id?: string
          trigger_type?: string
          version?: number
          workflow_id?: string
        }
        Relationships: [
          {
            foreignKeyName: 'workflow_versions_published_by_fkey'
            columns: ['published_by']
            isOneToOne: false
            referencedRelation: 'profiles'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_versions_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
          {
            foreignKeyName: 'workflow_versions_workflow_id_store_id_fkey'
            columns: ['workflow_id', 'store_id']
            isOneToOne: false
            referencedRelation: 'workflows'
            referencedColumns: ['id', 'store_id']
          },
        ]
      }
      workflows: {
        Row: {
          created_at: string
          description: string
          enabled: boolean
          graph: NonNullable<Json>
          id: string
          name: string
          published_at: string | null
          published_version: number | null
          store_id: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          description?: string
          enabled?: boolean
          graph?: NonNullable<Json>
          id?: string
          name: string
          published_at?: string | null
          published_version?: number | null
          store_id: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          description?: string
          enabled?: boolean
          graph?: NonNullable<Json>
          id?: string
          name?: string
          published_at?: string | null
          published_version?: number | null
          store_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: 'workflows_store_id_fkey'
            columns: ['store_id']
            isOneToOne: false
            referencedRelation: 'stores'
            referencedColumns: ['id']
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      accept_invitation: {
        Args: { p_token: string }
        Returns: {
          created_at: string
          role: Database['public']['Enums']['member_role']
          store_id: string
          user_id: string
        }
        SetofOptions: {
          from: '*'
          to: 'memberships'
          isOneToOne: true
          isSetofReturn: false
        }
      }
      add_session_tags: {
        Args: { p_session_id: string; p_store_id: string; p_tags: string[] }
        Returns: string[]
      }
      advance_workflow_run: { Args: { p: Json }; Returns: Json }
      agent_context: {
        Args: { p_chatwoot_account_id: number; p_conversation_id: number }
        Returns: Json
      }
      analytics_conversation_rows: {
        Args: {
          p_channel?: string
          p_chatbot_id?: string
          p_from: string
          p_language?: string
          p_limit?: number
          p_store_id: string
          p_tag?: string
          p_to: string
        }
        Returns: {
          agent: string
          channel: string
          chatbot: string
          contact: string
          day: string
          first_agent_reply_s: number
          handed_off_at: string
          language: string
          lead_score: number
          outcome: string
          resolution_s: number
          sentiment: number
          session_id: string
          started_at: string
          status: Database['public']['Enums']['chat_session_status']
          tags: string[]
          unanswered: number
        }[]
      }
      analytics_conversations: {
        Args: {
          p_agent?: string
          p_channel?: string
          p_chatbot_id?: string
          p_day?: string
          p_from: string
          p_intent?: string
          p_kinds: Database['public']['Enums']['analytics_event_kind'][]
          p_language?: string
          p_limit?: number
          p_store_id: string
          p_tag?: string
          p_to: string
        }
        Returns: {
          at: string
          contact_name: string
          kinds: Database['public']['Enums']['analytics_event_kind'][]
          language: string
          lead_score: number
          sentiment: number
          session_id: string
          status: Database['public']['Enums']['chat_session_status']
        }[]
      }
      analytics_report: {
        Args: {
          p_channel?: string
          p_chatbot_id?: string
          p_from?: string
          p_language?: string
          p_store_id: string
          p_tag?: string
          p_to?: string
        }
        Returns: Json
      }
      apply_payment_event: {
        Args: { p_event_id: string; p_store_id: string }
        Returns: string
      }
      apply_retention: {
        Args: { p_cutoff: string; p_files_removed: number; p_store_id: string }
        Returns: Json
      }
      automation_close_session: {
        Args: {
          p_mark: Json
          p_message: string
          p_session_id: string
          p_store_id: string
        }
        Returns: boolean
      }
      automation_facts: {
        Args: {
          p_contact_id: string
          p_run_id: string
          p_session_id: string
          p_store_id: string
        }
        Returns: Json
      }
      automation_handoff: {
        Args: {
          p_mark: Json
          p_message: string
          p_priority: string
          p_session_id: string
          p_store_id: string
          p_team: string
        }
        Returns: boolean
      }
      automation_index_generation: {
        Args: Record<PropertyKey, never>
        Returns: number
      }
      automation_work: {
        Args: { p_lease_seconds?: number; p_limit?: number }
        Returns: Json
      }
      billing_overview: { Args: { p_store: string }; Returns: Json }
      calcom_apply_event: { Args: { p_event_id: number }; Returns: string }
      change_lead_score: {
        Args: {
          p_amount: number
          p_mark: string
          p_mode: string
          p_session_id: string
          p_store_id: string
        }
        Returns: number
      }
      chat_attachment_allowance: {
        Args: { p_session_id: string; p_size: number; p_visitor: string }
        Returns: Json
      }
      chat_bot_offers: { Args: { p_session_id: string }; Returns: Json }
      chat_bot_request_payment: {
        Args: { p_item: number; p_message_id: number; p_session_id: string }
        Returns: Json
      }
      chat_form_context: {
        Args: { p_session_id: string; p_visitor: string }
        Returns: Json
      }
      chat_image_analyses: { Args: { p_session_id: string }; Returns: Json }
      chat_post_attachment: {
        Args: {
          p_attachment: Json
          p_caption: string
          p_client_id: string
          p_session_id: string
          p_visitor: string
        }
        Returns: Json
      }
      chat_post_line: {
        Args: {
          p_client_id: string
          p_content: string
          p_limits: Json
          p_retrieve: boolean
          p_session_id: string
          p_visitor: string
        }
        Returns: Json
      }
      chat_post_message: {
        Args: {
          p_client_id: string
          p_content: string
          p_limits: Json
          p_retrieve: boolean
          p_session_id: string
          p_visitor: string
        }
        Returns: Json
      }
      chat_record_consent: {
        Args: {
          p_locale?: string
          p_public_id: string
          p_version: number
          p_visitor: string
        }
        Returns: Json
      }
      chat_session_files: {
        Args: { p_session_id: string; p_visitor: string }
        Returns: Json
      }
      chat_start_session: {
        Args: { p_input: Json; p_ip: string; p_limits: Json; p_visitor: string }
        Returns: Json
      }
      chat_store_line: {
        Args: {
          p_lead: Json
          p_message_id: number
          p_outcome: Json
          p_session_id: string
        }
        Returns: Json
      }
      chat_store_reply: {
        Args: { p_message_id: number; p_outcome: Json; p_session_id: string }
        Returns: Json
      }
      chat_submit_form: {
        Args: {
          p_answers: Json
          p_lead: Json
          p_limits: Json
          p_opening: Json
          p_session_id: string
          p_visitor: string
        }
        Returns: Json
      }
      chat_take_ai_answer: {
        Args: { p_message_id: number; p_session_id: string }
        Returns: string
      }
      chatbot_consents: {
        Args: { p_chatbot_id: string; p_limit?: number }
        Returns: {
          consent_version: number
          contact_email: string
          contact_id: string
          contact_name: string
          given_at: string
          id: number
          language: string
          session_id: string
          visitor_id: string
        }[]
      }
      chatwoot_user_get: {
        Args: { p_user_id: string }
        Returns: {
          access_token: string
          chatwoot_user_id: number
        }[]
      }
      chatwoot_user_save: {
        Args: {
          p_access_token?: string
          p_chatwoot_user_id: number
          p_user_id: string
        }
        Returns: undefined
      }
      claim_automation_events: {
        Args: { p_lease_seconds?: number; p_limit?: number }
        Returns: {
          claimed_until: string | null
          contact_id: string | null
          created_at: string
          dedupe_key: string | null
          id: number
          payload: NonNullable<Json>
          processed_at: string | null
          rerun_of: string | null
          run_id: string | null
          session_id: string | null
          store_id: string
          type: string
          workflow_id: string | null
        }[]
        SetofOptions: {
          from: '*'
          to: 'automation_events'
          isOneToOne: false
          isSetofReturn: true
        }
      }
      claim_integration_refresh: {
        Args: { p_app: string; p_seconds?: number; p_store_id: string }
        Returns: boolean
      }
      claim_outbox_jobs: {
        Args: { p_lease_seconds?: number; p_limit?: number }
        Returns: {
          after_lane: string | null
          attempts: number
          coalesce_key: string | null
          created_at: string
          held_by: number | null
          id: number
          idempotency_key: string | null
          lane: string | null
          last_error: string | null
          next_attempt_at: string
          payload: NonNullable<Json>
          processed_at: string | null
          result: Json | null
          runs: number
          status: string
          store_id: string | null
          topic: string
        }[]
        SetofOptions: {
          from: '*'
          to: 'outbox'
          isOneToOne: false
          isSetofReturn: true
        }
      }
      create_payment_request: {
        Args: {
          p_amount: number
          p_currency: string
          p_description: string
          p_expires_in_minutes: number
          p_idempotency_key?: string
          p_origin: Database['public']['Enums']['payment_request_origin']
          p_session_id: string
          p_store_id: string
        }
        Returns: string
      }
      create_store: { Args: { p_name: string }; Returns: Json }
      defer_automation_trigger: {
        Args: {
          p_due_at: string
          p_event: Json
          p_store_id: string
          p_workflow_id: string
        }
        Returns: undefined
      }
      disconnect_integration: {
        Args: {
          p_app: string
          p_cleanup_topic?: string
          p_registered_key?: string
          p_store_id: string
        }
        Returns: string
      }
      emit_schedule_tick: {
        Args: { p_fire_at: string; p_store_id: string; p_workflow_id: string }
        Returns: boolean
      }
      enqueue_next_analytics_report: {
        Args: { p_schedule_id: string }
        Returns: number
      }
      enqueue_outbox: {
        Args: { p_payload: Json; p_store_id: string; p_topic: string }
        Returns: number
      }
      erase_contact: { Args: { p_contact_id: string }; Returns: Json }
      expire_payment_request: {
        Args: { p_request_id: string; p_store_id: string }
        Returns: string
      }
      export_contact: { Args: { p_contact_id: string }; Returns: Json }
      fail_payment_request: {
        Args: { p_reason: string; p_request_id: string; p_store_id: string }
        Returns: string
      }
      finish_automation_events: {
        Args: { p_ids: number[] }
        Returns: undefined
      }
      fire_due_automation_timers: {
        Args: { p_limit?: number }
        Returns: number
      }
      get_circuit_breaker: { Args: { p_key: string }; Returns: Json }
      job_title: {
        Args: { p_job: Database['public']['Tables']['outbox']['Row'] }
        Returns: string
      }
      last_schedule_ticks: {
        Args: { p_workflow_ids: string[] }
        Returns: {
          fire_at: string
          workflow_id: string
        }[]
      }
      next_automation_due: { Args: Record<PropertyKey, never>; Returns: number }
      next_outbox_job_due: { Args: Record<PropertyKey, never>; Returns: number }
      outbox_health: {
        Args: Record<PropertyKey, never>
        Returns: {
          backlog: number
          breaker: Json
          dead: number
          destination: string
          last_error: string
          oldest_due_at: string
          oldest_due_seconds: number
        }[]
      }
      publish_workflow: {
        Args: {
          p_compiled: Json
          p_graph: Json
          p_user_id: string
          p_workflow_id: string
        }
        Returns: number
      }
      published_workflows: {
        Args: Record<PropertyKey, never>
        Returns: {
          compiled: Json
          published_at: string
          store_id: string
          time_zone: string
          version: number
          workflow_id: string
        }[]
      }
      record_integration_call: {
        Args: { p_app: string; p_error?: string; p_store_id: string }
        Returns: undefined
      }
      record_outbox_result: {
        Args: {
          p_delay_seconds?: number
          p_details?: Json
          p_job_id: number
          p_outcome: string
          p_reason?: string
        }
        Returns: string
      }
      replace_secret_values: { Args: { p_changes: Json }; Returns: number }
      request_payment: {
        Args: {
          p_amount: number
          p_currency: string
          p_description: string
          p_expires_in_minutes?: number
          p_session_id: string
        }
        Returns: string
      }
      rerun_workflow_run: { Args: { p_run_id: string }; Returns: number }
      retention_files: { Args: { p_store_id: string }; Returns: Json }
      retry_outbox_job: { Args: { p_job_id: number }; Returns: undefined }
      retry_workflow_step: { Args: { p_run_id: string }; Returns: undefined }
      save_analytics_report_schedule: {
        Args: {
          p_cadence: Database['public']['Enums']['report_cadence']
          p_enabled: boolean
          p_recipients: string[]
          p_store_id: string
        }
        Returns: string
      }
      search_knowledge: {
        Args: { p_chatbot_id: string; p_limit?: number; p_query: string }
        Returns: {
          content: string
          coverage: number
          id: string
          kind: string
          language: string
          rank: number
          title: string
          title_coverage: number
        }[]
      }
      secret_values: { Args: Record<PropertyKey, never>; Returns: Json }
      send_last_analytics_report: {
        Args: { p_schedule_id: string }
        Returns: number
      }
      set_circuit_breaker: {
        Args: { p_key: string; p_state: Json }
        Returns: undefined
      }
      set_contact_attribute: {
        Args: {
          p_contact_id: string
          p_key: string
          p_store_id: string
          p_value: Json
        }
        Returns: boolean
      }
      set_integration_setting: {
        Args: {
          p_app: string
          p_key: string
          p_store_id: string
          p_value: Json
        }
        Returns: boolean
      }
      store_health: { Args: { p_store_id: string }; Returns: Json }
      store_image_analysis: {
        Args: {
          p_analysis: Json
          p_attachment_id: string
          p_message_id: number
          p_store_id: string
        }
        Returns: undefined
      }
      stripe_apply_event: { Args: { p_event_id: string }; Returns: string }
      take_webhook_allowance: {
        Args: { p_key: string; p_max: number; p_window_seconds: number }
        Returns: number
      }
      widget_config: { Args: { p_public_id: string }; Returns: Json }
      widget_consent: { Args: { p_public_id: string }; Returns: Json }
      workflow_split_stats: {
        Args: { p_workflow_id: string }
        Returns: {
          avg_lead_score: number
          bot_resolution_rate: number
          branch: string
          handoff_rate: number
          node_id: string
          runs: number
        }[]
      }
    }
    Enums: {
      ai_provider: 'openai' | 'anthropic'
      analytics_event_kind:
        | 'conversation_started'
        | 'form_completed'
        | 'first_message'
        | 'engaged'
        | 'bot_answered'
        | 'unanswered_question'
        | 'handoff_requested'
        | 'agent_first_reply'
        | 'resolved_by_bot'
        | 'resolved_by_agent'
        | 'reopened'
        | 'lead_score_changed'
        | 'automation_run_finished'
        | 'payment_succeeded'
        | 'booking_created'
      billing_status:
        | 'none'
        | 'active'
        | 'trialing'
        | 'past_due'
        | 'unpaid'
        | 'canceled'
        | 'incomplete'
        | 'incomplete_expired'
        | 'paused'
      chat_session_status: 'bot' | 'queued' | 'human' | 'resolved'
      chatwoot_account_status: 'pending' | 'provisioning' | 'active' | 'failed' | 'suspended' | 'deleted'
      chatwoot_agent_status: 'pending' | 'synced' | 'failed' | 'removing'
      integration_status: 'disconnected' | 'connected' | 'error' | 'reconnect'
      invitation_status: 'pending' | 'accepted' | 'revoked'
      knowledge_source: 'paste' | 'upload'
      member_role: 'owner' | 'admin' | 'agent'
      message_sender: 'customer' | 'bot' | 'agent' | 'system'
      payment_request_origin: 'bot' | 'automation' | 'agent'
      payment_request_status: 'open' | 'paid' | 'expired' | 'failed'
      report_cadence: 'weekly' | 'monthly'
      responder_failure_kind: 'timeout' | 'http_error' | 'rate_limited' | 'network' | 'bad_response'
      store_status: 'active' | 'suspended'
      usage_meter: 'conversations' | 'ai_answers'
      workflow_run_status: 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled'
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, 'public'>]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema['Tables'] & DefaultSchema['Views'])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Views'])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Views'])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema['Tables'] & DefaultSchema['Views'])
    ? (DefaultSchema['Tables'] & DefaultSchema['Views'])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema['Tables']
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables']
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema['Tables']
    ? DefaultSchema['Tables'][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema['Tables']
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables']
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema['Tables']
    ? DefaultSchema['Tables'][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema['Enums']
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions['schema']]['Enums']
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions['schema']]['Enums'][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema['Enums']
    ? DefaultSchema['Enums'][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema['CompositeTypes']
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions['schema']]['CompositeTypes']
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions['schema']]['CompositeTypes'][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema['CompositeTypes']
    ? DefaultSchema['CompositeTypes'][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  graphql_public: {
    Enums: {},
  },
  public: {
    Enums: {
      ai_provider: ['openai', 'anthropic'],
      analytics_event_kind: [
        'conversation_started',
        'form_completed',
        'first_message',
        'engaged',
        'bot_answered',
        'unanswered_question',
        'handoff_requested',
        'agent_first_reply',
        'resolved_by_bot',
        'resolved_by_agent',
        'reopened',
        'lead_score_changed',
        'automation_run_finished',
        'payment_succeeded',
        'booking_created',
      ],
      billing_status: [
        'none',
        'active',
        'trialing',
        'past_due',
        'unpaid',
        'canceled',
        'incomplete',
        'incomplete_expired',
        'paused',
      ],
      chat_session_status: ['bot', 'queued', 'human', 'resolved'],
      chatwoot_account_status: ['pending', 'provisioning', 'active', 'failed', 'suspended', 'deleted'],
      chatwoot_agent_status: ['pending', 'synced', 'failed', 'removing'],
      integration_status: ['disconnected', 'connected', 'error', 'reconnect'],
      invitation_status: ['pending', 'accepted', 'revoked'],
      knowledge_source: ['paste', 'upload'],
      member_role: ['owner', 'admin', 'agent'],
      message_sender: ['customer', 'bot', 'agent', 'system'],
      payment_request_origin: ['bot', 'automation', 'agent'],
      payment_request_status: ['open', 'paid', 'expired', 'failed'],
      report_cadence: ['weekly', 'monthly'],
      responder_failure_kind: ['timeout', 'http_error', 'rate_limited', 'network', 'bad_response'],
      store_status: ['active', 'suspended'],
      usage_meter: ['conversations', 'ai_answers'],
      workflow_run_status: ['running', 'waiting', 'succeeded', 'failed', 'cancelled'],
    },
  },
} as const
