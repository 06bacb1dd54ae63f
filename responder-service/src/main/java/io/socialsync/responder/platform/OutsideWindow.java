package io.socialsync.responder.platform;

import java.util.Optional;

/**
 * How a person's reply goes out after the customer-service window closed: another {@link PartDelivery} (an approved
 * template, a tagged message), or not at all, with why (the person reads it in the 409 answer).
 */
public record OutsideWindow(Optional<PartDelivery> delivery, String refusal) {

    public static OutsideWindow sendAs(PartDelivery delivery) {
        return new OutsideWindow(Optional.of(delivery), null);
    }

    public static OutsideWindow refused(String why) {
        return new OutsideWindow(Optional.empty(), why);
    }
}
