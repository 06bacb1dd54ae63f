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
}
