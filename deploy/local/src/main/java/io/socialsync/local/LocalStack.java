package io.socialsync.local;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar deploy/local/target/socialsync-local.jar}: the whole SocialSync stack on one machine with only
 * a JDK, answering WhatsApp messages sent through the sandbox. Ctrl-C stops everything it started.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("Usage: ./run-local.sh   (see deploy/local/README.md for the environment it honours)");
            return;
        }
        PrintStream console = System.out;
        RunningStack stack = new RunningStack(StackLayout.locate(), RunningStack.Ports.standard(), console);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.println("Stopping the local stack...");
            stack.close();
        }, "local-stack-stop"));
        try {
            stack.start();
            boolean seeded = KnowledgeSeed.seedSample(stack.postgres());
            printWelcome(console, stack, seeded);
        } catch (Exception e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        new CountDownLatch(1).await();
    }

    private static void printWelcome(PrintStream out, RunningStack stack, boolean seeded) {
        LocalSettings settings = stack.settings();
        String sandbox = stack.sandbox().baseUrl();
        out.println();
        out.println("SocialSync is running locally.");
        for (ServiceProcess service : stack.services()) {
            out.printf("  %-18s %s   (health %s/q/health, log %s)%n", service.name(), service.baseUrl(),
                    service.baseUrl(), service.log());
        }
        out.printf("  %-18s %s/graph   (what it received: GET %s/sandbox/messages)%n", "Graph API sandbox", sandbox,
                sandbox);
        out.printf("  %-18s %s   Redis %s%n", "PostgreSQL", stack.postgres().reactiveUrl(), stack.redis().hosts());
        out.printf("  WhatsApp business number (phone_number_id) %s, batching window %s, replies go to %s%n",
                settings.accountId(), settings.batchWindow(), settings.apiBaseUrl());
        out.println("  Knowledge: \"" + KnowledgeSeed.SAMPLE_TITLE + "\" for tenant 'default'"
                + (seeded ? " (added now)" : " (already there)"));
        out.println();
        out.println("Send a message as a customer (the sandbox builds and signs the webhook):");
        out.println("  curl -s -X POST '" + sandbox + "/sandbox/customer?from=491701234567' "
                + "-H 'Content-Type: text/plain' --data 'What are your opening hours?'");
        out.println("  As an Instagram customer (account " + settings.instagram().accountId() + "): add "
                + "'&platform=instagram' and an IGSID as 'from'. What customers received: GET " + sandbox
                + "/sandbox/delivered; Graph API faults: POST " + sandbox
                + "/sandbox/faults (deploy/local/README.md)");
        out.println("  As a Telegram customer (bot " + settings.telegram().accountId() + "): add '&platform=telegram' "
                + "and a chat id as 'from'; the sandbox plays the Bot API at " + sandbox + "/telegram");
        out.println();
        out.println("Or sign a raw webhook yourself:");
        out.println(rawWebhookExample(stack));
        out.println();
        String operator = settings.userSet("SOCIALSYNC_ADMIN_API_KEY")
                ? "\"$SOCIALSYNC_ADMIN_API_KEY\""
                : "'" + settings.operatorKey() + "'";
        String responder = stack.services().get(2).baseUrl();
        out.println("Admin API (OpenAPI at " + responder + "/q/openapi): an API key for the tenant 'default', then its "
                + "knowledge:");
        out.println("  curl -s -X POST " + responder + "/admin/tenants/default/api-keys -H \"X-Api-Key: \"" + operator
                + " -H 'Content-Type: application/json' -d '{\"name\":\"me\"}'");
        out.println("  curl -s " + responder + "/admin/knowledge/documents -H \"X-Api-Key: <the key above>\"");
        out.println();
        out.println("Web console: " + responder + "/console (sign in with the key above, or the operator key for the "
                + "operator views)");
        out.println();
        out.println("Replies appear below as \"reply to <number>: <text>\" after the batching window. Ctrl-C stops "
                + "everything.");
        out.println();
    }

    /** A copy-pasteable shell snippet; a secret from the user's environment is referenced, not printed. */
    private static String rawWebhookExample(RunningStack stack) {
        LocalSettings settings = stack.settings();
        String secret = settings.userSet("WHATSAPP_WEBHOOK_SECRET")
                ? "\"$WHATSAPP_WEBHOOK_SECRET\""
                : "'" + settings.webhookSecret() + "'";
        String ingest = stack.services().get(0).baseUrl();
        return String.join("\n",
                "  WAMID=\"wamid.LOCALCURL$(date +%s%N)\"",
                "  BODY='{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"0\",\"changes\":[{\"field\":"
                        + "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                        + "\"display_phone_number\":\"15550000000\",\"phone_number_id\":\"" + settings.accountId()
                        + "\"},\"contacts\":[{\"profile\":{\"name\":\"Curl Customer\"},\"wa_id\":\"491700000002\"}],"
                        + "\"messages\":[{\"from\":\"491700000002\",\"id\":\"'\"$WAMID\"'\",\"timestamp\":\"'\"$(date +%s)"
                        + "\"'\",\"type\":\"text\",\"text\":{\"body\":\"Can I return my helmet?\"}}]}}]}]}'",
                "  SIG=$(printf '%s' \"$BODY\" | openssl dgst -sha256 -hmac " + secret + " | awk '{print $NF}')",
                "  curl -s -X POST " + ingest + "/webhooks/whatsapp -H 'Content-Type: application/json' "
                        + "-H \"X-Hub-Signature-256: sha256=$SIG\" --data-binary \"$BODY\"");
    }
}
