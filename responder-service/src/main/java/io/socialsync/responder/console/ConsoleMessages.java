package io.socialsync.responder.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The console's words in English ({@code {msg:…}} in the templates); French in {@code messages/msg_fr.properties}.
 * A key missing there fails the build, so both languages stay complete.
 */
@MessageBundle(value = "msg", locale = "en")
public interface ConsoleMessages {

    @Message("SocialSync console")
    String app_name();

    @Message("Skip to content")
    String skip_to_content();

    @Message("Sections")
    String nav_label();

    @Message("Inbox")
    String nav_inbox();

    @Message("Knowledge")
    String nav_knowledge();

    @Message("Accounts")
    String nav_accounts();

    @Message("Usage")
    String nav_usage();

    @Message("Tenants")
    String nav_tenants();

    @Message("Dead letters")
    String nav_dead_letters();

    @Message("Language")
    String language();

    @Message("Operator")
    String signed_in_operator();

    @Message("Sign out")
    String sign_out();

    @Message("Sign in")
    String sign_in_title();

    @Message("Sign in with your business's API key (ssk_…) or the operator key. The key is not stored in your browser.")
    String sign_in_help();

    @Message("This key does not open the console.")
    String sign_in_failed();

    @Message("API key")
    String sign_in_key();

    @Message("Sign in")
    String sign_in_button();

    @Message("Platform")
    String inbox_platform();

    @Message("Any")
    String inbox_any();

    @Message("Account")
    String inbox_account();

    @Message("Search by contact")
    String inbox_search();

    @Message("Filter")
    String inbox_filter();

    @Message("No conversations.")
    String inbox_empty();

    @Message("Waiting for a person")
    String waiting_for_person();

    @Message("the AI was not sure")
    String reason_low_confidence();

    @Message("no credits left")
    String reason_no_credits();

    @Message("a person answered in the app")
    String reason_human_replied();

    @Message("a person took over")
    String reason_operator();

    @Message("held too long")
    String reason_held_too_old();

    @Message("delivery not confirmed")
    String reason_send_unconfirmed();

    @Message("sending failed")
    String reason_send_failed();

    @Message("the 24-hour window is closed")
    String reason_window_closed();

    @Message("other reason")
    String reason_other();

    @Message("AI on")
    String ai_on();

    @Message("AI off")
    String ai_off();

    @Message("AI paused")
    String ai_paused();

    @Message("AI paused until {until}")
    String ai_paused_until(String until);

    @Message("Turn the AI off")
    String ai_turn_off();

    @Message("Pause the AI for")
    String ai_pause_for();

    @Message("Pause")
    String ai_pause();

    @Message("Hand back to the AI")
    String hand_back();

    @Message("Customer")
    String author_customer();

    @Message("AI")
    String author_ai();

    @Message("Person")
    String author_person();

    @Message("Reply")
    String author_reply();

    @Message("Account")
    String conversation_account();

    @Message("Customer id")
    String conversation_customer_id();

    @Message("Conversation")
    String conversation_thread();

    @Message("No messages yet.")
    String conversation_empty();

    @Message("Reply as a person")
    String reply_title();

    @Message("Your reply")
    String reply_label();

    @Message("Sent through the platform like the AI's replies. When the 24-hour window has closed it goes out as the account's approved template (WhatsApp) or tagged as a person's reply (Instagram), else it is refused.")
    String reply_help();

    @Message("Send")
    String reply_send();

    @Message("Sent.")
    String reply_sent();

    @Message("The platform refused this reply (for example: the 24-hour window is closed and no template is set). It was not sent.")
    String reply_refused();

    @Message("The platform did not take the reply now. Try again.")
    String reply_not_sent();

    @Message("Delivery is not confirmed yet. Send again: nothing will go out twice.")
    String reply_unconfirmed();

    @Message("Write a reply first.")
    String reply_empty();

    @Message("received")
    String status_received();

    @Message("being answered")
    String status_replying();

    @Message("held")
    String status_held();

    @Message("failed")
    String status_failed();

    @Message("ignored")
    String status_ignored();

    @Message("waiting for a person")
    String status_awaiting_human();

    @Message("answered")
    String status_answered();

    @Message("queued")
    String status_queued();

    @Message("sending")
    String status_sending();

    @Message("sent")
    String status_sent();

    @Message("delivered")
    String status_delivered();

    @Message("read")
    String status_read();

    @Message("other")
    String status_other();

    @Message("Photo from the customer")
    String media_image();

    @Message("Open the file")
    String media_open();

    @Message("Transcript")
    String media_transcript();

    @Message("Try it")
    String try_title();

    @Message("A customer's question")
    String try_question();

    @Message("Ask")
    String try_ask();

    @Message("The AI would answer")
    String try_answer();

    @Message("The AI would hand this conversation to a person.")
    String try_needs_human();

    @Message("Passages used")
    String try_passages();

    @Message("No passage of the knowledge base matches.")
    String try_no_passage();

    @Message("Write a question first.")
    String try_empty();

    @Message("Add a question and its answer")
    String knowledge_add_faq();

    @Message("Question")
    String knowledge_question();

