package io.socialsync.ingest.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class WebhookAdmissionTest {

    private final WebhookAdmission admission = new WebhookAdmission(2);
    private final List<UniEmitter<? super String>> running = new ArrayList<>();
    private final List<Object> outcomes = new ArrayList<>();

    private void deliver() {
        admission.admit(() -> Uni.createFrom().<String>emitter(running::add)).subscribe().with(outcomes::add,
                outcomes::add);
    }

    @Test
    void deliveriesBeyondTheBoundAreRefusedUntilOneEnds() {
        deliver();
        deliver();
        deliver();
        assertEquals(2, running.size(), "the third never ran");
        assertInstanceOf(WebhookAdmission.OverloadedException.class, outcomes.get(0));

        running.get(0).complete("stored");
        deliver();
        assertEquals(3, running.size(), "a delivery that ended made room");

        running.get(1).fail(new IllegalStateException("PostgreSQL down"));
        assertEquals(1, admission.inFlight(), "a failed delivery gives its place back too");
    }

    @Test
    void aDeliveryThatThrowsBeforeItRunsGivesItsPlaceBack() {
        assertThrows(IllegalStateException.class, () -> admission.<String>admit(() -> {
            throw new IllegalStateException("bug");
        }).await().indefinitely());
        assertEquals(0, admission.inFlight());
    }
}
