package io.socialsync.model;

/** Every Redis key and group name the services share (DESIGN §3). Names stay compatible with the seed system. */
public final class RedisKeys {

    /** Stream of stored inbound messages; ingest writes, the batcher's consumer group reads. */
    public static final String INBOUND_STREAM = "socialsync:inbound";
    /** The batcher's consumer group on {@link #INBOUND_STREAM}. */
    public static final String BATCHER_GROUP = "batcher";
    /** Sorted set: member = conversation key, score = epoch ms when its batch is due. Batcher adds, responder claims. */
    public static final String DEADLINES = "conv:deadlines";
    /** Sorted set: member = claimed batch key, score = epoch ms when the claim's lease expires. */
    public static final String INFLIGHT = "conv:inflight";
    /** Stream of batches that failed too often, for an operator to see and replay. */
    public static final String DEAD_LETTER = "socialsync:dead";
    /** Held (with an expiry) by the one responder replica that runs the reconciler this round. */
    public static final String RECONCILER_LOCK = "socialsync:reconciler:lock";

    private static final String CONVERSATION_PREFIX = "conv:";
    private static final String BATCH_INFIX = ":batch:";

    private RedisKeys() {
    }

    /** List of the message JSON waiting in one conversation's window. */
    public static String conversation(Platform platform, String accountId, String contactId) {
        return CONVERSATION_PREFIX + platform.wire() + ":" + accountId + ":" + contactId;
    }

    /** Epoch ms when the conversation's current window opened: the max-wait cap counts from it. */
    public static String windowOpened(String conversationKey) {
        return conversationKey + ":opened";
    }

    /** Marks a message as already in a window, so a redelivered or re-enqueued message is batched once. */
    public static String windowed(java.util.UUID messageId) {
        return windowed(messageId.toString());
    }

    /** {@link #windowed(java.util.UUID)} for an id in text form. */
    public static String windowed(String messageId) {
        return "conv:msg:" + messageId;
    }

    /** The list a claim moves a conversation's window to; registered in {@link #INFLIGHT} while leased. */
    public static String batch(String conversationKey, java.util.UUID batchId) {
        return conversationKey + BATCH_INFIX + batchId;
    }

    /** The batch key now in flight for a conversation: never two replies in flight for one customer. */
    public static String activeBatch(String conversationKey) {
        return conversationKey + ":active";
    }

    /** Set while a conversation's due window waits behind its active batch; the window is due when that batch ends. */
    public static String deferred(String conversationKey) {
        return conversationKey + ":deferred";
    }

    /** Set when a batch was put back in front of the window because the customer kept typing (fresh reply rule). */
    public static String superseded(String conversationKey) {
        return conversationKey + ":superseded";
    }

    /** Hash beside a batch list: its conversation, attempts, fresh-rule flag and the owner token of its lease. */
    public static String batchMeta(String batchKey) {
        return batchKey + ":meta";
    }

    /** The conversation key of a batch key ({@code …:batch:{id}}), or the key itself for a conversation window. */
    public static String conversationOf(String key) {
        int at = key.indexOf(BATCH_INFIX);
        return at < 0 ? key : key.substring(0, at);
    }

    /** Whether a member of {@link #DEADLINES} is a batch waiting for another attempt, not a conversation window. */
    public static boolean isBatch(String key) {
        return key.contains(BATCH_INFIX);
    }

    /** Cached conversation row, 1 h. */
    public static String conversationCache(String socialAccountId, String customerId) {
        return "conversation:" + socialAccountId + ":" + customerId;
    }

    /** Cached account credentials, 1 h. */
    public static String credentials(Platform platform, String accountId) {
        return "credentials:" + platform.wire() + ":" + accountId;
    }

    /** Cached customer profile, 1 h. */
    public static String profile(Platform platform, String userId) {
        return platform.wire() + "_profile:" + userId;
    }

    /** Held (with an expiry) by the one responder replica that runs the retention job this round. */
    public static final String RETENTION_LOCK = "socialsync:retention:lock";

    /**
     * Sorted set of an account's recent and reserved sends (score = epoch ms), for its messages-per-minute limit.
     * The braces keep all of one account's limit keys in one Redis Cluster slot, as one script touches them together.
     */
    public static String accountSends(Platform platform, String accountId) {
        return "limit:{" + platform.wire() + ":" + accountId + "}:account";
    }

    /** Sorted set of a number's sends in the last second, for its throughput (WhatsApp about 80 msg/s). */
    public static String numberSends(Platform platform, String accountId) {
        return "limit:{" + platform.wire() + ":" + accountId + "}:number";
    }

    /** How much slower a number sends after the platform said it sent too fast (WhatsApp 130429); expires. */
    public static String numberSlowdown(Platform platform, String accountId) {
        return "limit:{" + platform.wire() + ":" + accountId + "}:slow";
    }

    /**
     * Epoch ms before which nothing more may go to one recipient (WhatsApp 131056). The recipient is a hash, so no
     * phone number is in the key name.
     */
    public static String recipientTurn(Platform platform, String accountId, String recipientHash) {
        return "limit:{" + platform.wire() + ":" + accountId + "}:pair:" + recipientHash;
    }
}