    @Message("Answer")
    String knowledge_answer();

    @Message("Add")
    String knowledge_add();

    @Message("Add a document")
    String knowledge_add_document();

    @Message("Title")
    String knowledge_title();

    @Message("Kind")
    String knowledge_kind();

    @Message("Plain text")
    String knowledge_kind_text();

    @Message("Content")
    String knowledge_content();

    @Message("Or upload a Markdown (.md) or text (.txt) file")
    String knowledge_upload();

    @Message("Upload")
    String knowledge_upload_button();

    @Message("Documents")
    String knowledge_documents();

    @Message("Added.")
    String knowledge_notice_added();

    @Message("Deleted.")
    String knowledge_notice_deleted();

    @Message("That document no longer exists.")
    String knowledge_notice_not_found();

    @Message("Write a question (up to 500 characters) and an answer (up to 2,000).")
    String knowledge_notice_invalid_faq();

    @Message("Give a title (up to 200 characters) and some content (up to 200,000).")
    String knowledge_notice_invalid_document();

    @Message("Upload a UTF-8 Markdown (.md) or text (.txt) file of up to 200,000 characters.")
    String knowledge_notice_invalid_file();

    @Message("The knowledge base is empty.")
    String knowledge_empty();

    @Message("Passages")
    String knowledge_passages();

    @Message("Actions")
    String knowledge_actions();

    @Message("Delete")
    String knowledge_delete();

    @Message("Delete this document and its passages?")
    String knowledge_delete_confirm();

    @Message("{total} document(s)")
    String knowledge_total(long total);

    @Message("Connected accounts")
    String accounts_connected();

    @Message("Connect an account")
    String accounts_connect();

    @Message("Account id (WhatsApp phone_number_id, Instagram account id, Telegram bot id)")
    String accounts_account_id();

    @Message("Access token (bot token for Telegram)")
    String accounts_token();

    @Message("WhatsApp Business Account id (optional)")
    String accounts_waba();

    @Message("Connect")
    String accounts_connect_button();

    @Message("No account is connected.")
    String accounts_none();

    @Message("Name")
    String accounts_name();

    @Message("State")
    String accounts_state();

    @Message("Check")
    String accounts_check();

    @Message("The platform accepts the token.")
    String account_valid();

    @Message("The platform refused the token: the account needs a reconnect")
    String account_refused();

    @Message("The platform could not be asked now")
    String account_not_checked();

    @Message("Connected.")
    String account_connected();

    @Message("Not connected")
    String account_not_connected();

    @Message("Choose a platform and give the account id and its token.")
    String account_invalid();

    @Message("Balance")
    String usage_balance();

    @Message("credits")
    String usage_credits();

    @Message("Plan")
    String usage_plan();

    @Message("low balance")
    String usage_low();

    @Message("Period")
    String usage_period();

    @Message("granted")
    String usage_granted();

    @Message("consumed")
    String usage_consumed();

    @Message("Consumption by day")
    String usage_by_day();

    @Message("Consumption by platform")
    String usage_by_platform();

    @Message("Day")
    String usage_day();

    @Message("Nothing yet.")
    String usage_nothing();

    @Message("Ledger")
    String usage_ledger();

    @Message("When")
    String usage_when();

    @Message("Change")
    String usage_change();

    @Message("Balance after")
    String usage_after();

    @Message("Reason")
    String usage_reason();

    @Message("Plans")
    String operator_plans();

    @Message("Monthly credits")
    String operator_monthly_credits();

    @Message("Credits per reply")
    String operator_credits_per_reply();

    @Message("Messages per minute")
    String operator_per_minute();

    @Message("Tenant")
    String operator_tenant();

    @Message("Credits to add")
    String operator_top_up();

    @Message("Top up")
    String operator_top_up_button();

    @Message("Plan")
    String operator_change_plan();

    @Message("When")
    String operator_effective();

    @Message("now")
    String operator_now();

    @Message("next period")
    String operator_next_period();

    @Message("Change plan")
    String operator_change_plan_button();

    @Message("Batches that failed every attempt. Replaying puts their messages back to be answered.")
    String operator_dead_letters_help();

    @Message("No dead letters.")
    String operator_no_dead_letters();

    @Message("Conversation")
    String operator_conversation();

    @Message("Attempts")
    String operator_attempts();

    @Message("Replay")
    String operator_replay();

    @Message("Credits added.")
    String operator_notice_top_up_done();

    @Message("Give a number of credits between 1 and 10,000,000.")
    String operator_notice_top_up_invalid();

    @Message("No such tenant.")
    String operator_notice_no_tenant();

    @Message("No such plan.")
    String operator_notice_unknown_plan();

    @Message("Plan changed.")
    String operator_notice_plan_changed();

    @Message("Plan changes at the next period.")
    String operator_notice_plan_scheduled();

    @Message("Replayed.")
    String operator_notice_replayed();

    @Message("That dead letter is gone.")
    String operator_notice_no_dead_letter();

    @Message("The 24-hour window is closed: a reply goes out as the account's approved template (WhatsApp) or tagged as a person's reply (Instagram, up to 7 days), else the platform refuses it.")
    String window_closed();
}
