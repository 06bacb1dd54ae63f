package io.socialsync.responder.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;

/**
 * What the reply path makes of a batch's media: it waits (without a thread) until every media message of the batch
 * is fetched and understood, at most the media budget, then gives the messages with their transcripts and document
 * text, the images for the model, and the notice for what could not be read. A caption is always kept, so it is
 * answered even when its media is not. Media the plan excluded is not this class's business ({@code PlanNotice}).
 */
@ApplicationScoped
public class MediaUnderstanding {

    static final String TRANSCRIPT = "(voice note transcript) ";
    static final String DOCUMENT = "(document text)\n";
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * The batch as the model may see it.
     *
     * @param messages the batch in order, media messages with what was understood in their text
     * @param unreadable media messages nothing could be read of (their caption, if any, is still in the text)
     * @param images image URLs (signed links or data URLs) for the model's image content parts
     * @param notice the media notice, when some media could not be read
     */
    public record Understood(List<UnifiedMessage> messages, Set<UUID> unreadable, List<String> images,
            Optional<String> notice) {

        /** Whether the model has anything to answer in this message. */
        public boolean answerable(UnifiedMessage message) {
            return !unreadable.contains(message.id()) || (message.text() != null && !message.text().isBlank());
        }
    }

    private final MediaFetches fetches;
    private final MediaStore store;
    private final boolean vision;
    private final boolean inline;
    private final Duration budget;
    private final MediaNotices notices;

    public MediaUnderstanding(MediaFetches fetches, MediaStore store, MediaNotices notices, MediaConfig config) {
        this.fetches = fetches;
        this.store = store;
        this.vision = config.images().vision();
        this.inline = config.images().inline();
        this.budget = config.budget();
        this.notices = notices;
    }

    /** @param tenantId whose media notice a batch with unreadable media gets */
    public Uni<Understood> understand(UUID tenantId, List<UnifiedMessage> batch) {
        UUID[] media = batch.stream().filter(MediaUnderstanding::hasMedia).map(UnifiedMessage::id)
                .toArray(UUID[]::new);
        if (media.length == 0) {
            return Uni.createFrom().item(new Understood(batch, Set.of(), List.of(), Optional.empty()));
        }
        long giveUp = System.nanoTime() + budget.toNanos();
        return settled(media, giveUp).flatMap(states -> compose(tenantId, batch, states));
    }

    /** Polls the jobs until all are ready or failed, or the budget is spent. */
    private Uni<Map<UUID, MediaFetches.State>> settled(UUID[] ids, long giveUpNanos) {
        return fetches.states(ids).flatMap(states -> {
            boolean done = states.size() == ids.length && states.stream().allMatch(MediaFetches.State::settled);
            if (done || System.nanoTime() >= giveUpNanos) {
                Map<UUID, MediaFetches.State> byMessage = new HashMap<>();
                states.forEach(state -> byMessage.put(state.messageId(), state));
                return Uni.createFrom().item(byMessage);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                    .flatMap(ignored -> settled(ids, giveUpNanos));
        });
    }

    private Uni<Understood> compose(UUID tenantId, List<UnifiedMessage> batch,
            Map<UUID, MediaFetches.State> states) {
        List<UnifiedMessage> shown = new ArrayList<>(batch.size());
        Set<UUID> unreadable = new HashSet<>();
        List<UUID> imageObjects = new ArrayList<>();
        for (UnifiedMessage message : batch) {
            if (!hasMedia(message)) {
                shown.add(message);
                continue;
            }
            MediaFetches.State state = states.get(message.id());
            Optional<String> understood = state == null || !"ready".equals(state.status())
                    ? Optional.empty()
                    : understood(message, state, imageObjects);
            if (understood.isEmpty()) {
                unreadable.add(message.id());
                shown.add(message);
            } else {
                shown.add(withText(message, understood.get()));
            }
        }
        Uni<Optional<String>> said = unreadable.isEmpty()
                ? Uni.createFrom().item(Optional.empty())
                : notices.of(tenantId).map(notice -> Optional.of(notice.text()));
        return said.flatMap(notice -> images(imageObjects).map(images -> new Understood(List.copyOf(shown),
                Set.copyOf(unreadable), images, notice)));
    }

    /** The message's text for the model, or empty when nothing of its media can be given to it. */
    private Optional<String> understood(UnifiedMessage message, MediaFetches.State state, List<UUID> imageObjects) {
        String caption = message.text() == null ? "" : message.text().strip();
        return switch (message.type()) {
            case AUDIO -> Optional.ofNullable(state.transcript()).filter(text -> !text.isBlank())
                    .map(text -> asText(caption, text, null));
            case DOCUMENT -> Optional.ofNullable(state.extractedText()).filter(text -> !text.isBlank())
                    .map(text -> asText(caption, null, text));
            case IMAGE, STICKER -> {
                if (!vision || state.objectId() == null) {
                    yield Optional.empty();
                }
                imageObjects.add(state.objectId());
                yield Optional.of(caption);
            }
            default -> Optional.empty();
        };
    }

    /**
     * A media message's text for the model and the history: the caption, then the transcript or the document's text,
     * each marked as what it is.
     */
    public static String asText(String caption, String transcript, String documentText) {
        StringBuilder text = new StringBuilder(caption == null ? "" : caption.strip());
        if (transcript != null && !transcript.isBlank()) {
            text.append(text.isEmpty() ? "" : "\n").append(TRANSCRIPT).append(transcript.strip());
        }
        if (documentText != null && !documentText.isBlank()) {
            text.append(text.isEmpty() ? "" : "\n").append(DOCUMENT).append(documentText.strip());
        }
        return text.isEmpty() ? null : text.toString();
    }

    private Uni<List<String>> images(List<UUID> objects) {
        if (objects.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Optional<String>>> urls = objects.stream().map(this::imageUrl).toList();
        return Uni.join().all(urls).andFailFast()
                .map(found -> found.stream().flatMap(Optional::stream).toList());
    }

    /** A data URL for a model endpoint that cannot reach this service, else a signed link. */
    private Uni<Optional<String>> imageUrl(UUID objectId) {
        if (!inline) {
            return store.link(objectId).map(Optional::of);
        }
        // An object erased meanwhile is simply not shown.
        return store.get(objectId).map(found -> found.map(content -> "data:" + content.contentType() + ";base64,"
                + Base64.getEncoder().encodeToString(content.bytes())));
    }

    private static UnifiedMessage withText(UnifiedMessage message, String text) {
        return new UnifiedMessage(message.id(), message.platform(), message.accountId(), message.contactId(),
                message.platformMessageId(), message.type(), text, message.media(), message.replyToId(),
                message.tokenCount(), message.receivedAt(), message.planAllowed());
    }

    static boolean hasMedia(UnifiedMessage message) {
        return message.planAllowed() && message.media() != null && mediaType(message.type());
    }

    private static boolean mediaType(UnifiedMessageType type) {
        return switch (type) {
            case IMAGE, STICKER, AUDIO, VIDEO, DOCUMENT -> true;
            default -> false;
        };
    }
}
