// Generated from kadesk's /api/openapi.json by openapi-typescript: do not edit.
// Regenerate with `npm run gen:api` against a running `kadesk serve`; the
// browser tests fail when this file differs from the live document.
export interface paths {
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit-log entries, newest first, for admins. */
        get: operations["audit_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in. Attempts are counted before the password is checked (per
         *     address, per user name and address, and per user name from unknown
         *     browsers); over the limit the answer is 429 with `Retry-After`.
         */
        post: operations["auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: the session ends and the cookie is cleared. */
        post: operations["auth_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user. */
        get: operations["auth_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bot/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bot's handoff policy now. */
        get: operations["bot_settings_show"];
        /**
         * Replace the bot's handoff policy (every key; a missing key takes its
         *     built-in default, an unknown key is refused).
         */
        put: operations["bot_settings_update"];
        post?: never;
        /** Forget the saved settings: `kadesk.toml` (or the defaults) apply again. */
        delete: operations["bot_settings_restore"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bot/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Runs a conversation through the bot without storing it. */
        post: operations["bot_simulate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shared canned replies and your own, most used first. */
        get: operations["canned_list"];
        put?: never;
        /** Add a canned reply: your own, or shared (supervisors and admins). */
        post: operations["canned_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-replies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a canned reply (your own; shared ones: supervisors and admins). */
        put: operations["canned_update"];
        post?: never;
        /**
         * Delete a canned reply (your own; shared ones: supervisors and admins).
         *     Its counted uses stay in the reports.
         */
        delete: operations["canned_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-replies/{id}/use": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Insert a canned reply: its text with the variables filled, and the use
         *     counted.
         */
        post: operations["canned_use_reply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Searches solved cases, most recent first. */
        get: operations["cases_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{name}/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A platform's verification request (WhatsApp's `hub.challenge`,
         *     WeChat's URL check), answered by the channel's adapter.
         */
        get: operations["channels_webhook_get"];
        put?: never;
        /**
         * A platform's update (a buyer's message, a button press), answered by
         *     the channel's adapter after it is stored; a wrong secret or signature
         *     is refused with 401 and stores nothing, a repeated update is stored once.
         */
        post: operations["channels_webhook_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Contacts, newest first. */
        get: operations["contacts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact with their conversations. */
        get: operations["contacts_show"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a contact's name, e-mail, phone or tags. */
        patch: operations["contacts_update"];
        trace?: never;
    };
    "/api/v1/contacts/{id}/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a contact's personal data: message texts and pictures, screenshot
         *     readings, notes, case memory, platform ids, name, e-mail and phone; the
         *     conversations stay (without content) so reports keep their figures
         *     (admins; audited).
         */
        post: operations["contacts_erase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export everything kadesk keeps of a contact (admins; audited). */
        get: operations["contacts_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Conversations, newest activity first. */
        get: operations["conversations_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One conversation. */
        get: operations["conversations_show"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/analyses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What was read from the screenshots of a conversation (agents only). */
        get: operations["attachments_analyses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign a conversation to an agent, or back to the queue. */
        post: operations["conversations_assign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a picture into a conversation (raw image body, name in
         *     `X-Filename`). The buyer may only post into their own conversation
         *     (another's answers 404, like one that does not exist), at most 20
         *     megapixels, and then gets a `BuyerAttachResponse`.
         */
        post: operations["attachments_attach"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take a conversation: it is assigned to the caller. */
        post: operations["conversations_claim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What was sent to a conversation's platform (Telegram…), newest first:
         *     pending, sent, or failed with the platform's error.
         */
        get: operations["channels_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/handback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand a conversation back to the bot: status `bot`, unassigned, handoff
         *     details cleared; the bot takes up the dialog where it stopped.
         */
        post: operations["conversations_handback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messages of a conversation. */
        get: operations["conversations_messages"];
        put?: never;
        /** Reply as the signed-in agent (claims an unassigned conversation). */
        post: operations["conversations_reply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/model-summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The language model's summary of a long conversation for the agent taking
         *     it over, beside the rule-based one; kept until the next message.
         */
        post: operations["assist_model_summary"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A conversation's internal notes (agents only). */
        get: operations["notes_list"];
        put?: never;
        /**
         * Write an internal note: seen by agents only; colleagues named with
         *     `@name` are told.
         */
        post: operations["notes_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a resolved conversation. */
        post: operations["conversations_reopen"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a conversation resolved. */
        post: operations["conversations_resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/similar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The past cases most like a conversation (error code, picture hash, text
         *     read from pictures and messages, intent + product), best first.
         */
        get: operations["cases_similar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/suggest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A draft reply for the open conversation from the retrieved articles and
         *     similar solved cases: written by the language model when it is on, else
         *     the article or the case as they stand. Each model call is audited.
         */
        post: operations["assist_suggest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tags kadesk proposes for a conversation and those an agent confirmed. */
        get: operations["cases_show_tags"];
        /**
         * Confirms or corrects a conversation's problem tags (its case, once
         *     resolved, takes them).
         */
        put: operations["cases_put_tags"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sends the channel's configured template to the conversation's buyer
         *     (what WhatsApp and WeChat take once the buyer's reply window has
         *     passed and a free-form reply is refused with `reply_window_closed`).
         *     Queued: its state shows in the conversation's deliveries.
         */
        post: operations["channels_send_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transfer a waiting or assigned conversation to a team or an agent, with
         *     a note the receiver sees in the thread (an agent receiver is mentioned).
         */
        post: operations["notes_transfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stored file. Its id is the SHA-256 of its bytes, which only people who
         *     saw the message know.
         */
        get: operations["files_download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/{id}/annotation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The layers a marked-up picture was rendered from. */
        get: operations["annotations_show"];
        /** Keeps the layers picture `id` was rendered from (replacing earlier ones). */
        put: operations["annotations_save"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/{id}/thumbnail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The JPEG thumbnail of a stored picture (longest side 320 px). */
        get: operations["files_thumbnail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/floor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every agent's status and load, and every team's line (supervisors). */
        get: operations["team_floor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Articles, newest first. */
        get: operations["knowledge_list"];
        put?: never;
        /** Add an article (supervisors and admins). */
        post: operations["knowledge_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/articles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One article. */
        get: operations["knowledge_show"];
        /** Replace an article (supervisors and admins). */
        put: operations["knowledge_update"];
        post?: never;
        /** Delete an article (supervisors and admins). */
        delete: operations["knowledge_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the articles as the bot does. */
        get: operations["knowledge_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/llm/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The language model's token use and cost per day (admins). */
        get: operations["assist_usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your own status now. */
        get: operations["team_my_status"];
        /** Choose to take new conversations (`online`) or not (`away`). */
        put: operations["team_set_status"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nlu/examples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator's own examples. */
        get: operations["nlu_examples"];
        put?: never;
        /**
         * Teach the model: the examples are kept in the examples file and the model
         *     is retrained and swapped in at once.
         */
        post: operations["nlu_add_examples"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nlu/parse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What the model understands of a message: language, intent with
         *     alternatives, entities with character offsets, sentiment.
         */
        post: operations["nlu_parse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nlu/retrain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retrain from the examples file (after editing it by hand). */
        post: operations["nlu_retrain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Orders by number, by contact, or for a conversation, with diagnosis and
         *     masked card keys.
         */
        get: operations["orders_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{order_no}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-sends an order's card keys to the buyer of a conversation through
         *     the widget's one-time key box (what the bot does after verification),
         *     for roles that may reveal keys. Audited like a reveal; the conversation
         *     gets a note naming the order and the agent, with no key in it; the
         *     agent's answer holds no key either.
         */
        post: operations["orders_redeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{order_no}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Shows an order's card keys in plain text to an admin or supervisor (or
         *     an agent when `[shop] agents_can_reveal` is on). Written to the audit log
         *     with who, when, the order and the channel before the keys are sent.
         */
        post: operations["orders_reveal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/problem-tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The problem-tag taxonomy. */
        get: operations["cases_tags"];
        put?: never;
        /** Adds a problem tag (admins). */
        post: operations["cases_add_tag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/problem-tags/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Removes a problem tag (admins); cases keep the names they were given. */
        delete: operations["cases_remove_tag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Waiting conversations in serving order: supervisors see every line,
         *     agents the lines of their teams and the conversations any agent may
         *     take.
         */
        get: operations["team_queue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The figures per agent (the conversation's assignee; `none`: unassigned). */
        get: operations["reports_agents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The figures per channel, most conversations first. */
        get: operations["reports_channels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The conversations a number of the report counts (drill-down). */
        get: operations["reports_conversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A/B results per bot template variant, with confidence intervals and a
         *     significance test against the first variant.
         */
        get: operations["reports_experiments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/experiments/{template}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ends a template's A/B test: the variant gets weight 100, the others 0,
         *     for every new conversation (conversations that already got a variant
         *     keep it); stored across restarts and audited (`experiment.promote`).
         */
        post: operations["reports_promote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A report table as CSV (UTF-8 with a byte-order mark). Card keys are
         *     never exported: anything that looks like one is masked.
         */
        get: operations["reports_export_csv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Conversations started per weekday and hour (the busiest hours). */
        get: operations["reports_hours"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The overview of a period and of the period of the same length before it
         *     (rates are fractions 0–1; times in seconds; docs/reports.md).
         */
        get: operations["reports_overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/views/{view}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The figures per group of a view: `channels`, `agents`, `teams` (the team
         *     a conversation was routed to; `none`: no team), `tags`, `intents`,
         *     `products` (the case memory's labels; a conversation counts under each
         *     of its labels), `pictures` (`1`: with a screenshot, `0`: without).
         */
        get: operations["reports_view"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/routing-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The routing rules in order (supervisors). */
        get: operations["team_rules"];
        put?: never;
        /** Add a routing rule (admins only). */
        post: operations["team_create_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/routing-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a routing rule (admins only). */
        put: operations["team_update_rule"];
        post?: never;
        /** Remove a routing rule (admins only). */
        delete: operations["team_delete_rule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Conversations matching a query: its number, the buyer's e-mail, phone or
         *     name, then message text (newest first).
         */
        get: operations["search_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case settings. */
        get: operations["cases_show_settings"];
        /** Changes the case settings (admins; audited). */
        put: operations["cases_put_settings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/general": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The general settings: business hours and time zone, and what only
         *     `kadesk.toml` sets.
         */
        get: operations["settings_show_general"];
        /** Replace the general settings; they apply to the next bot turn. */
        put: operations["settings_update_general"];
        post?: never;
        /** Forget the saved general settings: `kadesk.toml` applies again. */
        delete: operations["settings_restore_general"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/widget": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The widget's look and place as saved. */
        get: operations["settings_show_widget"];
        /** Replace the widget's settings; widgets pick them up when they next load. */
        put: operations["settings_update_widget"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shop/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Imports orders from CSV (admins): JSON `{"csv": "<the file's text>"}`,
         *     or, signed in with a bearer token, the raw file as `text/csv` (UTF-8,
         *     header line first). Bad lines are reported and skipped.
         */
        post: operations["shop_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shop/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The shop pushes orders (create or update by order number). Authorised by
         *     `Authorization: Bearer <[shop] api_key>`.
         */
        post: operations["shop_push_orders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shop/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shop's products. */
        get: operations["shop_products"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shop/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Signed order updates from the shop:
         *     `X-Kadesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
         *     A bad signature, a timestamp more than 5 minutes off or a replayed
         *     signature is refused with 401 and stores nothing.
         */
        post: operations["shop_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every open conversation's response-time promises (agents). */
        get: operations["sla_board"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every team (anyone signed in). */
        get: operations["team_teams"];
        put?: never;
        /** Add a team (admins only). */
        post: operations["team_create_team"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Rename a team, switch its auto-assignment, replace its members or its
         *     working hours (admins only).
         */
        put: operations["team_update_team"];
        post?: never;
        /** Remove a team: its waiting conversations go to any agent (admins only). */
        delete: operations["team_delete_team"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload an image as an agent (raw body). */
        post: operations["files_agent_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every user, and who is online. */
        get: operations["users_list"];
        put?: never;
        /** Add a user (admins only). */
        post: operations["users_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set an agent's capacity, skills and teams (admins only). */
        patch: operations["team_update_agent"];
        trace?: never;
    };
    "/api/v1/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a user (admins only): they cannot sign in, every session of
         *     theirs ends and their open consoles are disconnected. Admins cannot
         *     disable themselves.
         */
        post: operations["users_disable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled user again (admins only); they sign in afresh. */
        post: operations["users_enable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a user's password (admins only). Every session of the user ends,
         *     the caller's own included when they set their own.
         */
        put: operations["users_set_password"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Give a user another role (admins only). Admins cannot change their own
         *     role (so there is always an admin); the change applies to the user's
         *     next request.
         */
        put: operations["users_set_role"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's open sessions (admins: anyone's; everyone: their own). */
        get: operations["users_sessions"];
        put?: never;
        post?: never;
        /**
         * End every session of a user but the caller's own (admins: anyone's;
         *     everyone: their own other sessions). Their open consoles disconnect.
         */
        delete: operations["users_end_sessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one session of a user (admins: anyone's; everyone: their own). */
        delete: operations["users_end_session"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a picture into the buyer's own conversation, started if this is
         *     their first message (raw image body, name in `X-Filename`, visitor token
         *     as bearer).
         */
        post: operations["attachments_buyer_attach"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The widget's look and place, read by the widget when it loads on a
         *     shop's page (any origin, no credentials). Attributes on the embed line
         *     win over these.
         */
        get: operations["settings_widget_config"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Leave an e-mail address and/or phone number for the team (the buyer's
         *     own contact; nothing is echoed back).
         */
        put: operations["waiting_leave_details"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rate a conversation (the buyer's own, once; visitor token as bearer). */
        post: operations["rating_rate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/orders/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A buyer proves an order is theirs (order number plus the contact used at
         *     purchase, or the lookup password) and gets its card keys again. Failures
         *     are counted per conversation, address and order; the answer never says
         *     which part was wrong.
         */
        post: operations["shop_widget_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start or resume a buyer's widget session. A new visitor (no token, or an
         *     unknown one) counts against their address's allowance of new sessions.
         */
        post: operations["widget_session"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload an image as a buyer (raw body, visitor token as bearer; at most
         *     20 megapixels).
         */
        post: operations["files_buyer_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description What the executor should do. Performed in order; the results of lookups,
         *     verification and knowledge searches come back as [`Event`]s.
         */
        Action: {
            /** @description Buttons to show under it (may be empty). */
            quick_replies: components["schemas"]["QuickReply"][];
            /** @description Which template it came from (`ask.order_no`). */
            template_id: string;
            /** @description The text, rendered in the conversation's language. */
            text: string;
            /** @enum {string} */
            type: "reply";
            /** @description The A/B variant used, when the template has several. */
            variant?: string | null;
        } | {
            /** @description `order_no` is a payment transaction number. */
            by_trade_no: boolean;
            /** @description The order number, or the payment's trade number when `by_trade_no`. */
            order_no: string;
            /** @description What the buyer gave. */
            proof: components["schemas"]["Secret"];
            /** @description Show the card keys of a paid, delivered order again. */
            redeliver: boolean;
            /** @enum {string} */
            type: "verify_order";
        } | {
            /** @description Amount of the order, when known (`"30.00"`). */
            amount?: string | null;
            /** @description Currency of the amount. */
            currency?: string | null;
            /** @description The order. */
            order_no: string;
            /**
             * @description Why, in the buyer's words or a reason code (`card_invalid`,
             *     `wrong_item`, `not_received`, `changed_mind`, `other`).
             */
            reason: string;
            /** @enum {string} */
            type: "record_refund_request";
        } | {
            /** @description Query text (card keys masked). */
            query: string;
            /** @enum {string} */
            type: "search_knowledge";
        } | {
            /** @description Queue priority. */
            priority: components["schemas"]["Priority"];
            /** @description Why, most important first. */
            reasons: components["schemas"]["Reason"][];
            /** @description What the bot learned, for the agent. */
            summary: components["schemas"]["Summary"];
            /** @enum {string} */
            type: "handoff";
        } | {
            /** @enum {string} */
            type: "resolve";
        } | {
            /** @description What happened. */
            outcome: components["schemas"]["Outcome"];
            /** @description The template. */
            template_id: string;
            /** @enum {string} */
            type: "record_outcome";
            /** @description The variant this conversation got. */
            variant: string;
        };
        AgentPatch: {
            /**
             * Format: int32
             * @description Conversations the agent may hold at once (0–100).
             */
            capacity?: number | null;
            /** @description Skills (languages, product categories, channels), at most 32 of 1–40 characters. */
            skills?: string[] | null;
            /** @description Ids of the agent's teams (replaces them). */
            teams?: number[] | null;
        };
        /** @description An agent's routing profile. */
        AgentProfile: {
            /**
             * Format: int32
             * @description Conversations they may hold at once.
             */
            capacity: number;
            display_name: string;
            /** Format: int64 */
            id: number;
            /**
             * Format: int32
             * @description Conversations assigned to them now.
             */
            open: number;
            skills: string[];
            /** @description `online`, `away` or `offline` (no console open). */
            status: components["schemas"]["AgentStatus"];
            /** @description Ids of their teams. */
            teams: number[];
        };
        /**
         * @description Whether an agent takes conversations now. `offline` is never chosen: it
         *     is what an agent is with no console open.
         * @enum {string}
         */
        AgentStatus: "online" | "away" | "offline";
        /** @description A finding that makes a screenshot suspect, for agents. */
        AnalysisFlag: {
            /** @enum {string} */
            code: "receipt_amount_mismatch" | "receipt_time_mismatch";
            /** @description The same in English. */
            en: string;
            /** @description What was found, in Chinese. */
            zh: string;
        };
        /** @description One recognised line of text and where it is on the picture. */
        AnalysisLine: {
            /**
             * @description `[x0, y0, x1, y1]` (left, top, right, bottom) in pixels of the
             *     stored (upright) picture, as `kadesk vision analyze --json` gives it.
             */
            box: number[];
            /**
             * Format: float
             * @description 0–1.
             */
            confidence: number;
            text: string;
        };
        AnalysisList: {
            /** @description Oldest first. */
            items: components["schemas"]["ImageAnalysis"][];
        };
        AnnotationInput: {
            /**
             * Format: int64
             * @description The conversation it was drawn for.
             */
            conversation_id: number;
            /** @description The annotator's document: a JSON object (at most 256 KiB). */
            layers: {
                [key: string]: unknown;
            };
            /** @description The picture the layers were drawn on (a stored file's id). */
            source_file_id: string;
        };
        AnnotationView: {
            /** Format: int64 */
            conversation_id: number;
            /**
             * Format: int64
             * @description Milliseconds since the epoch.
             */
            created_at: number;
            /**
             * Format: int64
             * @description The agent who drew it.
             */
            created_by: number;
            /** @description The rendered picture. */
            file_id: string;
            layers: {
                [key: string]: unknown;
            };
            source_file_id: string;
        };
        /** @description A stored article. */
        Article: {
            body: string;
            created_at: components["schemas"]["i64"];
            enabled: boolean;
            error_codes: string[];
            /** Format: int64 */
            id: number;
            language: components["schemas"]["ArticleLanguage"];
            products: string[];
            tags: string[];
            title: string;
            updated_at: components["schemas"]["i64"];
        };
        /** @description What an editor writes: every field of an article but its id and times. */
        ArticleDraft: {
            /**
             * @description The answer as plain text (short paragraphs, numbered steps; 1–20,000
             *     characters, not all spaces).
             */
            body: string;
            /** @description Disabled articles are kept but never searched or answered. */
            enabled?: boolean;
            /**
             * @description Error codes the article explains, matched exactly and case-insensitively
             *     (`E1001`, `0x80070005`, `ERR_CARD_USED`): letters, digits, `_` and `-`;
             *     at most 20, each at most 60 characters.
             */
            error_codes?: string[];
            language?: components["schemas"]["ArticleLanguage"];
            /**
             * @description Names of the products it applies to (empty: every product); at most
             *     20, each at most 60 characters.
             */
            products?: string[];
            /** @description At most 20, each at most 60 characters. */
            tags?: string[];
            /**
             * @description A short question or topic, e.g. 「Steam 充值卡怎么兑换」 (1–200
             *     characters, not all spaces).
             */
            title: string;
        };
        /**
         * @description Which buyers an article is written for.
         * @enum {string}
         */
        ArticleLanguage: "zh" | "en" | "any";
        ArticleList: {
            items: components["schemas"]["Article"][];
            next_cursor?: string | null;
        };
        AssignRequest: {
            /**
             * Format: int64
             * @description The agent to assign, or null to put the conversation back in the queue.
             */
            user_id?: number | null;
        };
        /** @description A stored file attached to a message. */
        Attachment: {
            content_type: string;
            /** Format: int32 */
            height?: number | null;
            /** @description SHA-256 of the bytes, lower-case hex. */
            id: string;
            name: string;
            /** Format: int64 */
            size: number;
            /** @description Where a small JPEG preview (longest side 320 px) can be fetched. */
            thumbnail_url?: string | null;
            /** @description Where the bytes can be fetched. */
            url: string;
            /**
             * Format: int32
             * @description Picture size in pixels (after the EXIF orientation); absent on files
             *     stored before screenshots were read.
             */
            width?: number | null;
        };
        /** @description What an agent gets for a posted picture. */
        AttachResponse: {
            attachment: components["schemas"]["Attachment"];
            /** @description The chat message carrying the picture (already published). */
            message: components["schemas"]["Message"];
        };
        AuditItem: {
            action: string;
            /** Format: int64 */
            actor_id?: number | null;
            at: components["schemas"]["i64"];
            /** @description Details (never a secret). */
            detail: {
                [key: string]: unknown;
            };
            /** Format: int64 */
            id: number;
            /** @description What it was done to (`order:D1`, `user:3`, `conversation:42`). */
            target: string;
        };
        AuditList: {
            /** @description Every action name in the log, for the filter. */
            actions: string[];
            items: components["schemas"]["AuditItem"][];
            /**
             * Format: int64
             * @description Pass as `before` for the next page; absent on the last.
             */
            next_before?: number | null;
        };
        /** @description Handoff policy and dialog limits. `Default` is the recommended setup. */
        BotConfig: {
            /**
             * @description Outside business hours a handoff takes a message: reason
             *     `after_hours`, and the reply says when agents are back.
             * @default true
             */
            after_hours_message?: boolean;
            /**
             * @description Hand off at once on a negative message with anger or a threat.
             * @default true
             */
            anger_handoff?: boolean;
            /**
             * @description The bot answers conversations at all (the server checks this).
             * @default true
             */
            enabled?: boolean;
            /**
             * Format: int32
             * @description Hand off after this many fallback or low-confidence messages in a
             *     row (0: never).
             * @default 2
             */
            fallback_streak?: number;
            /**
             * @description Greet known contacts by name.
             * @default true
             */
            greet_by_name?: boolean;
            /**
             * @description Hand off when the buyer asks for a person, in any wording.
             * @default true
             */
            human_request?: boolean;
            /**
             * Format: int32
             * @description After this many minutes of silence a new message starts afresh
             *     (0: never).
             * @default 60
             */
            idle_reset_minutes?: number;
            /**
             * @description Search the knowledge base for product and account questions and for
             *     messages the bot did not understand.
             * @default true
             */
            knowledge?: boolean;
            /**
             * Format: float
             * @description An intent below this confidence counts as low-confidence; the bot
             *     asks "did you mean …" instead of acting on it.
             * @default 0.5
             */
            low_confidence?: number;
            /**
             * Format: int32
             * @description Hand off after this many negative messages in a row (0: never).
             * @default 2
             */
            negative_streak?: number;
            /**
             * @description Hand off when the shop diagnoses paid-but-not-delivered.
             * @default true
             */
            paid_not_delivered_handoff?: boolean;
            /**
             * @description Unused since the bot stopped listing orders found by the contact's
             *     e-mail or phone (they prove nothing); accepted so older settings load.
             * @default 3
             */
            recent_orders_buttons?: number;
            /**
             * Format: double
             * @description Refund requests above this amount go to a person (after the request
             *     is recorded). Negative: never.
             * @default 200
             */
            refund_handoff_above?: number;
            /**
             * Format: int32
             * @description Hand off when the buyer raises the same problem this many times
             *     without it being solved (0: never).
             * @default 3
             */
            repeated_intent?: number;
            /**
             * @description Intents handed to a person at once.
             * @default [
             *       "fraud_report",
             *       "complaint"
             *     ]
             */
            sensitive_intents?: string[];
            /**
             * Format: int32
             * @description Tries at an order number (wrong, missing, not found) before handing
             *     off.
             * @default 3
             */
            slot_attempts?: number;
            /**
             * Format: float
             * @description "Did you mean …" buttons for alternatives at least this likely.
             * @default 0.15000000596046448
             */
            suggest_above?: number;
            /**
             * Format: int32
             * @description Failed verifications before handing off.
             * @default 2
             */
            verify_attempts?: number;
            /** @default problems */
            vip_handoff?: components["schemas"]["VipHandoff"];
            /**
             * Format: double
             * @description A contact who spent at least this much counts as VIP, tag or not
             *     (0: the tag only).
             * @default 2000
             */
            vip_lifetime_spend?: number;
        };
        BotSettings: {
            /** @description What `kadesk.toml` says (what `DELETE` goes back to). */
            file: components["schemas"]["BotConfig"];
            /** @description The policy new bot turns use. */
            settings: components["schemas"]["BotConfig"];
            /** @description Where `settings` come from. */
            source: components["schemas"]["SettingsSource"];
        };
        Breakdown: {
            items: components["schemas"]["BreakdownRow"][];
        };
        /** @description One row of a breakdown. */
        BreakdownRow: components["schemas"]["Figures"] & {
            /**
             * Format: double
             * @description Per agent only: seconds away (at the console, taking none).
             */
            away_secs?: number | null;
            /**
             * Format: int64
             * @description Per agent only: canned replies they inserted within the period.
             */
            canned_reply_uses?: number | null;
            /**
             * @description The channel's wire name, the agent's or team's id as text, the label,
             *     or `1` / `0` (with / without a screenshot); `none`: without one
             *     (unassigned, no team).
             */
            key: string;
            /** @description The agent's or team's name. */
            name?: string | null;
            /**
             * Format: double
             * @description Per agent only: seconds online (taking new conversations) within
             *     the period, whatever the other filters.
             */
            online_secs?: number | null;
        };
        /** @description What a buyer gets for a posted picture. */
        BuyerAttachResponse: {
            attachment: components["schemas"]["Attachment"];
            /** @description The chat message carrying the picture (already published). */
            message: components["schemas"]["BuyerMessage"];
        };
        /** @description The buyer themself, as their widget knows them. */
        BuyerContact: {
            /** Format: int64 */
            id: number;
            /** @description BCP 47 tag of the buyer's UI, e.g. `zh-CN` or `en`. */
            language: string;
        };
        /** @description The buyer's own conversation, as the widget shows it. */
        BuyerConversation: {
            /** @description The display name of the agent serving the buyer, once one is. */
            assignee_name?: string | null;
            created_at: components["schemas"]["i64"];
            /** Format: int64 */
            id: number;
            /**
             * Format: int64
             * @description The `seq` of the newest message, 0 when there is none.
             */
            last_seq: number;
            queue?: null | components["schemas"]["BuyerQueue"];
            rating?: null | components["schemas"]["Rating"];
            /** @description `bot`, `queued`, `assigned`, `resolved` or `closed`. */
            status: components["schemas"]["ConversationStatus"];
            updated_at: components["schemas"]["i64"];
        };
        /**
         * @description A message of the buyer's conversation. Agents are named by their display
         *     name only.
         */
        BuyerMessage: {
            attachments: components["schemas"]["Attachment"][];
            /** @description The id the sender chose, for idempotent retries. */
            client_id?: string | null;
            /** Format: int64 */
            conversation_id: number;
            created_at: components["schemas"]["i64"];
            /** Format: int64 */
            id: number;
            /** @description Buttons under a bot message; absent on other messages. */
            quick_replies?: components["schemas"]["QuickReply"][] | null;
            sender: components["schemas"]["SenderKind"];
            /** @description The agent's display name, for `agent` messages. */
            sender_name?: string | null;
            /**
             * Format: int64
             * @description Position in the conversation, counting from 1 without gaps.
             */
            seq: number;
            text: string;
        };
        /** @description Where a waiting buyer stands in the queue. */
        BuyerQueue: {
            /**
             * Format: int32
             * @description The expected wait, from the team's recent handling rate (counted
             *     from `opens_at` while the team is off).
             */
            estimated_wait_secs: number;
            opens_at?: null | components["schemas"]["i64"];
            /**
             * Format: int32
             * @description 1 for the next served; how many wait before the buyer, plus one.
             */
            position: number;
        };
        /** @description A canned reply as an editor writes it. */
        CannedBody: {
            /**
             * @description 1–2,000 characters, not all spaces; variables among `{buyer_name}`,
             *     `{order_no}`, `{product}` and `{agent_name}`.
             */
            body: string;
            language?: components["schemas"]["ReplyLanguage"];
            /**
             * @description Shared with everyone (supervisors and admins only); default: your own.
             *     Ignored on change: a reply stays where it was made.
             */
            shared?: boolean;
            /** @description 1–32 characters, no spaces and no `/` (`退款`, `thanks`). */
            shortcut: string;
            /** @description 1–100 characters, not all spaces. */
            title: string;
        };
        CannedReplyList: {
            /** @description Most used first. */
            items: components["schemas"]["CannedReplyView"][];
        };
        /** @description A canned reply. */
        CannedReplyView: {
            /** @description The text, with `{buyer_name}`, `{order_no}`, `{product}` and `{agent_name}`. */
            body: string;
            /** @description Whether the signed-in user may change or delete it. */
            editable: boolean;
            /** Format: int64 */
            id: number;
            language: components["schemas"]["ReplyLanguage"];
            last_used_at?: null | components["schemas"]["i64"];
            /** @description Shared with everyone (true) or the signed-in agent's own (false). */
            shared: boolean;
            /** @description What the agent types after `/`. */
            shortcut: string;
            title: string;
            updated_at: components["schemas"]["i64"];
            /**
             * Format: int64
             * @description Times agents inserted it.
             */
            use_count: number;
        };
        /** @description A picture of a case. */
        CasePictureView: {
            error_code?: string | null;
            file_id: string;
            /** @description Screenshot kind. */
            kind: string;
            /** @description Perceptual hash, 16 hex digits. */
            phash?: string | null;
            /** @description The text read from it. */
            text: string;
        };
        /** @description How the learning desk asks agents for problem tags. */
        CaseSettings: {
            /**
             * @description A conversation is resolved only once an agent confirmed at least one
             *     problem tag on it (off by default).
             */
            tags_required?: boolean;
        };
        /** @description A solved conversation remembered. */
        CaseView: {
            /** Format: int64 */
            conversation_id: number;
            error_codes: string[];
            /** Format: int64 */
            id: number;
            intents: string[];
            pictures: components["schemas"]["CasePictureView"][];
            products: string[];
            /**
             * Format: int64
             * @description The buyer's stars (1–5), when rated.
             */
            rating?: number | null;
            /** @description Resolved again after the buyer reopened it. */
            reopened: boolean;
            /** @description The replies that solved it (card keys masked), oldest first. */
            replies: string[];
            /** @description `bot` or `agent`. */
            solved_by: string;
            /** @description Short summary of the solution. */
            summary: string;
            tags: string[];
            /**
             * Format: int64
             * @description Milliseconds since the epoch.
             */
            updated_at: number;
        };
        /**
         * @description Where a buyer wrote from.
         * @enum {string}
         */
        Channel: "web" | "telegram" | "wechat" | "whatsapp" | "email";
        /**
         * @description What must hold for a rule to apply. Every non-empty list must match one
         *     of its values; an empty list and `vip: null` match anything.
         */
        Conditions: {
            /** @default [] */
            channels?: components["schemas"]["Channel"][];
            /**
             * @description Intent names (`refund_request`, `recharge_failed`…).
             * @default []
             */
            intents?: string[];
            /**
             * @description Language tags; `en` matches `en-US`.
             * @default []
             */
            languages?: string[];
            /** @default [] */
            priorities?: components["schemas"]["Priority"][];
            /**
             * @description Words found in a product's name or category (case-insensitive).
             * @default []
             */
            products?: string[];
            /**
             * @description Handoff reason codes (`human_requested`, `verification_failed`…).
             * @default []
             */
            reasons?: string[];
            /**
             * @description Contact tags (case-insensitive).
             * @default []
             */
            tags?: string[];
            /**
             * @description `true`: VIP buyers only; `false`: everyone else.
             * @default null
             */
            vip?: boolean | null;
        };
        /** @description A buyer, anonymous or known. */
        Contact: {
            channel: components["schemas"]["Channel"];
            created_at: components["schemas"]["i64"];
            email?: string | null;
            /** Format: int64 */
            id: number;
            /** @description BCP 47 tag the buyer's UI uses, e.g. `zh-CN` or `en`. */
            language: string;
            last_seen_at: components["schemas"]["i64"];
            name: string;
            phone?: string | null;
            /** @description Labels agents gave the contact; `vip` (any case) makes a VIP for the bot. */
            tags?: string[];
        };
        ContactDetail: components["schemas"]["Contact"] & {
            conversations: components["schemas"]["Conversation"][];
        };
        ContactDetails: {
            /** @description An e-mail address (up to 200 characters, with an `@`). */
            email?: string | null;
            /** @description A phone number (up to 40 characters: digits, spaces, `+`, `-`, brackets). */
            phone?: string | null;
        };
        /** @description Everything kadesk keeps of one contact (a data-protection request). */
        ContactExport: {
            contact: components["schemas"]["Contact"];
            conversations: components["schemas"]["ExportedConversation"][];
            /** @description When the export was made (Unix ms). */
            exported_at: components["schemas"]["i64"];
        };
        ContactList: {
            items: components["schemas"]["Contact"][];
            next_cursor?: string | null;
        };
        ContactUpdate: {
            email?: string | null;
            name?: string | null;
            phone?: string | null;
            /** @description The whole new tag list (`vip` makes a VIP for the bot). */
            tags?: string[] | null;
        };
        /** @description One conversation between a buyer and the desk. */
        Conversation: {
            /** Format: int64 */
            assignee_id?: number | null;
            assignee_name?: string | null;
            channel: components["schemas"]["Channel"];
            /** Format: int64 */
            contact_id: number;
            contact_name: string;
            created_at: components["schemas"]["i64"];
            handoff?: null | components["schemas"]["Handoff"];
            /** Format: int64 */
            id: number;
            last_message_at?: null | components["schemas"]["i64"];
            last_message_text?: string | null;
            /**
             * Format: int64
             * @description The `seq` of the newest message, 0 when there is none.
             */
            last_seq: number;
            /**
             * Format: int32
             * @description Higher is more urgent; 0 is normal.
             */
            priority: number;
            rating?: null | components["schemas"]["Rating"];
            status: components["schemas"]["ConversationStatus"];
            updated_at: components["schemas"]["i64"];
        };
        ConversationHit: {
            conversation: components["schemas"]["Conversation"];
            /**
             * @description Where it matched: `id`, `email`, `phone`, `name` or `text`.
             * @example text
             */
            matched: string;
            /** @description For `text`: the matching message. */
            snippet?: string | null;
        };
        ConversationList: {
            items: components["schemas"]["Conversation"][];
            next_cursor?: string | null;
        };
        ConversationSearch: {
            items: components["schemas"]["ConversationHit"][];
        };
        /**
         * @description Who currently owns a conversation.
         * @enum {string}
         */
        ConversationStatus: "bot" | "queued" | "assigned" | "resolved" | "closed";
        /** @description The problem tags of a conversation. */
        ConversationTagsView: {
            /** @description What an agent confirmed; null until one did (an empty list: none apply). */
            confirmed?: string[] | null;
            /** @description What kadesk proposes from the intents, error codes and screenshot kinds. */
            proposed: string[];
            /** @description Resolving needs a confirmed tag. */
            required: boolean;
            /** @description The taxonomy to choose from. */
            taxonomy: string[];
        };
        /** @description Buyers' ratings. */
        Csat: {
            /**
             * Format: double
             * @description Ratings of 4–5 stars / all ratings, as a percentage 0–100; `None`
             *     without ratings.
             */
            percent?: number | null;
            /**
             * Format: double
             * @description The same as a fraction 0–1.
             */
            rate?: number | null;
            /**
             * Format: double
             * @description Ratings / surveys sent (resolved conversations), 0–1.
             */
            response_rate?: number | null;
            /**
             * Format: int64
             * @description How many ratings.
             */
            responses: number;
        };
        /** @description A CSV file sent as JSON (how the console sends it). */
        CsvImport: {
            /** @description The file's text (UTF-8, header line first). */
            csv: string;
        };
        /** @description One UTC day's use. */
        DayUsage: {
            /** Format: int64 */
            answered: number;
            /** Format: int64 */
            calls: number;
            /** Format: int64 */
            cost_micro_fen: number;
            /** @description The start of the day (UTC), ms since the epoch. */
            day: components["schemas"]["i64"];
            purposes: components["schemas"]["PurposeUsage"][];
            /** Format: int64 */
            tokens: number;
        };
        DeliveryList: {
            /** @description Newest first, at most 100. */
            items: components["schemas"]["DeliveryView"][];
        };
        /**
         * @description Where a message to a platform stands.
         * @enum {string}
         */
        DeliveryState: "pending" | "sent" | "failed";
        /**
         * @description Whether the card keys went out.
         * @enum {string}
         */
        DeliveryStatus: "pending" | "delivered" | "failed" | "abnormal";
        /** @description One platform message sent (or to be sent) to a conversation's buyer. */
        DeliveryView: {
            /** Format: int64 */
            attempts: number;
            channel: components["schemas"]["Channel"];
            created_at: components["schemas"]["i64"];
            /** Format: int64 */
            id: number;
            /** @description The platform's last error, if any. */
            last_error?: string | null;
            /**
             * Format: int64
             * @description The stored message it renders; absent for re-delivered card keys.
             */
            message_id?: number | null;
            sent_at?: null | components["schemas"]["i64"];
            status: components["schemas"]["DeliveryState"];
        };
        /** @description A finding with its wording. */
        Diagnosis: {
            /** @description What to tell the buyer, in English. */
            en: string;
            escalate?: null | components["schemas"]["EscalationReason"];
            finding: components["schemas"]["Finding"];
            /** @description The card keys can be sent again once the buyer is verified. */
            offer_redelivery: boolean;
            /** @description What to tell the buyer, in Chinese. */
            zh: string;
        };
        DrillDown: {
            /** @description The first `limit` conversations the number counts, oldest first. */
            items: components["schemas"]["Conversation"][];
            /**
             * Format: int64
             * @description How many it counts in all.
             */
            total: number;
        };
        EndedSessions: {
            /**
             * Format: int64
             * @description How many sessions ended.
             */
            ended: number;
        };
        /** @description One entity found in a message. */
        Entity: {
            /** @description One past the last character. */
            end: number;
            /** @description What it is. */
            kind: components["schemas"]["EntityKind"];
            /** @description First character, counted in Unicode scalar values from 0. */
            start: number;
            /**
             * @description Normalised value: width-folded identifier, `"100 CNY"`, catalogue
             *     name, platform id; for `card_key` the masked key.
             */
            value: string;
        };
        /**
         * @description What an entity is.
         * @enum {string}
         */
        EntityKind: "order_no" | "trade_no" | "email" | "phone" | "qq" | "amount" | "error_code" | "card_key" | "product" | "platform";
        /** @description What erasing a contact removed. */
        ErasedView: {
            /** @description Conversations kept (for the reports) with their content removed. */
            conversations: number;
            /** @description Pictures deleted from the file store. */
            files: number;
            /**
             * Format: int64
             * @description Messages whose text and pictures were removed.
             */
            messages: number;
        };
        /** @description Every error answer: `{"error":{"code","message"}}`. */
        ErrorBody: {
            error: components["schemas"]["ErrorDetail"];
        };
        /**
         * @description A stable, machine-readable error code (see `docs/protocol.md`).
         * @enum {string}
         */
        ErrorCode: "bad_request" | "invalid_frame" | "validation" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "payload_too_large" | "unsupported_media_type" | "rate_limited" | "unavailable" | "internal" | "busy" | "signature_missing" | "signature_malformed" | "signature_invalid" | "signature_expired" | "signature_replayed" | "tags_required" | "reply_window_closed";
        /** @description What went wrong: a stable code to act on and a message for people (English). */
        ErrorDetail: {
            code: components["schemas"]["ErrorCode"];
            message: string;
        };
        /**
         * @description Why a conversation should go to a human.
         * @enum {string}
         */
        EscalationReason: "paid_not_delivered" | "order_abnormal";
        ExamplesFile: {
            /** @description How many of them the running model learned (null before first use). */
            learned?: number | null;
            /** @description The operator's examples file, `intent<TAB>text` per line. */
            text: string;
        };
        /** @description One A/B-tested template's results. */
        Experiment: {
            /**
             * @description The variant a supervisor promoted: it gets every new conversation
             *     (`POST /reports/experiments/{template}/promote`).
             */
            promoted?: string | null;
            /**
             * Format: int64
             * @description Conversations each variant needs to show a 5-point change of the
             *     control's bot resolution rate.
             */
            sample_size_hint?: number | null;
            template_id: string;
            /** @description The test used, stated for the reader. */
            test: string;
            variants: components["schemas"]["VariantResult"][];
            /**
             * @description The variant with the best bot resolution rate when it beats the
             *     control significantly (or the control when every other loses
             *     significantly); `None` while undecided.
             */
            winner?: string | null;
        };
        Experiments: {
            items: components["schemas"]["Experiment"][];
        };
        /** @description One conversation of an exported contact. */
        ExportedConversation: {
            conversation: components["schemas"]["Conversation"];
            /**
             * @description Every message, oldest first (pictures by their file URLs; card keys
             *     as stored: masked).
             */
            messages: components["schemas"]["Message"][];
        };
        /**
         * @description Which table an export holds.
         * @enum {string}
         */
        ExportTable: "overview" | "channels" | "agents" | "teams" | "tags" | "intents" | "products" | "pictures" | "hours" | "conversations" | "messages";
        /**
         * @description The figures of one period (docs/reports.md). Rates are fractions 0–1,
         *     `None` when their denominator is 0.
         */
        Figures: {
            /** Format: double */
            automation_rate?: number | null;
            /** Format: int64 */
            bot_conversations: number;
            /** Format: double */
            bot_resolution_rate?: number | null;
            /** Format: int64 */
            bot_resolved: number;
            /** Format: int64 */
            conversations: number;
            csat: components["schemas"]["Csat"];
            /** Format: double */
            fcr_rate?: number | null;
            first_response_business_secs: components["schemas"]["Percentiles"];
            first_response_secs: components["schemas"]["Percentiles"];
            full_resolution_secs: components["schemas"]["Percentiles"];
            /** Format: int64 */
            handed_off: number;
            /** Format: double */
            handoff_rate?: number | null;
            handoff_reasons: components["schemas"]["ReasonCount"][];
            /** Format: double */
            recontact_rate?: number | null;
            resolution_business_secs: components["schemas"]["Percentiles"];
            resolution_secs: components["schemas"]["Percentiles"];
            /** Format: int64 */
            resolved: number;
            /**
             * Format: double
             * @description With a screenshot / conversations.
             */
            screenshot_rate?: number | null;
            /**
             * Format: int64
             * @description Conversations with a picture read automatically.
             */
            screenshot_read: number;
            /**
             * Format: double
             * @description Read automatically / with a screenshot.
             */
            screenshot_read_rate?: number | null;
            /**
             * Format: int64
             * @description Waited for a person and got no agent reply yet.
             */
            unanswered: number;
            /**
             * Format: int64
             * @description Conversations in which a buyer sent a picture.
             */
            with_screenshot: number;
        };
        /**
         * @description A setting only `kadesk.toml` (or the environment) sets, shown read-only.
         *     Secrets (tokens, passwords, keys, the database URL) are never listed.
         */
        FileSetting: {
            /** @description `section.key` as in `kadesk.toml`, e.g. `server.listen`. */
            key: string;
            /** @description The value in force, as text (`true`/`false` for switches). */
            value: string;
        };
        /** @description A canned reply ready to send. */
        FilledReply: {
            /** @description The reply, with this use counted. */
            reply: components["schemas"]["CannedReplyView"];
            /**
             * @description The body with its variables filled; a variable with no value stays
             *     as written (`{order_no}`) for the agent to complete.
             */
            text: string;
        };
        /**
         * @description The kind of finding.
         * @enum {string}
         */
        Finding: "unpaid" | "payment_failed" | "expired" | "delivery_pending" | "delivered" | "not_delivered" | "abnormal" | "refunded";
        /** @description The whole floor at a glance. */
        Floor: {
            agents: components["schemas"]["AgentProfile"][];
            lines: components["schemas"]["TeamLine"][];
        };
        /** @description The desk's settings that are safe to change at run time. */
        GeneralSettings: {
            /**
             * @description When agents work, `HH:MM-HH:MM` in the shop's time zone (may cross
             *     midnight, `21:00-02:00`); empty: always. Outside them the bot takes a
             *     message and tells the buyer when agents are back.
             */
            hours?: string;
            /** @description The shop's offset from UTC, `+08:00` or `-05:00`. */
            utc_offset: string;
        };
        GeneralSettingsView: {
            /** @description What `kadesk.toml` says (what `DELETE` goes back to). */
            file: components["schemas"]["GeneralSettings"];
            /** @description Settings that change only in `kadesk.toml` (and a restart). */
            file_only: components["schemas"]["FileSetting"][];
            /** @description The settings in force. */
            settings: components["schemas"]["GeneralSettings"];
            /** @description Where `settings` come from. */
            source: components["schemas"]["SettingsSource"];
        };
        /** @description An article a draft is grounded in. */
        GroundingArticle: {
            /** Format: int64 */
            id: number;
            title: string;
        };
        /** @description The bot's handoff of a conversation to the queue. */
        Handoff: {
            priority: components["schemas"]["Priority"];
            reasons: components["schemas"]["Reason"][];
            /** @description The same in English. */
            summary_en: string;
            /** @description What the bot learned, for the agent, in Chinese. */
            summary_zh: string;
        };
        /** @description Reasons and priority of a handoff. */
        HandoffReport: {
            /** @description Queue priority. */
            priority: components["schemas"]["Priority"];
            /** @description Why. */
            reasons: components["schemas"]["Reason"][];
        };
        /** @description Conversations created per local weekday (0 = Monday) and hour. */
        HeatCell: {
            /** Format: int64 */
            conversations: number;
            /** Format: int32 */
            hour: number;
            /** Format: int32 */
            weekday: number;
        };
        HeatMap: {
            /** @description 7 × 24 cells, weekday 0 = Monday, in the shop's time zone. */
            cells: components["schemas"]["HeatCell"][];
        };
        /** Format: int64 */
        i64: number;
        /** @description The reading of one uploaded screenshot. */
        ImageAnalysis: {
            category?: null | components["schemas"]["ScreenshotCategory"];
            /** Format: int64 */
            conversation_id: number;
            created_at: components["schemas"]["i64"];
            /**
             * Format: int64
             * @description Time spent reading, in milliseconds.
             */
            elapsed_ms: number;
            /** @description Why reading failed (status `failed`). */
            error?: string | null;
            fields: components["schemas"]["ScreenshotFields"];
            /** @description The attachment's id (SHA-256 of the stored picture). */
            file_id: string;
            /** @description Why the screenshot is suspect; empty when nothing was found. */
            flags: components["schemas"]["AnalysisFlag"][];
            /** Format: int32 */
            height: number;
            /** Format: int64 */
            id: number;
            kind: components["schemas"]["ScreenshotKind"];
            lines: components["schemas"]["AnalysisLine"][];
            /**
             * Format: int64
             * @description The message carrying the picture.
             */
            message_id: number;
            missing: ("amount" | "currency" | "error_code" | "error_message" | "order_no" | "payment_status" | "platform" | "product" | "time" | "trade_no")[];
            seen_before?: null | components["schemas"]["SeenBefore"];
            /** @enum {string} */
            status: "done" | "failed";
            /**
             * Format: int32
             * @description Size of the analysed picture; line boxes are in these pixels.
             */
            width: number;
        };
        /** @description What a CSV import did. */
        ImportReport: {
            created: number;
            /** @description Lines that were skipped, with why. */
            errors: components["schemas"]["LineError"][];
            updated: number;
        };
        /** @description What an ingest did. */
        IngestReport: {
            created: number;
            received: number;
            updated: number;
        };
        /** @description An intent with its calibrated probability. */
        IntentScore: {
            /**
             * Format: float
             * @description Calibrated probability in [0, 1], rounded to three decimals. For a
             *     `fallback` chosen because the best guess was below the threshold it is
             *     the probability that the best guess is wrong.
             */
            confidence: number;
            /** @description Intent name (`order_status`, a custom intent, or `fallback`). */
            name: string;
        };
        /**
         * @description The language the bot answers in.
         * @enum {string}
         */
        Lang: "zh" | "en";
        /**
         * @description The language of a message.
         * @enum {string}
         */
        Language: "zh" | "en" | "mixed" | "und";
        /** @description One bad CSV line. */
        LineError: {
            /**
             * Format: int64
             * @description 1-based line number in the file (the header is line 1).
             */
            line: number;
            message: string;
        };
        /** @description The language model's settings (never the key) and use per day. */
        LlmUsageView: {
            /** Format: int64 */
            daily_token_budget: number;
            /** @description Days with use, newest first. */
            days: components["schemas"]["DayUsage"][];
            enabled: boolean;
            model: string;
            /** Format: int64 */
            price_fen_per_million_tokens: number;
            /**
             * Format: int64
             * @description Tokens counted today against the budget (calls in flight included).
             */
            tokens_today: number;
        };
        LoginRequest: {
            password: string;
            username: string;
        };
        LoginResponse: {
            /** @description Bearer token; the same value is set as the `kadesk_session` cookie. */
            token: string;
            user: components["schemas"]["User"];
        };
        /** @description One message in a conversation. */
        Message: {
            attachments: components["schemas"]["Attachment"][];
            /** @description The id the sender chose, for idempotent retries. */
            client_id?: string | null;
            /** Format: int64 */
            conversation_id: number;
            created_at: components["schemas"]["i64"];
            /** Format: int64 */
            id: number;
            /** @description Buttons under a bot message; absent on other messages. */
            quick_replies?: components["schemas"]["QuickReply"][] | null;
            sender: components["schemas"]["SenderKind"];
            /** Format: int64 */
            sender_id?: number | null;
            sender_name?: string | null;
            /**
             * Format: int64
             * @description Position in the conversation, counting from 1 without gaps.
             */
            seq: number;
            text: string;
        };
        MessageList: {
            /** @description More messages exist beyond this page (in the direction asked). */
            has_more: boolean;
            items: components["schemas"]["Message"][];
        };
        /**
         * @description A number one can click: the conversations it counts.
         * @enum {string}
         */
        Metric: "conversations" | "bot_conversations" | "handed_off" | "bot_resolved" | "first_responded" | "unanswered" | "resolved" | "first_contact_resolved" | "recontacted" | "rated" | "satisfied" | "with_screenshot" | "screenshot_read";
        /** @description A model-written handoff summary. */
        ModelSummaryView: {
            /** @description Messages with text a conversation needs for a model summary. */
            long_from: number;
            /**
             * @description `ready`, `off` (no language model), `short` (the conversation is
             *     short; the rule-based summary says it all) or `failed` (timeout,
             *     error, spent budget: the rule-based summary stands).
             */
            status: string;
            /** @description The summary when `ready`. */
            text?: string | null;
        };
        NewExample: {
            /** @description A built-in intent or a new one (lower-case letters, digits, `_`). */
            intent: string;
            /** @description 1–500 characters, not all spaces. */
            text: string;
        };
        NewExamples: {
            /** @description 1 to 2,000 examples. */
            examples: components["schemas"]["NewExample"][];
        };
        NewNote: {
            /** @description 1–4,000 characters, not all spaces; `@name` mentions a colleague. */
            text: string;
        };
        NewPassword: {
            /** @description 8–200 characters. */
            password: string;
        };
        NewRole: {
            role: components["schemas"]["Role"];
        };
        NewTag: {
            /** @description 1–32 characters. */
            name: string;
        };
        NewUser: {
            /** @description 1–60 characters, not all spaces. */
            display_name: string;
            /** @description 8–200 characters. */
            password: string;
            role: components["schemas"]["Role"];
            /** @description 1–40 letters, digits, dots, dashes or underscores. */
            username: string;
        };
        /** @description An agent's note in a conversation, for agents only. */
        Note: {
            /** Format: int64 */
            author_id: number;
            author_name: string;
            /** Format: int64 */
            conversation_id: number;
            created_at: components["schemas"]["i64"];
            /** Format: int64 */
            id: number;
            /** @description Ids of the colleagues it mentions with `@name` (told at once). */
            mentions: number[];
            /** @description Plain text, at most 4,000 characters. */
            text: string;
        };
        NoteList: {
            /** @description Oldest first. */
            items: components["schemas"]["Note"][];
        };
        /** @description The flow the bot was in when it handed off. */
        OpenQuestion: {
            /** @description The intent (`card_not_received`). */
            intent: string;
            /**
             * @description What it waited for: `order_no`, `proof`, `refund_reason`,
             *     `platform`, `receipt`, `confirm` (from the buyer) or `verify`,
             *     `redeliver`, `knowledge` (from the executor).
             */
            waiting_for?: string | null;
        };
        /** @description A batch of orders from the shop. */
        OrderBatch: {
            /** @description 1 to 1000 orders; an order number already stored is updated. */
            orders: components["schemas"]["OrderInput"][];
        };
        /** @description An order as the shop sends it. */
        OrderInput: {
            /** @description The amount in currency units, e.g. `"30.00"` or `30`. */
            amount?: string | null;
            /**
             * Format: int64
             * @description The amount in the smallest unit (fen); or give `amount`.
             */
            amount_cents?: number | null;
            /**
             * @description The delivered card keys in plain text; sealed before they are stored.
             *     Leave out to keep the keys already stored.
             */
            card_keys?: string[] | null;
            /**
             * @description The contact the buyer gave (e-mail, phone or QQ); sorted into the
             *     fields below when those are not given.
             */
            contact?: string | null;
            /**
             * @description Unix seconds or milliseconds, RFC 3339, or `YYYY-MM-DD HH:MM:SS`
             *     (China time unless an offset is given). Default: now.
             */
            created_at?: string | null;
            currency?: string | null;
            delivered_at?: string | null;
            delivery_status?: null | components["schemas"]["DeliveryStatus"];
            email?: string | null;
            /** @description The order's lookup password, if the buyer set one. Stored as a keyed hash. */
            lookup_password?: string | null;
            /** @description The shop delivers this product by hand. */
            manual_delivery?: boolean;
            /** @description The shop's order number: 1–64 letters, digits, `-` or `_`. */
            order_no: string;
            paid_at?: string | null;
            payment_status: components["schemas"]["PaymentStatus"];
            phone?: string | null;
            /** @description The product's name. */
            product: string;
            qq?: string | null;
            /** Format: int64 */
            quantity?: number;
            /** @description The payment provider's number. */
            trade_no?: string | null;
        };
        OrderList: {
            /** @description Whether the signed-in user may reveal card keys. */
            can_reveal: boolean;
            /** @description Newest first. */
            items: components["schemas"]["OrderView"][];
            searched: components["schemas"]["Searched"];
            /** @description Sources that could not answer. */
            warnings: string[];
        };
        /** @description One order in the summary. */
        OrderSummary: {
            /**
             * @description Amount (`"30.00"`).
             * @default
             */
            amount?: string;
            /**
             * @description Currency.
             * @default
             */
            currency?: string;
            /**
             * @description Delivery status.
             * @default
             */
            delivery_status?: string;
            /** @default unknown */
            diagnosis?: components["schemas"]["Diagnosis"];
            /**
             * Format: int32
             * @description Minutes since payment.
             * @default null
             */
            minutes_since_paid?: number | null;
            /**
             * @description The order.
             * @default
             */
            order_no?: string;
            /**
             * @description Payment status.
             * @default
             */
            payment_status?: string;
            /**
             * @description Product.
             * @default
             */
            product?: string;
            /**
             * @description The bot re-delivered its keys.
             * @default false
             */
            redelivered?: boolean;
            /**
             * @description The buyer proved it is theirs.
             * @default false
             */
            verified?: boolean;
        };
        /** @description An order as agents see it: masked keys and the diagnosis. */
        OrderView: components["schemas"]["ShopOrder"] & {
            diagnosis: components["schemas"]["Diagnosis"];
        };
        /** @description How a conversation went, stored per A/B variant. */
        Outcome: {
            /** @enum {string} */
            kind: "solved";
        } | {
            /** @enum {string} */
            kind: "handed_off";
        } | {
            /** @enum {string} */
            kind: "rated";
            /**
             * Format: int32
             * @description 1–5.
             */
            stars: number;
        };
        /**
         * @description The overview: this period's figures, and the same for the period of the
         *     same length before it.
         */
        Overview: components["schemas"]["Figures"] & {
            /** @description The period, Unix ms, end excluded. */
            from: components["schemas"]["i64"];
            previous: components["schemas"]["Figures"];
            to: components["schemas"]["i64"];
        };
        /** @description Everything understood about one message. */
        Parse: {
            /** @description The next best intents, best first (never `fallback`). */
            alternatives: components["schemas"]["IntentScore"][];
            /** @description Entities, sorted by `start`. */
            entities: components["schemas"]["Entity"][];
            /** @description The intent. */
            intent: components["schemas"]["IntentScore"];
            /** @description Detected language. */
            language: components["schemas"]["Language"];
            /** @description Sentiment and flags. */
            sentiment: components["schemas"]["Sentiment"];
            /**
             * @description The message as received, except that card keys are masked (same
             *     length, so entity offsets still point into it).
             */
            text: string;
        };
        ParseRequest: {
            /** @description At most 4,000 characters. */
            text: string;
        };
        /**
         * @description Whether the buyer paid.
         * @enum {string}
         */
        PaymentStatus: "unpaid" | "paid" | "refunded" | "failed" | "expired";
        /**
         * @description Nearest-rank percentiles of a time figure, in seconds; `None` when no
         *     conversation has the figure.
         */
        Percentiles: {
            /**
             * Format: int64
             * @description How many conversations have the figure.
             */
            count: number;
            /** Format: double */
            p50?: number | null;
            /** Format: double */
            p90?: number | null;
        };
        /**
         * @description A card key in plain text. It exists only in memory on its way to a
         *     verified buyer or an agent allowed to see it: `Debug` hides it, there is
         *     no `Display`, and the memory is wiped on drop. It serialises as the plain
         *     string, for the one response that carries it.
         */
        PlainKey: string;
        /**
         * @description Queue priority of a handoff.
         * @enum {string}
         */
        Priority: "normal" | "high" | "urgent";
        ProductList: {
            items: components["schemas"]["ProductView"][];
        };
        ProductView: {
            category: string;
            currency: string;
            /** Format: int64 */
            id: number;
            name: string;
            /**
             * Format: double
             * @description Price in currency units, e.g. 30.0 for ¥30.
             */
            price: number;
            /** Format: int64 */
            stock: number;
        };
        PromoteRequest: {
            /** @description The variant that gets every new conversation (usually the winner). */
            variant: string;
        };
        /** @description A proportion with its 95 % Wilson score interval. */
        Proportion: {
            /** Format: double */
            high?: number | null;
            /** Format: double */
            low?: number | null;
            /**
             * Format: double
             * @description successes / trials; `None` without trials.
             */
            rate?: number | null;
            /** Format: int64 */
            successes: number;
            /** Format: int64 */
            trials: number;
        };
        /** @description One purpose's use on one day. */
        PurposeUsage: {
            /**
             * Format: int64
             * @description Calls that gave text.
             */
            answered: number;
            /**
             * Format: int64
             * @description Mean latency of a call.
             */
            avg_latency_ms: number;
            /** Format: int64 */
            calls: number;
            /**
             * Format: int64
             * @description Cost in millionths of a fen (tokens × the price per million).
             */
            cost_micro_fen: number;
            /**
             * Format: int64
             * @description Characters of the prompts sent.
             */
            prompt_chars: number;
            /** @description `grounded_answer` (the bot), `suggest_reply`, `handoff_summary`. */
            purpose: string;
            /** Format: int64 */
            tokens: number;
        };
        /** @description One waiting conversation. */
        QueueItem: {
            /** @description Routing assigns it (false: its team picks by hand). */
            auto_assign: boolean;
            channel: components["schemas"]["Channel"];
            contact_name: string;
            /** Format: int64 */
            conversation_id: number;
            /**
             * Format: int32
             * @description The wait its buyer is shown.
             */
            estimated_wait_secs: number;
            first_response_due_at?: null | components["schemas"]["i64"];
            opens_at?: null | components["schemas"]["i64"];
            /**
             * Format: int32
             * @description Place in its team's line (1 = next).
             */
            position: number;
            priority: components["schemas"]["Priority"];
            /** @description Skills its agent needs. */
            skills: string[];
            /** @description Response-time promises it has missed in this wait. */
            sla_breached: components["schemas"]["SlaTarget"][];
            /** @description Its team's name; `null`: any agent. */
            team?: string | null;
            /**
             * Format: int64
             * @description Its team's id; `null`: any agent.
             */
            team_id?: number | null;
            /**
             * Format: int32
             * @description Seconds since it joined the queue.
             */
            waited_secs: number;
        };
        QueueList: {
            /** @description In serving order: most urgent first, then longest waiting. */
            items: components["schemas"]["QueueItem"][];
        };
        /**
         * @description A button under a bot message; pressing it sends its `payload` back as a
         *     `send` frame's `quick_reply`.
         */
        QuickReply: {
            label: string;
            payload: string;
        };
        /** @description A buyer's rating of a conversation. */
        Rating: {
            /** @description What the buyer added, at most 500 characters. */
            comment?: string | null;
            rated_at: components["schemas"]["i64"];
            /**
             * Format: int32
             * @description 1 (bad) to 5 (very good).
             */
            stars: number;
        };
        RatingRequest: {
            /** @description Optional words, at most 500 characters. */
            comment?: string | null;
            /**
             * Format: int64
             * @description 1 (bad) to 5 (very good).
             */
            stars: number;
        };
        /**
         * @description Why the bot handed a conversation to a person.
         * @enum {string}
         */
        Reason: "human_request" | "negative_sentiment" | "repeated_fallback" | "repeated_intent" | "sensitive_intent" | "vip" | "paid_not_delivered" | "after_hours" | "verification_failed" | "order_problem" | "unresolved";
        /** @description One handoff reason's count. */
        ReasonCount: {
            /**
             * Format: int64
             * @description Handed-off conversations whose first handoff gave it.
             */
            conversations: number;
            /** @description The reason code (`human_request`, `negative_sentiment`, …). */
            reason: string;
            /**
             * Format: double
             * @description Of all handed-off conversations, 0–1.
             */
            share: number;
        };
        RedeliverRequest: {
            /**
             * Format: int64
             * @description The conversation whose buyer gets the keys.
             */
            conversation_id: number;
        };
        RedeliverResponse: {
            /** @description How many card keys went to the buyer's key box. */
            keys: number;
            order_no: string;
        };
        /**
         * @description The language a canned reply is written in.
         * @enum {string}
         */
        ReplyLanguage: "zh" | "en";
        RevealRequest: {
            /**
             * Format: int64
             * @description The conversation the agent is working on, for the audit log.
             */
            conversation_id?: number | null;
        };
        RevealResponse: {
            /** @description The plain card keys. Show them, do not store them. */
            keys: components["schemas"]["PlainKey"][];
            order_no: string;
            revealed_at: components["schemas"]["i64"];
            source: string;
        };
        /**
         * @description What a signed-in user may do. Ordered: an admin may do what a supervisor
         *     may, and a supervisor what an agent may.
         * @enum {string}
         */
        Role: "agent" | "supervisor" | "admin";
        /** @description One routing rule. */
        Rule: {
            /** @description A disabled rule is skipped. */
            enabled?: boolean;
            /** @description What people call it (`退款走售后`). */
            name: string;
            set_priority?: null | components["schemas"]["Priority"];
            /** @description Skills its agent needs. */
            skills?: string[];
            /**
             * Format: int64
             * @description The team the conversation goes to; `null`: any agent.
             */
            team_id?: number | null;
            when?: components["schemas"]["Conditions"];
        };
        RuleBody: {
            /**
             * Format: int64
             * @description Where it goes (ascending); absent: last, or unchanged.
             */
            position?: number | null;
            rule: components["schemas"]["Rule"];
        };
        RuleList: {
            /** @description In the order they are tried; the first enabled match decides. */
            items: components["schemas"]["RuleView"][];
        };
        /** @description A routing rule with its place. */
        RuleView: {
            /** Format: int64 */
            id: number;
            /**
             * Format: int64
             * @description Rules are tried by ascending position.
             */
            position: number;
            rule: components["schemas"]["Rule"];
        };
        /** @description A schedule as admins write it (the API's and the database's form). */
        ScheduleSpec: {
            /**
             * @description Whole days off (`2027-02-16`), in the schedule's time zone; a period
             *     that started the evening before still runs to its end.
             * @example [
             *       "2027-02-16",
             *       "2027-02-17"
             *     ]
             */
            holidays?: string[];
            /**
             * @description An IANA time zone (`Asia/Shanghai`, `Europe/Berlin`) or a fixed
             *     offset from UTC (`+08:00`).
             * @example Asia/Shanghai
             */
            time_zone: string;
            /** @description The working periods of each weekday. */
            week: components["schemas"]["WeekSpec"];
        };
        /**
         * @description What the buyer said a picture shows when they attached it (the widget's
         *     four choices). Tells the bot what was expected, so it can ask precisely
         *     for what is missing.
         * @enum {string}
         */
        ScreenshotCategory: "order" | "payment" | "error" | "product";
        /** @description What the vision worker read from a screenshot. */
        ScreenshotFacts: {
            /**
             * @description Amount read from it (`"30.00"`).
             * @default null
             */
            amount?: string | null;
            /**
             * @description Error code from an error dialog.
             * @default null
             */
            error_code?: string | null;
            /**
             * @description Error text from an error dialog.
             * @default null
             */
            error_message?: string | null;
            /** @default null */
            expected?: null | components["schemas"]["ScreenshotKind"];
            /**
             * @description Why the screenshot is suspect (amount or time not matching the
             *     order): the bot never tells the buyer such a payment is fine.
             * @default []
             */
            flags?: components["schemas"]["ScreenshotFlag"][];
            /** @default other */
            kind?: components["schemas"]["ScreenshotKind"];
            /**
             * @description Fields expected for this kind that could not be read.
             * @default []
             */
            missing?: string[];
            /**
             * @description Order number read from it.
             * @default null
             */
            order_no?: string | null;
            /**
             * @description Payment status as read (`paid`, `支付成功`, `unpaid` …).
             * @default null
             */
            payment_status?: string | null;
            /**
             * @description Payment transaction number read from it.
             * @default null
             */
            trade_no?: string | null;
        };
        /**
         * @description The fields read from a screenshot; `None` when not found. Same keys as
         *     `kadesk vision analyze --json`.
         */
        ScreenshotFields: {
            /**
             * @description `"128.00"`: no sign, no symbol.
             * @default null
             */
            amount?: string | null;
            /**
             * @description ISO code, e.g. `CNY`.
             * @default null
             */
            currency?: string | null;
            /** @default null */
            error_code?: string | null;
            /** @default null */
            error_message?: string | null;
            /**
             * @description The shop's order number.
             * @default null
             */
            order_no?: string | null;
            /**
             * @description `paid`, `unpaid`, `failed` or `refunded`.
             * @default null
             */
            payment_status?: string | null;
            /**
             * @description `alipay`, `wechat`, `paypal`, `qq` or `unionpay`.
             * @default null
             */
            platform?: string | null;
            /** @default null */
            product?: string | null;
            /**
             * @description `YYYY-MM-DD HH:MM[:SS]`, as shown (the shop's local time).
             * @default null
             */
            time?: string | null;
            /**
             * @description The payment provider's transaction number.
             * @default null
             */
            trade_no?: string | null;
        };
        /** @description A finding that makes a screenshot suspect, worded for the agent. */
        ScreenshotFlag: {
            /**
             * @description `receipt_amount_mismatch`, `receipt_time_mismatch`.
             * @default
             */
            code?: string;
            /** @default  */
            en?: string;
            /** @default  */
            zh?: string;
        };
        /**
         * @description Screenshot kinds, as the vision crate names them.
         * @enum {string}
         */
        ScreenshotKind: "order_page" | "payment_receipt" | "error_dialog" | "product_page" | "chat" | "other";
        /** @description What was searched for. */
        Searched: {
            contacts: string[];
            order_nos: string[];
            trade_nos: string[];
        };
        SearchHit: {
            /**
             * Format: float
             * @description 0–1; the bot answers from `threshold` up.
             */
            confidence: number;
            /** Format: int64 */
            id: number;
            /**
             * Format: float
             * @description Ranking score; compare only within one search.
             */
            score: number;
            snippet: string;
            title: string;
        };
        SearchResult: {
            /**
             * Format: int64
             * @description The article the bot would answer this question with, if any.
             */
            answer_id?: number | null;
            items: components["schemas"]["SearchHit"][];
            /**
             * Format: float
             * @description The confidence the bot needs to answer.
             */
            threshold: number;
        };
        /**
         * @description A secret the buyer typed (lookup password, or the e-mail/phone used at
         *     purchase). `Debug` never shows it; it serialises as the plain string, so
         *     never log a serialised [`Action`](crate::Action).
         */
        Secret: string;
        /** @description Earlier uploads of the same picture or the same text. */
        SeenBefore: {
            /** @description The conversations they were sent in (at most 20, oldest first). */
            conversations: number[];
            /**
             * Format: int64
             * @description How many earlier screenshots of the last 7 days match.
             */
            count: number;
            /** @description When the first of them was uploaded. */
            first_at: components["schemas"]["i64"];
        };
        /** @description An entity the buyer mentioned. */
        SeenEntity: {
            /** @description order_no, email, card_key … */
            kind: components["schemas"]["EntityKind"];
            /** @description The value (card keys masked). */
            value: string;
        };
        /**
         * @description Who wrote a message.
         * @enum {string}
         */
        SenderKind: "buyer" | "agent" | "bot" | "system";
        /** @description What a client asked to send. */
        SendInput: {
            /** @description Ids of uploaded files, at most 10. */
            attachments?: string[];
            /** @description The client's id for this message (1–64 characters), for idempotent retries. */
            client_id?: string | null;
            /** @description At most 4,000 characters; may be empty when there are attachments. */
            text?: string;
        };
        /** @description The sentiment of one message. */
        Sentiment: {
            /** @description Flags raised, sorted, each at most once. */
            flags: components["schemas"]["SentimentFlag"][];
            /** @description Overall polarity. */
            label: components["schemas"]["SentimentLabel"];
            /**
             * Format: float
             * @description From -1 (very negative) to 1 (very positive).
             */
            score: number;
        };
        /**
         * @description Signals worth acting on, whatever the overall label.
         * @enum {string}
         */
        SentimentFlag: "anger" | "urgency" | "threat" | "profanity";
        /**
         * @description Overall polarity.
         * @enum {string}
         */
        SentimentLabel: "negative" | "neutral" | "positive";
        /** @description The buyer's mood over the conversation. */
        SentimentTrend: {
            /**
             * @description Flags raised in any message.
             * @default []
             */
            flags?: components["schemas"]["SentimentFlag"][];
            /**
             * Format: float
             * @description Lowest score.
             * @default 0
             */
            lowest?: number;
            /**
             * Format: int32
             * @description Negative messages.
             * @default 0
             */
            negative_messages?: number;
            /**
             * @description Score of each typed message, oldest first.
             * @default []
             */
            scores?: number[];
            /** @default steady */
            trend?: components["schemas"]["Trend"];
        };
        SessionList: {
            /** @description Open sessions, newest first. */
            items: components["schemas"]["SessionView"][];
        };
        SessionRequest: {
            /** @description The buyer's UI language, e.g. `zh-CN` or `en`. */
            language?: string | null;
            /** @description The page the widget is on. */
            page?: string | null;
            /** @description The token this browser got before, if any. */
            visitor_token?: string | null;
        };
        SessionResponse: {
            contact: components["schemas"]["BuyerContact"];
            conversation?: null | components["schemas"]["BuyerConversation"];
            /** @description The latest messages, oldest first. */
            messages: components["schemas"]["BuyerMessage"][];
            visitor_token: string;
        };
        /** @description A console session as listed: never its token or the token's hash. */
        SessionView: {
            /** @description When it was opened (sign-in). */
            created_at: components["schemas"]["i64"];
            /** @description This is the session making the request. */
            current: boolean;
            /** @description When it ends by itself. */
            expires_at: components["schemas"]["i64"];
            /** @description The session's public id (16 hex characters). */
            id: string;
            /** @description The address it was opened from. */
            ip?: string | null;
            last_used_at?: null | components["schemas"]["i64"];
            /** @description The browser it was opened with. */
            user_agent?: string | null;
        };
        /**
         * @description Where the bot's settings in force come from.
         * @enum {string}
         */
        SettingsSource: "stored" | "file";
        /** @description One order, normalised from any source. */
        ShopOrder: {
            /**
             * Format: int64
             * @description In the smallest unit of the currency (fen for CNY).
             */
            amount_cents: number;
            /** @description The delivered card keys, masked (`ABCD-****-****-WXYZ`). */
            card_keys: string[];
            /** @description The contact given at purchase, as entered. */
            contact: string;
            created_at: components["schemas"]["i64"];
            currency: string;
            delivered_at?: null | components["schemas"]["i64"];
            delivery_status: components["schemas"]["DeliveryStatus"];
            email?: string | null;
            /** @description The buyer set a lookup password for this order. */
            has_lookup_password: boolean;
            /** @description The shop delivers this product by hand (no automatic card keys). */
            manual_delivery: boolean;
            order_no: string;
            paid_at?: null | components["schemas"]["i64"];
            payment_status: components["schemas"]["PaymentStatus"];
            phone?: string | null;
            product_name: string;
            qq?: string | null;
            /** Format: int64 */
            quantity: number;
            /** @description Name of the source that knows this order (`builtin`, or a configured name). */
            source: string;
            /** @description The payment provider's number. */
            trade_no?: string | null;
        };
        /** @description Who the simulated buyer is (all optional). */
        SimContact: {
            /**
             * @description `zh` (default) or `en`.
             * @default null
             */
            language?: string | null;
            /**
             * Format: double
             * @description Spent in the shop so far.
             * @default 0
             */
            lifetime_spend?: number;
            /**
             * @description A known contact's name (greetings use it).
             * @default null
             */
            name?: string | null;
            /**
             * @description Carries the VIP tag.
             * @default false
             */
            vip?: boolean;
        };
        /** @description A past case like this conversation. */
        SimilarCaseView: {
            case: components["schemas"]["CaseView"];
            parts: components["schemas"]["SimilarityParts"];
            /**
             * Format: float
             * @description 0–1, higher is more alike.
             */
            score: number;
        };
        /** @description How much each signal contributed (each 0–1; null when a side lacked it). */
        SimilarityParts: {
            /** Format: float */
            error_code?: number | null;
            /** Format: float */
            intent_product: number;
            /** Format: float */
            picture?: number | null;
            /** Format: float */
            text?: number | null;
        };
        SimulateRequest: {
            contact?: null | components["schemas"]["SimContact"];
            /**
             * @description Buyer lines, in order. `/button PAYLOAD`, `/screenshot {json}`,
             *     `/handback` and `/rate N` stand for what is not typed.
             */
            messages: string[];
        };
        SimulateResponse: {
            /** @description One per line, the buyer's proofs in `verify_and_redeliver` shown as `***`. */
            turns: components["schemas"]["TurnReport"][];
        };
        SlaBoard: {
            /**
             * @description Every conversation waiting for or held by a person (empty when
             *     promises are off), by id.
             */
            items: components["schemas"]["SlaView"][];
            /** @description The server's clock now, so countdowns agree with it (Unix ms). */
            now: components["schemas"]["i64"];
        };
        /**
         * @description A response-time promise (SLA) a conversation is held to.
         * @enum {string}
         */
        SlaTarget: "first_response" | "resolution";
        /** @description One open conversation's promises. */
        SlaView: {
            /** @description Promises already missed in this wait. */
            breached: components["schemas"]["SlaTarget"][];
            /** Format: int64 */
            conversation_id: number;
            first_response_due_at?: null | components["schemas"]["i64"];
            priority: components["schemas"]["Priority"];
            resolution_due_at?: null | components["schemas"]["i64"];
            /** @description When it began waiting for a person (Unix ms). */
            started_at: components["schemas"]["i64"];
        };
        StatusBody: {
            /**
             * @description `online` or `away` (`offline` is having no console open; it is
             *     refused here).
             */
            status: components["schemas"]["AgentStatus"];
        };
        /** @description A suggested reply: a draft for the agent to edit, never sent by itself. */
        SuggestionView: {
            /** @description The articles it is grounded in. */
            articles: components["schemas"]["GroundingArticle"][];
            /** @description The conversations of the solved cases it is grounded in. */
            case_conversations: number[];
            /** @description The draft; null when nothing retrieved could ground one. */
            draft?: string | null;
            /** @description Whether the language model is on. */
            model_enabled: boolean;
            /**
             * @description How the model call ended (`answered`, `no_answer`, `timeout`,
             *     `error`, `budget_spent`); null when the model was not asked.
             */
            model_outcome?: string | null;
            /**
             * @description `model` (the language model wrote it from the articles and cases),
             *     `article` (the article's text as it stands) or `case` (a similar
             *     solved case's solution); null with no draft.
             */
            source?: string | null;
        };
        /** @description What the agent gets with a handoff. */
        Summary: {
            /**
             * @description Entities mentioned, each once (card keys masked).
             * @default []
             */
            entities?: components["schemas"]["SeenEntity"][];
            /**
             * @description Intents the buyer raised, in order of first appearance.
             * @default []
             */
            intents?: string[];
            /** @default zh */
            language?: components["schemas"]["Lang"];
            /** @default null */
            open?: null | components["schemas"]["OpenQuestion"];
            /**
             * @description Orders verified in the conversation, with the shop's diagnosis (the
             *     executor adds the orders the buyer named but did not prove).
             * @default []
             */
            orders?: components["schemas"]["OrderSummary"][];
            /** @default normal */
            priority?: components["schemas"]["Priority"];
            /**
             * @description Why, most important first.
             * @default []
             */
            reasons?: components["schemas"]["Reason"][];
            /**
             * @description What screenshots showed.
             * @default []
             */
            screenshots?: components["schemas"]["ScreenshotFacts"][];
            /**
             * @default {
             *       "flags": [],
             *       "lowest": 0,
             *       "negative_messages": 0,
             *       "scores": [],
             *       "trend": "steady"
             *     }
             */
            sentiment?: components["schemas"]["SentimentTrend"];
            /**
             * @description One paragraph for agents, English.
             * @default
             */
            text_en?: string;
            /**
             * @description One paragraph for agents, Chinese.
             * @default
             */
            text_zh?: string;
            /**
             * @description What the bot already tried, oldest first.
             * @default []
             */
            tried?: components["schemas"]["Tried"][];
        };
        TagsConfirmation: {
            /** @description Names of the taxonomy (at most 8); empty: none apply. */
            tags: string[];
        };
        TeamBody: {
            /** @description Routing assigns its queue (default true). */
            auto_assign?: boolean;
            hours?: null | components["schemas"]["ScheduleSpec"];
            /** @description Member user ids (replaces them); absent: unchanged. */
            members?: number[] | null;
            /** @description 1–40 characters (`售后`, `充值`, `VIP专席`). */
            name: string;
        };
        /** @description One team's line. */
        TeamLine: {
            /**
             * Format: int32
             * @description Seconds the longest-waiting conversation has waited.
             */
            longest_wait_secs: number;
            team?: string | null;
            /**
             * Format: int64
             * @description `null`: conversations any agent may take.
             */
            team_id?: number | null;
            /** Format: int32 */
            waiting: number;
        };
        TeamList: {
            items: components["schemas"]["TeamView"][];
        };
        /** @description A team. */
        TeamView: {
            /** @description Routing assigns its queue; false: its agents pick by hand. */
            auto_assign: boolean;
            hours?: null | components["schemas"]["ScheduleSpec"];
            /** Format: int64 */
            id: number;
            /** @description Member user ids. */
            members: number[];
            name: string;
        };
        /** @description What a (re)training produced. */
        TrainSummary: {
            extra_examples: number;
            intents: string[];
            /** Format: int64 */
            trained_ms: number;
        };
        /** @description The transferred conversation and the note written about it. */
        Transferred: {
            conversation: components["schemas"]["Conversation"];
            note: components["schemas"]["Note"];
        };
        /** @description Where to transfer a conversation: a team or an agent, with a note. */
        TransferRequest: {
            /**
             * @description Why, for the receiver (at most 3,000 characters); written into the
             *     thread as an internal note.
             */
            note?: string | null;
            /**
             * Format: int64
             * @description The team whose line it joins (unassigned, waiting for the team's
             *     next free agent). Give this or `user_id`.
             */
            team_id?: number | null;
            /**
             * Format: int64
             * @description The agent it is assigned to. Give this or `team_id`.
             */
            user_id?: number | null;
        };
        /**
         * @description Direction of the mood.
         * @enum {string}
         */
        Trend: "improving" | "steady" | "worsening";
        /** @description Something the bot did for the buyer, for the agent's summary. */
        Tried: {
            /** @enum {string} */
            kind: "asked_order_no";
        } | {
            /** @enum {string} */
            kind: "offered_recent_orders";
        } | {
            /** @enum {string} */
            kind: "looked_up_order";
            /** @description The order (or trade number). */
            order_no: string;
        } | {
            /** @enum {string} */
            kind: "order_not_found";
            /** @description What was looked up. */
            order_no: string;
        } | {
            /** @enum {string} */
            kind: "verified";
            /** @description The order. */
            order_no: string;
        } | {
            /** @description The diagnosis code. */
            diagnosis: string;
            /** @enum {string} */
            kind: "explained_diagnosis";
            /** @description The order. */
            order_no: string;
        } | {
            /** @enum {string} */
            kind: "asked_proof";
            /** @description The order. */
            order_no: string;
        } | {
            /** @enum {string} */
            kind: "verification_failed";
            /** @description No more tries allowed. */
            locked: boolean;
            /** @description The order (or trade number) the buyer gave. */
            order_no: string;
        } | {
            /** @description How many keys. */
            keys: number;
            /** @enum {string} */
            kind: "redelivered";
            /** @description The order. */
            order_no: string;
        } | {
            /** @enum {string} */
            kind: "asked_receipt";
        } | {
            /** @enum {string} */
            kind: "recorded_refund";
            /** @description The order. */
            order_no: string;
        } | {
            /** @description The guide template (`guide.steam`). */
            guide: string;
            /** @enum {string} */
            kind: "sent_guide";
        } | {
            /** @enum {string} */
            kind: "searched_knowledge";
            /** @description The query (shortened). */
            query: string;
        } | {
            /** @enum {string} */
            kind: "knowledge_answer";
            /** @description The article. */
            title: string;
        } | {
            /** @enum {string} */
            kind: "sent_tips";
            /** @description The template. */
            template: string;
        };
        /** @description What happened in one simulated turn. */
        TurnReport: {
            /** @description All actions, the executor's answers already fed back. */
            actions: components["schemas"]["Action"][];
            /**
             * Format: float
             * @description Its confidence.
             */
            confidence?: number | null;
            /**
             * @description What the bot treated the input as (`card_not_received`, `yes`,
             *     `restart`, `human_agent` for the human button …).
             */
            handled_as?: string | null;
            handoff?: null | components["schemas"]["HandoffReport"];
            /** @description The input as given (card keys masked for typed messages). */
            input: string;
            /** @description The NLU's intent for a typed message. */
            intent?: string | null;
            /** @description Texts of the bot's replies, in order. */
            replies: string[];
        };
        UseBody: {
            /**
             * Format: int64
             * @description The conversation it is inserted into: its variables are filled from
             *     it (the buyer's name, the order they talk about and its product).
             */
            conversation_id?: number | null;
        };
        /** @description A person who signs in to the console. */
        User: {
            created_at: components["schemas"]["i64"];
            /** @description The user may not sign in (an admin disabled them); they have no sessions. */
            disabled: boolean;
            display_name: string;
            /** Format: int64 */
            id: number;
            role: components["schemas"]["Role"];
            username: string;
        };
        UserList: {
            items: components["schemas"]["User"][];
            /** @description Ids of users with an open console. */
            online: number[];
        };
        /** @description One variant's results. */
        VariantResult: {
            bot_resolution: components["schemas"]["Proportion"];
            /** Format: int64 */
            conversations: number;
            /** @description 4–5 stars among the ratings. */
            csat: components["schemas"]["Proportion"];
            handoff: components["schemas"]["Proportion"];
            /** Format: double */
            p_value?: number | null;
            /** @description p < 0.05. */
            significant: boolean;
            variant: string;
            /**
             * Format: double
             * @description Bot resolution against the control (the first variant): the z
             *     statistic and two-sided p-value; `None` for the control.
             */
            z?: number | null;
        };
        /** @description What a verified buyer sees. */
        VerifiedOrder: {
            delivery_status: components["schemas"]["DeliveryStatus"];
            /** @description The card keys, in plain text: shown once, never stored by kadesk. */
            keys: components["schemas"]["PlainKey"][];
            /** @description The diagnosis in the buyer's language. */
            message: string;
            order_no: string;
            payment_status: components["schemas"]["PaymentStatus"];
            product_name: string;
        };
        VerifyRequest: {
            order_no: string;
            /** @description The e-mail, phone or QQ given at purchase, or the order's lookup password. */
            proof: string;
        };
        /**
         * @description How a breakdown view splits the period's conversations.
         * @enum {string}
         */
        View: "channels" | "agents" | "teams" | "tags" | "intents" | "products" | "pictures";
        /**
         * @description When a VIP contact goes to a person.
         * @enum {string}
         */
        VipHandoff: "never" | "problems" | "always";
        /** @description A webhook delivery: one order or several. */
        WebhookEvent: {
            /** @description What happened, e.g. `order.paid`, `order.delivered`, `order.refunded`; informative. */
            event?: string | null;
            order?: null | components["schemas"]["OrderInput"];
            orders?: components["schemas"]["OrderInput"][] | null;
        };
        /**
         * @description Working periods per weekday, each `HH:MM-HH:MM` (`21:00-02:00` runs
         *     past midnight); an empty list: not working that day.
         */
        WeekSpec: {
            fri?: string[];
            /**
             * @example [
             *       "09:00-12:00",
             *       "13:30-22:00"
             *     ]
             */
            mon?: string[];
            sat?: string[];
            sun?: string[];
            thu?: string[];
            tue?: string[];
            wed?: string[];
        };
        /**
         * @description The widget's language when the shop fixes one.
         * @enum {string}
         */
        WidgetLang: "zh-CN" | "en";
        /**
         * @description Which side of the page the widget's button sits on.
         * @enum {string}
         */
        WidgetPosition: "right" | "left";
        /** @description The buyer widget's look and place, as the console's widget page sets it. */
        WidgetSettings: {
            /** @description The widget's colour, `#rrggbb`; `null`: kadesk blue. */
            color?: string | null;
            lang?: null | components["schemas"]["WidgetLang"];
            /**
             * Format: int32
             * @description The button's distance from the bottom edge in px (0–400); `null`:
             *     the default (higher on phones, clear of a shop's buy bar).
             */
            offset_bottom?: number | null;
            /**
             * Format: int32
             * @description The button's distance from the side edge in px (0–400).
             */
            offset_side?: number | null;
            /** @description The button's side. */
            position?: components["schemas"]["WidgetPosition"];
            /**
             * @description The shop's privacy policy (an `http://` or `https://` URL, at most
             *     500 characters), linked at the bottom of the chat window.
             */
            privacy_url?: string | null;
            /**
             * @description The chat window's title (1–40 characters); `null`: "在线客服" /
             *     "Customer service".
             */
            title?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    audit_list: {
        parameters: {
            query?: {
                /** @description What: an action name (`card_key_revealed` …). */
                action?: string;
                /** @description Who: a user id. */
                actor_id?: number;
                /** @description The next page: entries older than this id. */
                before?: number;
                /** @description Page size, 1 to 200 (default 50). */
                limit?: number;
                /** @description From (Unix ms, inclusive). */
                since?: components["schemas"]["i64"];
                /** @description Until (Unix ms, exclusive). */
                until?: components["schemas"]["i64"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditList"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description wrong user name or password */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: sign-in takes JSON only */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description user name longer than 64 characters */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description too many failed sign-ins; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description busy checking other sign-ins; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    bot_settings_show: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BotSettings"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    bot_settings_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BotConfig"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BotSettings"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    bot_settings_restore: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BotSettings"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    bot_simulate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulateResponse"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    canned_list: {
        parameters: {
            query?: {
                language?: "zh" | "en";
                /** @description Text in the shortcut, title or body (at most 100 characters). */
                q?: string;
                /** @description `all` (default), `shared` or `personal`. */
                scope?: "all" | "shared" | "personal";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReplyList"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    canned_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CannedBody"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReplyView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    canned_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description canned reply id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CannedBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReplyView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    canned_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description canned reply id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    canned_use_reply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description canned reply id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UseBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FilledReply"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_search: {
        parameters: {
            query?: {
                error_code?: string;
                /** @description 1–200, default 50. */
                limit?: number;
                product?: string;
                /** @description Words in the buyer's text, the pictures' text or the summary. */
                q?: string;
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseView"][];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    channels_webhook_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the channel: telegram, whatsapp, wechat */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the platform's expected answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the platform's signature or secret is wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the verification token is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no such channel is configured */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the channel takes no GET */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    channels_webhook_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the channel: telegram, whatsapp, wechat */
                name: string;
            };
            cookie?: never;
        };
        /** @description the platform's payload (JSON or XML) */
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description taken */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the platform's signature or secret is wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no such channel is configured */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not stored now; the platform retries */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_list: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description Part of a name, e-mail or phone number. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactList"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_show: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the contact's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactDetail"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the contact's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactUpdate"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_erase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description contact id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasedView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_export: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description contact id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactExport"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_list: {
        parameters: {
            query?: {
                /** @description `me`, `unassigned`, or a user id. */
                assignee?: string;
                contact_id?: number;
                cursor?: string;
                /** @description Page size, 1 to 200 (default 50). */
                limit?: number;
                /** @description `activity` (default: most recent first) or `priority` (most urgent first). */
                order?: string;
                /** @description Comma-separated statuses: bot, queued, assigned, resolved, closed. */
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationList"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_show: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    attachments_analyses: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalysisList"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_assign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    attachments_attach: {
        parameters: {
            query?: {
                /** @description What the picture shows, as the buyer chose: `order`, `payment`, `error` or `product`. */
                category?: components["schemas"]["ScreenshotCategory"];
                /** @description The client's id for the message, for idempotent retries. */
                client_id?: string;
                /** @description A caption sent with the picture. */
                text?: string;
            };
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "image/png": number[];
            };
        };
        responses: {
            /** @description an agent's answer; a buyer gets a BuyerAttachResponse */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttachResponse"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description busy: the screenshot reader's queue or the picture decoding is full; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_claim: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    channels_deliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryList"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_handback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_messages: {
        parameters: {
            query?: {
                /** @description Messages with a larger seq, oldest first. */
                after?: number;
                /** @description The page of messages just before this seq, oldest first. */
                before?: number;
                /** @description Page size, 1 to 200 (default 100). */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageList"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_reply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendInput"];
            };
        };
        responses: {
            /** @description this client_id was sent before: the stored message, nothing sent again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    assist_model_summary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelSummaryView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notes_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description conversation id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NoteList"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notes_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description conversation id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewNote"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Note"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_reopen: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_resolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_similar: {
        parameters: {
            query?: {
                /** @description How many (1–20, default 5). */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimilarCaseView"][];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    assist_suggest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuggestionView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_show_tags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationTagsView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_put_tags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TagsConfirmation"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string[];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description validation: a name is not in the taxonomy, or too many */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    channels_send_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description queued for the platform */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the channel has no template configured */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notes_transfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description conversation id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transferred"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    files_download: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the file id (SHA-256 of the bytes, hex) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    annotations_show: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the rendered picture's file id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotationView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    annotations_save: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the rendered picture's file id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnnotationInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotationView"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description validation: layers are not an object, or too large */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    files_thumbnail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the file id (SHA-256 of the bytes, hex) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_floor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Floor"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    knowledge_list: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description Only articles whose title or body contains this text. */
                q?: string;
                /** @description Only articles with this tag. */
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArticleList"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    knowledge_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArticleDraft"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    knowledge_show: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the article's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    knowledge_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the article's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArticleDraft"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    knowledge_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the article's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    knowledge_search: {
        parameters: {
            query: {
                /** @description `zh`, `en` (also `zh-CN`, `en-US` …) or `any`; absent: every language. */
                lang?: string;
                /** @description 1–50, default 10. */
                limit?: number;
                /** @description The question, as a buyer would write it. */
                q: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResult"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    assist_usage: {
        parameters: {
            query?: {
                /** @description Days back from today (1–90, default 30). */
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmUsageView"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_my_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentProfile"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_set_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StatusBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentProfile"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    nlu_examples: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExamplesFile"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    nlu_add_examples: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewExamples"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainSummary"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    nlu_parse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParseRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Parse"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    nlu_retrain: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainSummary"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    orders_list: {
        parameters: {
            query?: {
                /** @description An e-mail, phone or QQ number the buyer used. */
                contact?: string;
                /** @description Everything a conversation knows: its contact and the numbers in its messages. */
                conversation_id?: number;
                /** @description One order number. */
                order_no?: string;
                /** @description A payment provider's transaction number. */
                trade_no?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderList"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    orders_redeliver: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the order number */
                order_no: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedeliverRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedeliverResponse"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    orders_reveal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the order number */
                order_no: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevealRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevealResponse"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_tags: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string[];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_add_tag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewTag"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_remove_tag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tag */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_queue: {
        parameters: {
            query?: {
                /** @description Only this team's line. */
                team?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueList"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_agents: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Breakdown"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_channels: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Breakdown"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_conversations: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /** @description Page size, 1 to 200 (default 50). */
                limit?: number;
                /** @description The number clicked. */
                metric: components["schemas"]["Metric"];
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrillDown"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_experiments: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiments"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_promote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template id, e.g. greeting */
                template: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromoteRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_export_csv: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /**
                 * @description For `conversations` and `messages`: the number whose conversations
                 *     to export (default: all conversations of the period).
                 */
                metric?: components["schemas"]["Metric"];
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                table: components["schemas"]["ExportTable"];
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_hours: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HeatMap"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_overview: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Overview"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reports_view: {
        parameters: {
            query: {
                /**
                 * @description Only conversations assigned to this agent (user id; `0`: the
                 *     unassigned ones, the `none` row of the per-agent view).
                 */
                agent?: number;
                /** @description Only this channel. */
                channel?: components["schemas"]["Channel"];
                /** @description Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`). */
                from: string;
                /** @description Only conversations whose case carries this intent. */
                intent?: string;
                /** @description Only conversations whose case names this product. */
                product?: string;
                /** @description Only conversations with (`true`) or without (`false`) a screenshot. */
                screenshot?: boolean;
                /** @description Only conversations whose case carries this problem tag. */
                tag?: string;
                /**
                 * @description Only conversations routed to this team (team id; `0`: those never
                 *     routed to a team, the `none` row of the per-team view).
                 */
                team?: number;
                /** @description End of the period (excluded), RFC 3339; at most 366 days after `from`. */
                to: string;
            };
            header?: never;
            path: {
                /** @description How to split the conversations */
                view: components["schemas"]["View"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Breakdown"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_rules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleList"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_create_rule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleBody"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_update_rule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description rule id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_delete_rule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description rule id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    search_search: {
        parameters: {
            query: {
                /** @description Most conversations, 1 to 50 (default 20). */
                limit?: number;
                /**
                 * @description What to look for: part of a name, e-mail, phone or message (3
                 *     characters or more; shorter looks at names only), or `#42`.
                 */
                q: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationSearch"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_show_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseSettings"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cases_put_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaseSettings"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseSettings"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    settings_show_general: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralSettingsView"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    settings_update_general: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GeneralSettings"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralSettingsView"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description validation: a field is wrong; the message starts with its name */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    settings_restore_general: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralSettingsView"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    settings_show_widget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetSettings"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    settings_update_widget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WidgetSettings"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetSettings"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description validation: a field is wrong; the message starts with its name */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    shop_import: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CsvImport"];
                "text/csv": string;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    shop_push_orders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrderBatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestReport"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    shop_products: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductList"];
                };
            };
        };
    };
    shop_webhook: {
        parameters: {
            query?: never;
            header: {
                /** @description t=<unix seconds>,v1=<hex HMAC-SHA256> */
                "X-Kadesk-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestReport"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description signature_missing, signature_malformed, signature_invalid, signature_expired or signature_replayed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    sla_board: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaBoard"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_teams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamList"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_create_team: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamBody"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_update_team: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description team id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamView"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_delete_team: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description team id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    files_agent_upload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "image/png": number[];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attachment"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden: a cookie-signed change from another site, or the role does not allow it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description validation: the file is empty or not a picture that decodes */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description busy: too many pictures decoding; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewUser"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    team_update_agent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentPatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentProfile"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_disable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_enable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_set_password: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewPassword"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndedSessions"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_set_role: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewRole"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unsupported_media_type: a cookie-signed change must send JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_end_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndedSessions"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_end_session: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
                /** @description the session's public id */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    attachments_buyer_attach: {
        parameters: {
            query?: {
                /** @description What the picture shows, as the buyer chose: `order`, `payment`, `error` or `product`. */
                category?: components["schemas"]["ScreenshotCategory"];
                /** @description The client's id for the message, for idempotent retries. */
                client_id?: string;
                /** @description A caption sent with the picture. */
                text?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "image/png": number[];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuyerAttachResponse"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description busy: the screenshot reader's queue or the picture decoding is full; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    settings_widget_config: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetSettings"];
                };
            };
        };
    };
    waiting_leave_details: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactDetails"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rating_rate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the conversation's id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RatingRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuyerConversation"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    shop_widget_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifiedOrder"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description validation: the order number or the proof is missing or too long */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    widget_session: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"];
                };
            };
            /** @description an error: see `error.code` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description payload_too_large: the body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate_limited: too many new sessions from this address; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    files_buyer_upload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "image/png": number[];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attachment"];
                };
            };
            /** @description bad_request: a parameter or the body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unauthorized: no valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description an error: see `error.code` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description validation: the file is empty or not a picture that decodes */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description busy: too many pictures decoding; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
